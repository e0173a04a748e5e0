"""Recording the reading in a real headless Chromium (its fake microphone plays a tone) and uploading it."""

import pytest
from django.urls import reverse

from lantoa.bulletins.models import BulletinAudio
from lantoa.units.roles import Role

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("django_db_setup"),
]


def test_an_author_records_the_reading_in_the_browser_hears_it_and_uploads_it(
    live_server, chromium, bulletin, units, make_staff
):
    author = make_staff(units["hanoi_a"], Role.AUTHOR, password="mat-khau-thu-1")
    context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("#id_username", author.username)
        page.fill("#id_password", "mat-khau-thu-1")
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")
        response = page.goto(f"{live_server.url}{reverse('bulletins_admin:detail', args=[bulletin.pk])}")
        assert "microphone=(self)" in response.headers["permissions-policy"]

        page.get_by_role("button", name="Bắt đầu ghi âm").click()
        page.wait_for_timeout(2500)
        page.get_by_role("button", name="Dừng").click()
        status = page.locator("#ghi-am [data-recorder-status]")
        # Locators, not wait_for_function: a string predicate Playwright has to poll is eval'd in the page, which the
        # admin's CSP refuses (a failure whenever the condition is not met at the first look).
        page.locator("#ghi-am audio:not([hidden])").wait_for(state="attached")
        assert status.inner_text().startswith("Đã ghi 0:0")
        assert page.evaluate("document.getElementById('id_recording').files.length") == 1

        page.get_by_role("button", name="Tải bản ghi lên, hoặc tạo giọng đọc máy nếu để trống").click()
        page.wait_for_load_state("load")
        page.locator("#am-thanh[data-status='ready']").wait_for(state="attached")
    finally:
        context.close()

    audio = BulletinAudio.objects.get(page=bulletin)
    assert audio.source == BulletinAudio.Source.RECORDED
    with audio.recording.open("rb") as handle:
        assert handle.read(4) == b"\x1a\x45\xdf\xa3"  # WebM, as Chromium records
    assert audio.status == BulletinAudio.Status.READY and 1.5 < audio.duration < 4
