"""A commune's news from author to reader: written, reviewed, approved, live, posted on Zalo and Facebook, read."""

import os
import re
import time

from playwright.sync_api import expect

TITLE = "Phường Hoàn Kiếm tổ chức ngày hội tư vấn bảo hiểm xã hội tự nguyện"
if os.environ.get("LANTOA_JOURNEYS_ATTACH"):  # a stack attached by hand keeps the news of an earlier run
    TITLE += f" (lần {os.getpid()})"
SUMMARY = "Cán bộ bảo hiểm xã hội tư vấn miễn phí cho người lao động tự do tại nhà văn hoá phường."
UNIT_PAGE_SEARCH = "Phường Hoàn Kiếm"


def editor_page(new_context, signed_in, journey, username: str):
    context = new_context("desktop", storage_state=signed_in(username))
    journey.watch(context)
    return context.new_page()


def footer_action(page, selector: str) -> None:
    """Press the editor's footer action `selector`, opening the action menu first if it is folded in there."""
    button = page.locator(f"footer {selector}").first
    if not button.is_visible():
        page.locator("footer [data-w-dropdown-target='toggle'], footer .dropdown-toggle").first.click()
    button.click()


SUBMIT = 'button[name="action-submit"]'
# Wagtail's workflow actions; the one that opens a comment box ("Duyệt kèm ý kiến") has a modal URL.
APPROVE = 'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'


def test_commune_news_goes_from_author_to_reader_through_zalo_and_facebook(
    stack, new_context, signed_in, journey, channel_accounts
):
    # The author writes the news under the commune's page and submits it for review.
    page = editor_page(new_context, signed_in, journey, "hoankiem.tacgia")
    page.goto(f"/admin/pages/search/?q={UNIT_PAGE_SEARCH}")
    page.locator("main a", has_text="Bảo hiểm xã hội Phường Hoàn Kiếm").first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    unit_page_id = re.search(r"/admin/pages/(\d+)/", page.url).group(1)
    page.goto(f"/admin/pages/add/content/articlepage/{unit_page_id}/")
    page.fill("#id_title", TITLE)
    page.fill("#id_summary", SUMMARY)
    journey.step(page, "author-writes", viewport="desktop")
    footer_action(page, SUBMIT)
    # Wagtail goes back to the commune's pages, the new one listed among them.
    page.wait_for_url(re.compile(rf"/admin/pages/{unit_page_id}/$"))
    journey.step(page, "author-submitted", viewport="desktop")
    href = page.locator("main a[href*='/edit/']", has_text=TITLE).first.get_attribute("href")
    article_id = re.search(r"/admin/pages/(\d+)/edit/", href).group(1)
    page.goto(f"/admin/pages/{article_id}/edit/")
    slug = page.locator("#id_slug").input_value()
    assert re.fullmatch(r"[a-z0-9-]+", slug), f"slug {slug!r}"

    # The editor reviews, the approver approves: the page goes live.
    for username, label in (("hoankiem.bientap", "editor-reviews"), ("hoankiem.pheduyet", "approver-approves")):
        page = editor_page(new_context, signed_in, journey, username)
        page.goto(f"/admin/pages/{article_id}/edit/")
        journey.step(page, label, viewport="desktop")
        footer_action(page, APPROVE)
        page.wait_for_load_state("load")
        journey.step(page, f"{label}-done", viewport="desktop")

    reader = new_context("phone")
    journey.watch(reader)
    public = reader.new_page()
    # The listing reads the portal's index, which the task worker updates after the publish: a reader who
    # does not see the news yet comes back a moment later.
    card = public.locator("main .result__title a", has_text=TITLE)
    deadline = time.monotonic() + 90
    while True:
        public.goto("/tin-tuc/")
        if card.count() or time.monotonic() > deadline:
            break
        public.wait_for_timeout(3_000)
    card.first.click()
    expect(public.locator("h1")).to_have_text(TITLE)
    journey.step(public, "live-for-readers", viewport="phone")

    # The approver posts it on the commune's Zalo and Facebook.
    page.goto(f"/admin/lantoa/kenh/soan/{article_id}/")
    for name in ("Fanpage BHXH Hoàn Kiếm", "Zalo OA BHXH Hoàn Kiếm"):
        page.get_by_label(re.compile(re.escape(name))).check()
    journey.step(page, "compose-posts", viewport="desktop")
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/lantoa/kenh/$"))
    links = [a.get_attribute("href") for a in page.locator("main a[href*='/admin/lantoa/kenh/bai/']").all()]
    for href in links[:2]:
        page.goto(href)
        page.locator("button[name=publish]").click()
        page.wait_for_url(re.compile(r"/admin/lantoa/kenh/$"))
    platforms = stack.platforms
    stack.wait_for(lambda: platforms.facebook_posts and platforms.zalo_articles, what="the posts on both platforms")
    page.reload()
    journey.step(page, "posted", viewport="desktop")

    # A reader follows the Facebook post's link; the visit is counted against the post's campaign.
    link = next(iter(platforms.facebook_posts.values()))[0]["link"]
    assert link.startswith(stack.url + "/"), f"the post links to {link}"
    campaign = re.search(r"utm_campaign=([^&]+)", link).group(1)
    public.goto(link)
    expect(public.locator("h1")).to_have_text(TITLE)
    journey.step(public, "reader-from-facebook", viewport="phone")
    public.close()  # the page's last beacon goes out as it closes

    deadline = time.monotonic() + 60
    while True:
        page.goto("/admin/thong-ke/")
        row = page.locator("main tr", has_text=campaign)
        if row.count() or time.monotonic() > deadline:
            break
        page.wait_for_timeout(2_000)  # the scheduler rolls today's figures up every few seconds
    expect(row.first).to_be_visible()
    journey.step(page, "visit-counted-for-the-post", viewport="desktop")
    journey.finish()
