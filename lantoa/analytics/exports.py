"""CSV and XLSX files of any dashboard table, with formula-looking cells defused."""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from .store import Figures, Row

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _safe(value):
    # A page title such as "=HYPERLINK(...)" must stay text in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value


def table(rows: list[Row], *, key_header: str) -> tuple[list[str], list[list]]:
    headers = [
        key_header,
        _("Mã"),
        _("Lượt truy cập"),
        _("Khách truy cập"),
        _("Lượt xem trang"),
        _("Tỷ lệ thoát (%)"),
        _("Thời gian trên trang (giây)"),
    ]
    data = []
    for row in rows:
        figures: Figures = row.figures
        bounce = round(figures.bounce_rate * 100, 1) if figures.bounce_rate is not None else ""
        time_on_page = round(figures.time_on_page, 1) if figures.time_on_page is not None else ""
        data.append(
            [row.label or row.key, row.key, figures.visits, figures.visitors, figures.pageviews, bounce, time_on_page]
        )
    return headers, data


def csv_response(*, filename: str, headers: list[str], data: list[list]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # Excel opens UTF-8 with a byte order mark correctly
    writer = csv.writer(buffer)
    writer.writerow(headers)
    writer.writerows([[_safe(value) for value in row] for row in data])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(*, filename: str, title: str, headers: list[str], data: list[list]) -> HttpResponse:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook(write_only=False)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in data:
        sheet.append([_safe(value) for value in row])
    sheet.column_dimensions["A"].width = 50
    out = io.BytesIO()
    workbook.save(out)
    response = HttpResponse(out.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
