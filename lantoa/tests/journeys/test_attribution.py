"""A citizen registers from a channel post's link; the province imports the month's participant list; the commune
officer sees the list confirm the person's enrolment and records it; the province reads the verified conversion
on a phone. Against gunicorn, the task worker and the scheduler on PostgreSQL, as production runs."""

import re
import time
import uuid
from datetime import date

from playwright.sync_api import expect

from .test_citizen import register

PHONE = f"097{int(time.time()) % 10**7:07d}"  # a number of its own each run
POST = str(uuid.uuid4())  # the post's key a tagged link carries as utm_content


def list_file() -> bytes:
    """A list as the participant management system exports it: the phone written another way, a refused row."""
    phone = f"+84 {PHONE[1:4]} {PHONE[4:7]} {PHONE[7:]}"
    today = date.today().strftime("%d/%m/%Y")
    rows = [
        "Mã số BHXH,Họ và tên,Ngày sinh,Số điện thoại,Mã xã,Loại hình tham gia,Ngày bắt đầu tham gia",
        f"{int(time.time()) % 10**10:010d},NGUYEN THI HOA,12/03/1984,{phone},00070,BHXH tự nguyện,{today}",
        f"0000000001,Người ở Huế,01/01/1980,,19786,BHXH tự nguyện,{today}",  # Thuận Hóa, Huế
    ]
    return ("\n".join(rows) + "\n").encode("utf-8-sig")


def test_a_participant_list_confirms_an_enrolment_the_post_brought(stack, new_context, signed_in, journey):
    citizen = new_context("phone")
    journey.watch(citizen)
    page = citizen.new_page()
    page.goto(f"/dang-ky-tu-van/?tinh=01&utm_source=facebook&utm_campaign=bhxh-tu-nguyen&utm_content={POST}")
    register(journey, page, language="vi", phone=PHONE, prefix="")
    citizen.close()

    province = new_context("desktop", storage_state=signed_in("hanoi.quantri"))
    journey.watch(province)
    page = province.new_page()
    page.goto("/admin/lantoa/danh-sach-tham-gia/")
    journey.step(page, "participant-lists", viewport="desktop")
    page.set_input_files("#id_file", files=[{"name": "ds-ha-noi.csv", "mimeType": "text/csv", "buffer": list_file()}])
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/lantoa/danh-sach-tham-gia/\d+/$"))
    # The worker imports it; the page refreshes itself until it is done.
    expect(page.locator("#trang-thai")).to_have_attribute("data-status", "done", timeout=60_000)
    expect(page.locator("main")).to_contain_text("1 người khớp với một đăng ký tư vấn")
    expect(page.locator("main")).to_contain_text("Xã, phường không thuộc địa bàn của đơn vị nhập.")
    assert PHONE[1:] not in page.content() and "NGUYEN THI HOA" not in page.content()
    journey.step(page, "participant-list-imported", viewport="desktop")

    officer = new_context("desktop", storage_state=signed_in("hoankiem.quantri"))
    journey.watch(officer)
    page = officer.new_page()
    page.goto("/admin/lantoa/dang-ky/?xac_minh=listed")
    journey.step(page, "queue-listed", viewport="desktop")
    links = [a.get_attribute("href") for a in page.locator("main td a").all()]
    for href in links:
        page.goto(href)
        if PHONE in page.locator("main dl").inner_text():
            break
    else:
        raise AssertionError(f"the queue does not show {PHONE} as listed")
    expect(page.locator("[data-verification]")).to_have_attribute("data-verification", "listed")
    page.get_by_role("button", name="Cập nhật trạng thái theo danh sách: đã tham gia").click()
    expect(page.locator("[data-verification]")).to_have_attribute("data-verification", "confirmed")
    expect(page.locator("main dl")).to_contain_text("Đã tham gia")
    journey.step(page, "registration-confirmed-by-list", viewport="desktop")

    phone = new_context("phone", storage_state=signed_in("hanoi.quantri"))
    journey.watch(phone)
    page = phone.new_page()
    page.goto("/admin/lantoa/hieu-qua/")
    expect(page.locator("h1")).to_contain_text("Chuyển đổi đã xác minh")
    journey.step(page, "verified-conversion-phone", viewport="phone")
    export = page.request.get("/admin/lantoa/hieu-qua/xuat.xlsx")
    assert export.ok and export.body()[:2] == b"PK"
    journey.finish()
