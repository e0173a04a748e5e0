"""The centre reads the country: analytics against the year before, the reports map, plan versus actual."""

import re

import pytest
from playwright.sync_api import expect

from .checks import assert_no_native_date_inputs


@pytest.mark.parametrize("viewport", ["desktop", "tablet"])
def test_centre_reads_analytics_reports_map_and_plan_versus_actual(viewport, stack, new_context, signed_in, journey):
    context = new_context(viewport, storage_state=signed_in("trunguong.quantri"))
    journey.watch(context)
    page = context.new_page()

    page.goto("/admin/thong-ke/")
    expect(page.get_by_text("Cùng kỳ năm trước").first).to_be_visible()
    journey.step(page, "analytics-year-on-year", viewport=viewport)
    expect(page.locator("main")).to_contain_text(re.compile(r"Cùng kỳ năm trước: [1-9]"), timeout=1_000)
    assert_no_native_date_inputs(page)

    page.goto("/admin/bao-cao/")
    expect(page.locator("h1").first).to_be_visible()
    journey.step(page, "reports-dashboard", viewport=viewport)
    expect(page.locator("main .lt-map, main svg").first).to_be_visible()

    page.goto("/admin/lantoa/ke-hoach/")
    journey.step(page, "plans", viewport=viewport)
    page.locator("main a[href*='/admin/lantoa/ke-hoach/']", has_text=re.compile(r"\d{4}")).first.click()
    page.wait_for_url(re.compile(r"/admin/lantoa/ke-hoach/\d+/$"))
    expect(page.locator("main table").first).to_be_visible()
    journey.step(page, "plan-versus-actual", viewport=viewport)
    journey.finish()
