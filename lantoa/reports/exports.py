"""The files people take away: an XLSX of the parts behind a roll-up with formula totals, and an official PDF report."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.units.models import Unit

from .models import Report, ReportExport, ReportTemplate, ReportValue, TemplateIndicator
from .periods import Period, period_starting
from .selectors import Figure, aggregate_by_unit, child_statuses, comparison, parts_level
from .selectors import figures as figures_now

Progress = Callable[[int], None]
NBSP = "\u00a0"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATE_NAMES = {
    "approved": "Đã phê duyệt",
    "submitted": "Đã gửi, chờ duyệt",
    "returned": "Bị trả lại",
    "late": "Quá hạn",
    "missing": "Chưa gửi",
}


def export_dir() -> Path:
    path = Path(settings.LANTOA_REPORTS_EXPORT_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def export_path(export: ReportExport) -> Path:
    return export_dir() / export.file_name


def state_name(state: str) -> str:
    return _(STATE_NAMES[state])


def format_number(value: Decimal | None, places: int = 0) -> str:
    """1234567.5 → "1.234.567,5", as Vietnamese documents write numbers."""
    if value is None:
        return "–"
    text = f"{Decimal(value):,.{places}f}"
    return text.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def _safe(value):
    # A unit or indicator name such as "=HYPERLINK(...)" must stay text in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return f"'{value}"
    return value


def place_name(unit: Unit) -> str:
    """Where the report is signed: the province's name without "Thành phố"/"Tỉnh" ("Hà Nội", "Huế")."""
    province = unit if unit.level == Unit.Level.PROVINCE else unit.parent if unit.level == Unit.Level.COMMUNE else None
    if province is None:
        return "Hà Nội"
    name = province.name
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


# --- XLSX ---------------------------------------------------------------------------------------------------


@dataclass
class Sheet:
    title: str
    heading: str
    rows: list[tuple[Unit, str, dict[str, Figure] | None]]  # unit, state label, its figures (approved only)
    # The unit's figures as every screen shows them: computed now through the indicator definitions where the
    # system computes them (written under the total of the approved reports, which may differ).
    now: dict[str, Figure] | None = None


