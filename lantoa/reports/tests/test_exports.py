"""Exports: an XLSX with formula totals that LibreOffice recomputes to the dashboard's figures, and an official PDF."""

import csv
import io
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from lantoa.reports import selectors, services
from lantoa.reports.exports import export_path
from lantoa.reports.models import ReportExport
from lantoa.reports.periods import period_starting

from .conftest import Q2

pytestmark = pytest.mark.django_db
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "reports"


def export_for(client, template, unit_code, kind, capture):
    with capture(execute=True):
        response = client.post(
            reverse("reports_export_request"),
            {"template": template.pk, "year": 2026, "period": 2, "unit": unit_code, "kind": kind},
        )
    assert response.status_code == 302, response.content
    export = ReportExport.objects.latest("created_at")
    return export, response


def test_the_xlsx_lists_the_parts_with_sum_formulas_and_the_status_page_links_to_it(
    client, quarter, template, units, staff, django_capture_on_commit_callbacks
):
    client.force_login(staff["centre_approver"])
    export, response = export_for(client, template, "VSS", "xlsx", django_capture_on_commit_callbacks)
    assert export.status == "done" and export.progress == 100
    page = client.get(response["Location"])
    assert f'href="{reverse("reports_export_download", args=[export.pk])}"' in page.text
    assert client.get(response["Location"], {"format": "json"}).json()["progress"] == 100
    download = client.get(reverse("reports_export_download", args=[export.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="bao-cao-VSS-2026-04.xlsx"')

    workbook = load_workbook(io.BytesIO(b"".join(download.streaming_content)))
    assert workbook.sheetnames == ["Tổng hợp", "Chi tiết cấp xã", "Chỉ tiêu"]
    sheet = workbook["Tổng hợp"]
    codes = [cell.value for cell in sheet[4]]
    units_rows = [row for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]]
    assert [row[1] for row in units_rows] == ["01", "46"]
    total_row = next(row[0].row for row in sheet.iter_rows(min_row=5) if row[2].value == "Tổng cộng")
    leaflets = codes.index("leaflets_distributed") + 1
    letter = sheet.cell(row=4, column=leaflets).column_letter
    assert (
        sheet.cell(row=total_row, column=leaflets).value
        == f'=IF(COUNT({letter}5:{letter}6)=0,"",SUM({letter}5:{letter}6))'
    )
    ratio = sheet.cell(row=total_row, column=codes.index("attendees_per_event") + 1).value
    assert ratio.startswith("=IF(OR(N(") and "*1/" in ratio
    detail = workbook["Chi tiết cấp xã"]
    assert [row[1] for row in detail.iter_rows(min_row=5, values_only=True) if row[1]] == [
        "00070",
        "00073",
        "19753",
        "19774",
    ]


def test_a_formula_looking_name_stays_text_in_the_xlsx(
    client, quarter, template, units, staff, django_capture_on_commit_callbacks
):
    units["hue"].name = '=HYPERLINK("http://example.invalid")'
    units["hue"].save()
    client.force_login(staff["centre_approver"])
    export, _response = export_for(client, template, "VSS", "xlsx", django_capture_on_commit_callbacks)
    sheet = load_workbook(export_path(export))["Tổng hợp"]
    assert sheet.cell(row=6, column=3).value.startswith("'=HYPERLINK")


@pytest.mark.slow
def test_libreoffice_opens_the_xlsx_and_its_totals_match_the_dashboard(
    client, quarter, template, units, staff, tmp_path, django_capture_on_commit_callbacks
):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.fail(
            "LibreOffice is required (Debian package libreoffice-calc-nogui, installed by scripts/bootstrap dev)."
        )
    client.force_login(staff["centre_approver"])
    export, _response = export_for(client, template, "VSS", "xlsx", django_capture_on_commit_callbacks)
    source = tmp_path / "bao-cao.xlsx"
    shutil.copy(export_path(export), source)
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}"
    for target in ("pdf", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,1"):
        done = subprocess.run(  # noqa: S603 (LibreOffice on a file this test wrote)
            [soffice, profile, "--headless", "--convert-to", target, "--outdir", str(tmp_path), str(source)],
            capture_output=True,
            timeout=180,
            check=False,
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "bao-cao.pdf").read_bytes().startswith(b"%PDF")
    # LibreOffice names a one-sheet CSV after the sheet: bao-cao-Tổng hợp.csv.
    rows = list(csv.reader((tmp_path / "bao-cao-Tổng hợp.csv").read_text(encoding="utf-8").splitlines()))
    # The total of the approved reports; a row "computed from today's data" may follow it.
    codes, totals = rows[3], next(row for row in rows if len(row) > 2 and row[2] == "Tổng cộng")

    dashboard = client.get(reverse("reports_dashboard"), {"template": template.pk, "year": 2026, "period": 2})
    period = period_starting(template.periodicity, Q2)
    figures = selectors.aggregate(template, units["centre"], period.start, period.end)
    for column, code in enumerate(codes):
        if not code or code not in figures:
            continue
        expected = figures[code].display
        computed = totals[column].replace(",", "").strip()
        if expected is None:
            assert computed == "", code
            continue
        assert Decimal(computed) == expected, code
        # The dashboard shows the approved reports' total as the figure, or beside the one computed now.
        assert f'data-value="{expected}"' in dashboard.text or f'data-reported="{expected}"' in dashboard.text, code


@pytest.mark.slow
def test_the_pdf_is_an_official_report_and_renders_to_png_pages(
    client, quarter, template, units, staff, django_capture_on_commit_callbacks
):
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm is required (Debian package poppler-utils, installed by scripts/bootstrap dev).")
    client.force_login(staff["hanoi_approver"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    export, _response = export_for(client, template, "01", "pdf", django_capture_on_commit_callbacks)
    assert export.status == "done", export.error
    pdf = export_path(export)
    shutil.copy(pdf, ARTIFACTS / "bao-cao-tong-hop-ha-noi.pdf")
    for old in ARTIFACTS.glob("bao-cao-tong-hop-ha-noi-*.png"):
        old.unlink()
    subprocess.run(  # noqa: S603 (poppler on a file this test wrote)
        [pdftoppm, "-png", "-r", "80", str(pdf), str(ARTIFACTS / "bao-cao-tong-hop-ha-noi")], check=True, timeout=120
    )
    pages = sorted(ARTIFACTS.glob("bao-cao-tong-hop-ha-noi-*.png"))
    assert pages and all(page.stat().st_size > 5_000 for page in pages)
    pdftotext = shutil.which("pdftotext") or "pdftotext"
    text = subprocess.run(  # noqa: S603 (poppler on a file this test wrote)
        [pdftotext, "-layout", str(pdf), "-"], capture_output=True, check=True, text=True
    ).stdout
    for expected in (
        "BẢO HIỂM XÃ HỘI VIỆT NAM",
        "BẢO HIỂM XÃ HỘI THÀNH PHỐ HÀ NỘI",
        "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hà Nội, ngày",
        "Quý II/2026",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "1.250",  # Hà Nội's leaflets: 500 + 750 from its approved communes
    ):
        assert expected in text, expected

    # One report's own PDF, from its page.
    client.force_login(staff["hanoi_a_author"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports_detail", args=[quarter["hanoi_a"].pk]), {"action": "export_pdf"})
    single = ReportExport.objects.latest("created_at")
    assert response.status_code == 302 and single.status == "done" and single.report_id == quarter["hanoi_a"].pk
    shutil.copy(export_path(single), ARTIFACTS / "bao-cao-phuong-hoan-kiem.pdf")
    subprocess.run(  # noqa: S603 (poppler on a file this test wrote)
        [pdftoppm, "-png", "-r", "80", str(export_path(single)), str(ARTIFACTS / "bao-cao-phuong-hoan-kiem")],
        check=True,
        timeout=120,
    )
    assert list(ARTIFACTS.glob("bao-cao-phuong-hoan-kiem-*.png"))


def test_an_export_that_fails_says_so(
    client, quarter, template, units, staff, monkeypatch, django_capture_on_commit_callbacks
):
    from lantoa.reports import exports

    def broken(export, progress=None):
        raise RuntimeError("disk full")

    monkeypatch.setattr(exports, "build", broken)
    client.force_login(staff["centre_approver"])
    export, response = export_for(client, template, "VSS", "pdf", django_capture_on_commit_callbacks)
    assert export.status == "failed"
    assert "Không tạo được tệp" in client.get(response["Location"]).text
    assert client.get(reverse("reports_export_download", args=[export.pk])).status_code == 404
    assert services  # the service module is the one that queued it
