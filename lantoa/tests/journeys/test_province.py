"""A province plans from the centre's plan, holds an event, reports the quarter, and the centre approves it."""

import re
import subprocess
from datetime import date, timedelta
from io import BytesIO

from playwright.sync_api import expect

from .checks import choose

ACTIVITY = "Truyền thông bảo hiểm xã hội tự nguyện tại chợ Đồng Xuân"
EVENT = "Hội nghị tư vấn bảo hiểm xã hội tự nguyện cho tiểu thương chợ Đồng Xuân"


def signed_in_page(new_context, signed_in, journey, username):
    context = new_context("desktop", storage_state=signed_in(username))
    journey.watch(context)
    return context.new_page()


def test_province_plans_holds_an_event_and_reports_the_quarter(stack, new_context, signed_in, journey):
    page = signed_in_page(new_context, signed_in, journey, "hanoi.quantri")

    # The province's plan for the year, its targets derived from the centre's.
    page.goto("/admin/lantoa/ke-hoach/")
    page.locator("main a", has_text=re.compile("Hà Nội")).first.click()
    page.wait_for_url(re.compile(r"/admin/lantoa/ke-hoach/\d+/$"))
    plan_url = page.url
    expect(page.locator("main tr", has_text="Số người tham gia BHXH tự nguyện mới").first).to_be_visible()
    journey.step(page, "province-plan", viewport="desktop")

    # An activity of the plan…
    page.locator("main a[href$='/hoat-dong/them/']").first.click()
    start = date.today() + timedelta(days=7)
    page.select_option("#id_kind", index=1)
    page.fill("#id_title", ACTIVITY)
    page.fill("#id_starts_on", start.isoformat())
    page.fill("#id_ends_on", (start + timedelta(days=1)).isoformat())
    page.fill("#id_budget", "15000000")
    journey.step(page, "activity-form", viewport="desktop")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(plan_url)
    expect(page.locator("main")).to_contain_text(ACTIVITY)

    # …carried out by an event in one of its communes.
    page.goto("/admin/lantoa/su-kien/them/")
    choose(page, "#id_unit", "Hà Nội")
    choose(page, "#id_commune", "Hoàn Kiếm")
    page.select_option("#id_kind", index=1)
    page.fill("#id_title", EVENT)
    page.fill("#id_starts_at", f"{start.isoformat()}T08:00")
    page.fill("#id_place", "Ban quản lý chợ Đồng Xuân")
    page.fill("#id_expected_attendees", "120")
    choose(page, "#id_activity", ACTIVITY)
    journey.step(page, "event-form", viewport="desktop")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/lantoa/su-kien/"))
    page.goto(plan_url)
    expect(page.locator("main")).to_contain_text(EVENT)
    journey.step(page, "plan-with-activity-and-event", viewport="desktop")

    # The quarterly report of the last quarter (approved in the demo): the centre reopens it for a correction,
    # the province fills it, saves it and sends it up again.
    page.goto("/admin/bao-cao/danh-sach/")
    page.select_option("#id_template", index=1)
    choose(page, "#id_unit", "Thành phố Hà Nội")
    page.locator("main form button[type=submit]", has_text="Mở báo cáo").click()
    page.wait_for_url(re.compile(r"/admin/bao-cao/\d+/$"))
    report_url = page.url
    centre = signed_in_page(new_context, signed_in, journey, "trunguong.pheduyet")
    centre.goto(report_url)
    for action in ("reopen", "return"):  # approved in the demo; sent up already when run twice on one stack
        if centre.locator(f"button[value={action}]").count():
            centre.locator("[name=comment]").fill("Bổ sung số liệu hội nghị tại chợ Đồng Xuân.")
            centre.locator(f"button[value={action}]").click()
            centre.wait_for_load_state("load")
            break
    page.reload()
    for field in page.locator("#so-lieu td.n input").all():
        if not field.input_value():
            field.fill("12")
    page.fill("#so-lieu textarea[name=narrative]", "Quý này tập trung truyền thông tại các chợ và khu dân cư.")
    journey.step(page, "report-filled", viewport="desktop")
    page.locator("#so-lieu button[value=save]").click()
    page.locator("#so-lieu button[value=submit]").click()
    page.wait_for_load_state("load")
    page.goto(report_url)
    expect(page.locator("#trang-thai")).to_have_attribute("data-status", "submitted")
    journey.step(page, "report-submitted", viewport="desktop")

    # The centre approves it; the figures roll up at the centre.
    centre.goto(report_url)
    centre.locator("button[value=approve]").click()
    centre.wait_for_load_state("load")
    centre.goto(report_url)
    expect(centre.locator("#trang-thai")).to_have_attribute("data-status", "approved")
    journey.step(centre, "report-approved-at-the-centre", viewport="desktop")
    centre.goto("/admin/bao-cao/")
    journey.step(centre, "rolled-up-at-the-centre", viewport="desktop")

    # The approved report as PDF and the dashboard as XLSX, downloaded and read back.
    centre.goto(report_url)
    with centre.expect_download(timeout=60_000) as pdf_download:
        centre.locator("#so-lieu button[value=export_pdf]").click()
        download_when_ready(centre)
    pdf = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", pdf_download.value.path(), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Hà Nội" in pdf, pdf[:500]
    centre.goto("/admin/bao-cao/")
    with centre.expect_download(timeout=60_000) as xlsx_download:
        centre.locator("main button[name=kind][value=xlsx]").first.click()
        download_when_ready(centre)
    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(open(xlsx_download.value.path(), "rb").read()))  # noqa: SIM115
    cells = [str(c) for sheet in workbook for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert any("Hà Nội" in c for c in cells), cells[:40]
    journey.finish()


def download_when_ready(page) -> None:
    """On the export's status page (it reloads itself every 2 s), follow the download link once the task worker
    has made the file."""
    page.wait_for_url(re.compile(r"/admin/bao-cao/xuat/\d+/$"))
    link = page.locator("main a[href$='/tai-ve/']").first
    expect(link).to_be_visible(timeout=90_000)
    link.click()
