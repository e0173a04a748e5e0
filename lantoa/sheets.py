"""Rows of an uploaded spreadsheet (CSV or XLSX), read the same way by every import."""

import contextlib
import csv
import io

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_ROWS = 20_000


def read_rows(*, content: bytes, filename: str, max_rows: int = MAX_ROWS) -> list[list[str]]:
    """The non-empty rows of a CSV (UTF-8, comma, semicolon or tab) or XLSX file, each cell as trimmed text.

    Raises ValidationError with a message in the user's language for a file it cannot read, a file with no
    rows, or more than `max_rows` rows (the header included).
    """
    name = filename.lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
            raw = []
            for row in sheet.iter_rows(values_only=True):
                raw.append(["" if cell is None else str(cell).strip() for cell in row])
                if len(raw) > max_rows + 1:
                    break
        except Exception as exc:
            raise ValidationError(_("Không đọc được tệp XLSX.")) from exc
    elif name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ValidationError(_("Tệp CSV phải dùng bảng mã UTF-8.")) from exc
        dialect: type[csv.Dialect] = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        try:
            raw = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
        except csv.Error as exc:
            raise ValidationError(_("Không đọc được tệp CSV.")) from exc
    else:
        raise ValidationError(_("Chỉ nhận tệp .csv hoặc .xlsx."))
    rows = [row for row in raw if any(row)]
    if not rows:
        raise ValidationError(_("Tệp không có dữ liệu."))
    if len(rows) > max_rows:
        raise ValidationError(
            _("Tệp có quá %(count)s dòng: hãy chia thành nhiều tệp.") % {"count": f"{max_rows:,}".replace(",", ".")}
        )
    return rows