def _column(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _write_sheet(workbook, sheet: Sheet, indicators: list[TemplateIndicator], progress: Progress | None, share: tuple):
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    ws = workbook.create_sheet(sheet.title[:31])
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    first_value_col = 5
    last_col = first_value_col + len(indicators) - 1
    ws.cell(row=1, column=1, value=sheet.heading).font = Font(bold=True, size=13)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(last_col, 4))
    headers = [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Trạng thái")]
    headers += [
        f"{indicator.name} ({indicator.unit_of_measure}" + (f"; {_('nhập tay')})" if indicator.is_manual else ")")
        for indicator in indicators
    ]
    for col, text in enumerate(headers, start=1):
        cell = ws.cell(row=3, column=col, value=_safe(text))
        cell.font, cell.fill, cell.border = Font(bold=True), header_fill, border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    ws.row_dimensions[3].height = 60
    codes_row = 4
    for col, indicator in enumerate(indicators, start=first_value_col):
        ws.cell(row=codes_row, column=col, value=indicator.code).font = Font(italic=True, color="666666", size=8)
    first = codes_row + 1
    done, total = share
    step = max(len(sheet.rows) // 20, 1)
    for offset, (unit, state, figures) in enumerate(sheet.rows):
        row = first + offset
        ws.cell(row=row, column=1, value=offset + 1)
        ws.cell(row=row, column=2, value=unit.code)
        ws.cell(row=row, column=3, value=_safe(unit.name))
        ws.cell(row=row, column=4, value=state)
        for col, indicator in enumerate(indicators, start=first_value_col):
            figure = figures.get(indicator.code) if figures else None
            if figure is not None and figure.value is not None:
                cell = ws.cell(
                    row=row, column=col, value=float(figure.value) if indicator.decimal_places else int(figure.value)
                )
                cell.number_format = (
                    "#,##0" if indicator.decimal_places == 0 else "#,##0." + "0" * indicator.decimal_places
                )
        if progress and offset % step == 0:
            progress(done + int((total - done) * offset / max(len(sheet.rows), 1)))
    last = first + len(sheet.rows) - 1
    total_row = last + 1
    ws.cell(row=total_row, column=3, value=_("Tổng cộng")).font = Font(bold=True)
    col_of = {indicator.code: _column(col) for col, indicator in enumerate(indicators, start=first_value_col)}
    for col, indicator in enumerate(indicators, start=first_value_col):
        letter = _column(col)
        span = f"{letter}{first}:{letter}{max(last, first)}"
        if indicator.aggregation == TemplateIndicator.Aggregation.AVERAGE:
            formula = f'=IF(COUNT({span})=0,"",AVERAGE({span}))'
        elif indicator.is_derived and indicator.numerator_code in col_of and indicator.denominator_code in col_of:
            num, den = (
                f"{col_of[indicator.numerator_code]}{total_row}",
                f"{col_of[indicator.denominator_code]}{total_row}",
            )
            formula = f'=IF(OR(N({den})=0,{num}=""),"",{num}*{indicator.scale}/{den})'
        else:
            # Empty when no part gave a value (as the dashboard shows it), not a 0 nobody reported.
            formula = f'=IF(COUNT({span})=0,"",SUM({span}))'
        cell = ws.cell(row=total_row, column=col, value=formula)
        cell.font = Font(bold=True)
        cell.number_format = "#,##0" if indicator.decimal_places == 0 else "#,##0." + "0" * indicator.decimal_places
    last_row = total_row
    if sheet.now and any(figure.computed for figure in sheet.now.values()):
        last_row = total_row + 1
        ws.cell(row=last_row, column=3, value=_("Tính theo dữ liệu hiện nay")).font = Font(italic=True)
        for col, indicator in enumerate(indicators, start=first_value_col):
            figure = sheet.now.get(indicator.code)
            if figure is not None and figure.computed and figure.value is not None:
                cell = ws.cell(row=last_row, column=col, value=float(figure.display))
                cell.font = Font(italic=True)
                cell.number_format = (
                    "#,##0" if indicator.decimal_places == 0 else "#,##0." + "0" * indicator.decimal_places
                )
    for row in ws.iter_rows(min_row=first, max_row=last_row, min_col=1, max_col=last_col):
        for cell in row:
            cell.border = border
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 10
    ws.column_dimensions["C"].width = 34
    ws.column_dimensions["D"].width = 18
    for col in range(first_value_col, last_col + 1):
        ws.column_dimensions[_column(col)].width = 16
    ws.freeze_panes = ws.cell(row=first, column=first_value_col)
    return total_row


def _sheet_for(template: ReportTemplate, unit: Unit, period: Period, level: str, title: str, heading: str) -> Sheet:
    figures = aggregate_by_unit(template, unit, period.start, period.end, level=level)
    rows = [
        (row.unit, state_name(row.state), figures.get(row.unit.pk))
        for row in child_statuses(template, unit, period, level=level)
    ]
    return Sheet(title, heading, rows)


def build_xlsx(export: ReportExport, progress: Progress | None = None) -> bytes:
    """The parts behind `unit`'s figures with formula totals; at the centre, a second sheet with every commune."""
    from openpyxl import Workbook

    template, unit = export.template, export.unit
    period = period_starting(template.periodicity, export.period_start)
    indicators = list(template.indicators.all())
    workbook = Workbook()
    workbook.remove(workbook.active)
    level = parts_level(template, unit)
    heading = f"{template.name} · {unit.office_name} · {period.label}"
    sheets = []
    if level is not None:
        sheets.append(_sheet_for(template, unit, period, level, _("Tổng hợp"), heading))
        sheets[0].now = figures_now(template, unit, period.start, period.end)
        lower = parts_level(template, Unit(level=level))
        if lower is not None:
            sheets.append(_sheet_for(template, unit, period, lower, _("Chi tiết cấp xã"), heading))
    else:
        figures = aggregate_by_unit(template, unit, period.start, period.end)
        state = "approved" if unit.pk in figures else "missing"
        sheets.append(Sheet(_("Tổng hợp"), heading, [(unit, state_name(state), figures.get(unit.pk))]))
    for index, sheet in enumerate(sheets):
        share = (100 * index // len(sheets), 100 * (index + 1) // len(sheets) - 5)
        _write_sheet(workbook, sheet, indicators, progress, share)
    info = workbook.create_sheet(_("Chỉ tiêu"))
    info.append([_("Mã"), _("Chỉ tiêu"), _("Đơn vị tính"), _("Cách tổng hợp"), _("Nguồn số liệu")])
    for indicator in indicators:
        info.append(
            [
                indicator.code,
                _safe(indicator.name),
                indicator.unit_of_measure,
                str(indicator.get_aggregation_display()),
                str(indicator.get_source_display()),
            ]
        )
    info.column_dimensions["B"].width = 60
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- PDF ----------------------------------------------------------------------------------------------------


def _row_context(row, places: int) -> dict:
    return {
        "name": f"{row.indicator.name} ({_('nhập tay')})" if row.indicator.is_manual else row.indicator.name,
        "unit_of_measure": row.indicator.unit_of_measure,
        "current": format_number(row.current.display, places),
        "previous": format_number(row.previous.display, places),
        "change_previous": format_number(row.change_previous, 1),
        "year_before": format_number(row.year_before.display, places),
        "change_year_before": format_number(row.change_year_before, 1),
        "year_to_date": format_number(row.year_to_date.display, places),
        "target": format_number(row.target, places),
        "progress": format_number(row.progress, 1),
    }


def pdf_context(export: ReportExport) -> dict:
    template, unit = export.template, export.unit
    period = period_starting(template.periodicity, export.period_start)
    report: Report | None = export.report
    if report is not None:
        values = {
            v.indicator.code: v.value for v in ReportValue.objects.filter(report=report).select_related("indicator")
        }
        rows = [
            {
                "name": indicator.name,
                "unit_of_measure": indicator.unit_of_measure,
                "current": format_number(values.get(indicator.code), indicator.decimal_places),
            }
            for indicator in template.indicators.all()
        ]
        single = True
        narrative = report.narrative
    else:
        rows = [_row_context(row, row.indicator.decimal_places) for row in comparison(template, unit, period)]
        single = False
        narrative = ""
    today = timezone.localdate()
    parent_agency = "BẢO HIỂM XÃ HỘI VIỆT NAM"
    return {
        "parent_agency": parent_agency if unit.level != Unit.Level.CENTRE else "",
        "agency": unit.office_name.upper(),
        "number": f"Số:{NBSP * 8}/BC-BHXH{'' if unit.level == Unit.Level.CENTRE else '-' + unit.code}",
        "place_date": _("%(place)s, ngày %(day)s tháng %(month)s năm %(year)s")
        % {"place": place_name(unit), "day": f"{today.day:02d}", "month": f"{today.month:02d}", "year": today.year},
        "title": template.name,
        "period": period.label,
        "period_range": _("(Từ ngày %(start)s đến ngày %(end)s)")
        % {"start": period.start.strftime("%d/%m/%Y"), "end": period.end.strftime("%d/%m/%Y")},
        "rows": rows,
        "single": single,
        "narrative": narrative,
        "recipient": _("Bảo hiểm xã hội Việt Nam")
        if unit.level == Unit.Level.PROVINCE
        else (unit.parent.office_name if unit.parent_id else ""),
        "status": report.get_status_display() if report is not None else "",
    }


def build_pdf(export: ReportExport, progress: Progress | None = None) -> bytes:
    from weasyprint import HTML

    context = pdf_context(export)
    if progress:
        progress(40)
    html = render_to_string("reports/pdf/report.html", context)
    if progress:
        progress(60)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def build(export: ReportExport, progress: Progress | None = None) -> tuple[bytes, str]:
    """The file's bytes and its extension."""
    if export.kind == ReportExport.Kind.XLSX:
        return build_xlsx(export, progress), "xlsx"
    return build_pdf(export, progress), "pdf"
