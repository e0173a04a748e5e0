"""A commune's loudspeaker bulletin from author to loudspeaker: built from two published articles in the page editor,
reviewed and approved, voiced by the task worker, in the commune's podcast feed and on the portal, its broadcast
logged on a phone by the signed link, and counted in the commune's plan versus actual."""

import os
import re
from datetime import datetime, timedelta
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from .test_followup import cell, number
from .test_publishing import APPROVE, SUBMIT, editor_page, footer_action

TITLE = "Bản tin bảo hiểm xã hội phát trên loa truyền thanh Phường Hoàn Kiếm"
if os.environ.get("LANTOA_JOURNEYS_ATTACH"):  # a stack attached by hand keeps the bulletins of an earlier run
    TITLE += f" (lần {os.getpid()})"
INTRO = "Thưa toàn thể nhân dân, sau đây là bản tin bảo hiểm xã hội của phường Hoàn Kiếm."
# The second item's script as the author writes it; the first item's is left empty, written from its article.
SCRIPT = "Bà con lao động tự do hãy đến nhà văn hoá phường để được tư vấn bảo hiểm xã hội tự nguyện miễn phí."
COMMUNE = "Phường Hoàn Kiếm"
COMMUNE_CODE = "00070"
UNIT_PAGE = "Bảo hiểm xã hội Phường Hoàn Kiếm"
# The page chooser, from the root to the commune's page.
CHOOSER_PATH = ("Bảo hiểm xã hội Việt Nam", "Bảo hiểm xã hội Thành phố Hà Nội", UNIT_PAGE)
FIGURE = "Số buổi phát thanh trên loa truyền thanh"
ITUNES = "{http://www.itunes.com/dtds/podcast-1.0.dtd}"
LOCAL = ZoneInfo("Asia/Ho_Chi_Minh")


def choose_article(page, index: int, exclude: set[str]) -> str:
    """In item `index`, choose through the page chooser a published article of the commune; its title."""
    page.locator(f"#id_items-{index}-source-chooser button[data-chooser-action-choose]").click()
    modal = page.locator(".modal-dialog")
    expect(modal).to_be_visible()
    for title in CHOOSER_PATH:
        row = modal.locator("tr", has=page.locator("a.choose-page", has_text=title)).first
        row.locator("a.navigate-pages").click()
        expect(modal.locator("a.choose-page").first).to_have_attribute("data-title", title)
    # A published article of the commune (the list also holds its drafts, documents and Q&A).
    rows = modal.locator("tbody tr", has_text="Bài viết, tin tức")
    for row in rows.all():
        link = row.locator("a.choose-page")
        title = link.get_attribute("data-title")
        status = row.inner_text().lower()  # "Đang xuất bản", "Bản nháp", "Đang xuất bản + bản nháp" …
        if title in exclude or "nháp" in status or "chưa duyệt" in status or "đang xuất bản" not in status:
            continue
        link.click()
        expect(modal).to_be_hidden()
        expect(page.locator(f"#id_items-{index}-source-title")).to_have_text(title)
        return title
    raise AssertionError(f"no published article of the commune in the chooser: {rows.all_inner_texts()}")


