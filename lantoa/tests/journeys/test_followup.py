"""A commune officer follows a registration of interest through to enrolment, and sees it counted upwards."""

import re
import time
from datetime import date

from playwright.sync_api import expect

from .checks import assert_no_native_date_inputs
from .test_citizen import register

NAME = "Trần Văn Bình"
# A number of its own each run, so a run against a stack started by hand meets no earlier registration.
PHONE = f"098{int(time.time()) % 10**7:07d}"
FIGURE = "Số người tham gia BHXH tự nguyện mới"


def cell(page, label: str, column: int) -> str:
    """The text of cell `column` (0 = the first <td>) of the table row whose text contains `label`."""
    row = page.locator("main tr", has_text=label).first
    expect(row).to_be_visible()
    # The first line: under the officers' figure, plan versus actual may show the participant lists' (a <small>).
    return row.locator("td").nth(column).inner_text().strip().splitlines()[0].strip()


def number(text: str) -> int:
    """A whole number as shown in Vietnamese (1.759.995), or as shown today (1759995)."""
    assert re.fullmatch(r"[\d.]+", text), f"not a whole number: {text!r}"
    return int(text.replace(".", ""))


def province_plan(page) -> None:
    page.goto("/admin/lantoa/ke-hoach/")
    page.locator("main a", has_text=re.compile(r"Hà Nội")).first.click()
    page.wait_for_url(re.compile(r"/admin/lantoa/ke-hoach/\d+/$"))


def test_commune_officer_follows_a_registration_to_enrolment(stack, new_context, signed_in, journey):
    # The citizen registers on a phone.
    citizen = new_context("phone")
    journey.watch(citizen)
    page = citizen.new_page()
    page.goto("/dang-ky-tu-van/?tinh=01")
    page.fill("#id_ho_ten", NAME)
    register(journey, page, language="vi", phone=PHONE, prefix="")
    citizen.close()

    officer = new_context("desktop", storage_state=signed_in("hoankiem.quantri"))
    journey.watch(officer)
    page = officer.new_page()
    province = new_context("desktop", storage_state=signed_in("hanoi.quantri"))
    journey.watch(province)
    plan = province.new_page()
    province_plan(plan)
    before_plan = number(cell(plan, FIGURE, 2))  # columns: indicator, target, actual, …
    target = cell(plan, FIGURE, 1)
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*", target), f"target shown as {target!r}"

    page.goto("/admin/lantoa/dang-ky/")
    journey.step(page, "follow-up-queue", viewport="desktop")
    # The queue shows no phone numbers: the officer opens the new registrations until the one that called.
    links = [a.get_attribute("href") for a in page.locator("main tr", has_text="Mới").locator("a").all()]
    for href in links:
        page.goto(href)
        if PHONE in page.locator("main dl").inner_text():
            break
    else:
        raise AssertionError(f"no new registration with {PHONE} in the queue")
    journey.step(page, "registration", viewport="desktop")

    page.select_option("#id_contact-method", index=0)
    page.fill("#id_contact-note", "Đã gọi điện, hẹn tư vấn tại nhà văn hoá tổ dân phố.")
    page.locator("form", has=page.locator("#id_contact-method")).locator("button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Đã gọi điện, hẹn tư vấn")
    journey.step(page, "contact-logged", viewport="desktop")

    page.select_option("#id_move-to_status", "enrolled")
    page.select_option("#id_move-scheme", "bhxh-tu-nguyen")
    assert_no_native_date_inputs(page)
    page.fill("#id_move-enrolled_on", date.today().strftime("%d/%m/%Y"))  # as the officer types it
    page.locator("form", has=page.locator("#id_move-to_status")).locator("button[type=submit]").click()
    expect(page.locator("main dl")).to_contain_text("Đã tham gia")
    journey.step(page, "enrolled", viewport="desktop")

    # The commune's quarterly report is not here: the report of the current quarter can only be opened once
    # the quarter has ended (the list offers closed quarters only), so today's enrolment shows there later.
    province_plan(plan)
    assert number(cell(plan, FIGURE, 2)) == before_plan + 1
    journey.step(plan, "province-plan-versus-actual", viewport="desktop")
    journey.finish()