def test_a_commune_bulletin_goes_from_articles_to_the_loudspeakers(stack, new_context, signed_in, journey):
    # The commune's officer in charge of the plan reads the broadcasts figure before.
    officer = new_context("desktop", storage_state=signed_in("hoankiem.bientap"))
    journey.watch(officer)
    plan = officer.new_page()
    plan.goto("/admin/lantoa/ke-hoach/")
    plan.locator("main a", has_text=COMMUNE).first.click()
    plan.wait_for_url(re.compile(r"/admin/lantoa/ke-hoach/\d+/$"))
    row = plan.locator("main tr[data-indicator=loudspeaker_broadcasts]")
    expect(row).to_contain_text(FIGURE)
    before = number(cell(plan, FIGURE, 2))  # columns: indicator, target, actual, …

    # The author adds a bulletin under the commune's page from the Pages explorer, from two published articles.
    page = editor_page(new_context, signed_in, journey, "hoankiem.tacgia")
    page.goto(f"/admin/pages/search/?q={COMMUNE}")
    page.locator("main a", has_text=UNIT_PAGE).first.click()
    page.wait_for_url(re.compile(r"/admin/pages/\d+/"))
    unit_page_id = re.search(r"/admin/pages/(\d+)/", page.url).group(1)
    page.locator(f"a[href$='/admin/pages/{unit_page_id}/add_subpage/']").first.click()
    page.get_by_role("link", name="Bản tin truyền thanh", exact=True).click()
    page.wait_for_url(re.compile(rf"/admin/pages/add/bulletins/bulletinpage/{unit_page_id}/$"))
    # Wagtail's autosave of the new page answers 400 while the form is not valid yet (an item without its article):
    # its designed answer, shown to no one. Submitting is checked by where it leads.
    with journey.expecting(400, rf"/admin/pages/add/bulletins/bulletinpage/{unit_page_id}/$"):
        page.fill("#id_title", TITLE)
        page.fill("#id_summary", "Bản tin tuần này của phường về bảo hiểm xã hội, bảo hiểm y tế.")
        page.fill("#id_intro", INTRO)
        first = choose_article(page, 0, set())
        page.locator("#id_items-ADD").click()
        choose_article(page, 1, {first})
        page.fill("#id_items-1-script", SCRIPT)
        journey.step(page, "author-builds-bulletin", viewport="desktop")
        # Once the form is valid, the autosave creates the page as a draft and the editor becomes the page's edit
        # view: submitting before then races it (both requests create the page, the second fails on the slug).
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"), timeout=30_000)
        footer_action(page, SUBMIT)
        page.wait_for_url(re.compile(rf"/admin/pages/{unit_page_id}/$"))
    journey.step(page, "author-submitted", viewport="desktop")
    href = page.locator("main a[href*='/edit/']", has_text=TITLE).first.get_attribute("href")
    bulletin_id = re.search(r"/admin/pages/(\d+)/edit/", href).group(1)

    # The editor reviews, the approver approves: the bulletin goes live.
    for username, label in (("hoankiem.bientap", "editor-reviews"), ("hoankiem.pheduyet", "approver-approves")):
        page = editor_page(new_context, signed_in, journey, username)
        page.goto(f"/admin/pages/{bulletin_id}/edit/")
        journey.step(page, label, viewport="desktop")
        footer_action(page, APPROVE)
        page.wait_for_load_state("load")
        journey.step(page, f"{label}-done", viewport="desktop")

    # From the bulletin's header in the editor, the approver opens its audio and broadcasts; the worker voices it.
    page.goto(f"/admin/pages/{bulletin_id}/edit/")
    button = page.get_by_role("link", name="Âm thanh và buổi phát")
    if not button.is_visible():  # folded into the header's action menu ("Thao tác", the "…" button)
        # By keyboard, as a keyboard user does: the slim header's scrolling strip lies over the toggle's edge.
        toggle = page.locator("[data-w-dropdown-target=toggle][aria-label='Thao tác']", has=page.locator("svg")).first
        toggle.focus()
        page.keyboard.press("Enter")
        expect(button).to_be_visible()
    button.click()
    page.wait_for_url(re.compile(rf"/admin/lantoa/ban-tin-loa/{bulletin_id}/$"))
    expect(page.locator("#am-thanh")).to_have_attribute("data-status", "ready", timeout=90_000)
    expect(page.locator("#am-thanh audio[preload=none]")).to_have_count(1)
    journey.step(page, "audio-ready", viewport="desktop")
    # Beside the audio, the video the social platforms take (the card over the sound), served as MP4.
    video = page.locator("#video a[href$='.mp4']")
    expect(video).to_have_count(1)
    served = page.evaluate(
        "async (url) => { const r = await fetch(url); return [r.status, r.headers.get('content-type')]; }",
        video.get_attribute("href"),
    )
    assert served == [200, "video/mp4"], served
    link = page.locator("main ul.lt-links li", has_text=COMMUNE).locator("a").first.get_attribute("href")
    assert f"{stack.url}/truyen-thanh/ghi-phat/" in link, link

    # The commune's podcast feed carries it, its MP3 as the enclosure.
    reader = new_context("phone")
    journey.watch(reader)
    public = reader.new_page()
    reply = public.request.get(f"/truyen-thanh/{COMMUNE_CODE}/rss.xml")
    assert reply.ok, reply.status
    feed = ElementTree.fromstring(reply.body())  # noqa: S314 - the stack's own feed
    channel = feed.find("channel")
    item = next((i for i in channel.findall("item") if i.findtext("title") == TITLE), None)
    assert item is not None, [i.findtext("title") for i in channel.findall("item")]
    assert item.findtext(f"{ITUNES}duration"), "no itunes:duration"
    enclosure = item.find("enclosure")
    assert enclosure.get("type") == "audio/mpeg" and int(enclosure.get("length")) > 0, enclosure.attrib
    public.goto("/")  # the MP3 is fetched as a podcast app would, from the portal's origin
    fetched = public.evaluate(
        """async (url) => { const r = await fetch(url);
             return [r.status, r.headers.get("content-type"), (await r.arrayBuffer()).byteLength]; }""",
        enclosure.get("url"),
    )
    assert fetched == [200, "audio/mpeg", int(enclosure.get("length"))], (enclosure.get("url"), fetched)

    # On the portal, on a phone: the player fetches nothing before play, and the script is there to read.
    public.goto(item.findtext("link"))
    expect(public.locator("h1")).to_have_text(TITLE)
    expect(public.locator("audio[controls][preload=none]")).to_have_count(1)
    expect(public.locator("audio source[type='audio/mpeg']")).to_have_attribute("src", re.compile(r"\.mp3$"))
    script = public.locator("section[aria-labelledby=script-heading]")
    for text in (INTRO, SCRIPT):
        expect(script).to_contain_text(text)
    journey.step(public, "bulletin-on-portal", viewport="phone")

    # The loudspeaker operator, not signed in, logs the broadcast by the signed link on a phone.
    operator = new_context("phone")
    journey.watch(operator)
    phone = operator.new_page()
    phone.goto(link)
    expect(phone.locator("main")).to_contain_text(TITLE)
    played = datetime.now(LOCAL) - timedelta(minutes=5)
    phone.fill("#id_day", played.strftime("%d/%m/%Y"))
    phone.fill("#id_time", played.strftime("%H:%M"))
    phone.fill("#id_clusters", "3")
    phone.fill("#id_villages", "Tổ dân phố 1, Tổ dân phố 4")
    journey.step(phone, "operator-logs-broadcast", viewport="phone")
    phone.get_by_role("button", name="Ghi lại").click()
    expect(phone.locator("[role=status]")).to_have_text("Đã ghi buổi phát.")
    expect(phone.locator("main li", has_text="Tổ dân phố 1, Tổ dân phố 4")).to_contain_text("3 cụm loa")
    journey.step(phone, "broadcast-logged", viewport="phone")

    # The approver's screen lists it; the commune's plan versus actual counts it.
    page.reload()
    expect(page.locator("main table.listing")).to_contain_text("Tổ dân phố 1, Tổ dân phố 4")
    plan.reload()
    after = number(cell(plan, FIGURE, 2))
    if played.year == datetime.now(LOCAL).year:  # played in the plan's year (not across New Year's midnight)
        assert after == before + 1, (before, after)
    journey.step(plan, "plan-versus-actual-counts-broadcast", viewport="desktop")
    journey.finish()
