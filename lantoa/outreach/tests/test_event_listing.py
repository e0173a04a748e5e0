"""The public events listing: upcoming first, then past ones, by province, paginated, in the reader's language."""

import datetime
import re

from django.utils import timezone, translation

from lantoa.outreach.models import Event
from lantoa.outreach.views import EVENTS_PER_PAGE


def make_event(units, title, days, commune="hanoi_a", **kwargs):
    unit = units[commune]
    return Event.objects.create(
        unit=unit.parent,
        commune=unit,
        kind=Event.Kind.DIALOGUE,
        title=title,
        starts_at=timezone.now() + datetime.timedelta(days=days),
        place="Nhà văn hoá tổ dân phố 3",
        **kwargs,
    )


def titles(html: str) -> list[str]:
    return re.findall(r'class="event-card__title"><a href="[^"]+"[^>]*>([^<]+)</a>', html)


def test_upcoming_events_come_first_soonest_first_then_past_ones_latest_first(client, units):
    make_event(units, "Đã qua lâu", -30)
    make_event(units, "Sắp tới xa", 20)
    make_event(units, "Vừa qua", -2)
    make_event(units, "Sắp tới gần", 3)

    html = client.get("/su-kien/").text

    assert titles(html) == ["Sắp tới gần", "Sắp tới xa", "Vừa qua", "Đã qua lâu"]
    assert html.index("Sắp diễn ra") < html.index("Sắp tới gần") < html.index("Đã diễn ra") < html.index("Vừa qua")


def test_the_listing_filters_by_province_and_keeps_the_filter_across_pages(client, units):
    for n in range(EVENTS_PER_PAGE + 2):
        make_event(units, f"Hà Nội {n:02d}", n + 1)
    make_event(units, "Ở Huế", 5, commune="hue_a")

    first = client.get("/su-kien/?tinh=01").text
    assert "Ở Huế" not in first
    assert len(titles(first)) == EVENTS_PER_PAGE
    assert '<option value="01" selected>Thành phố Hà Nội</option>' in first
    assert 'href="?tinh=01&amp;page=2"' in first
    second = client.get("/su-kien/?tinh=01&page=2").text
    assert titles(second) == ["Hà Nội 10", "Hà Nội 11"]

    assert titles(client.get("/su-kien/?tinh=46").text) == ["Ở Huế"]
    # An unknown province shows every event rather than an error.
    response = client.get("/su-kien/?tinh=abc")
    assert response.status_code == 200 and "Ở Huế" in response.text


def test_a_province_without_events_says_so_and_links_to_all_events(client, units):
    make_event(units, "Ở Hà Nội", 5)

    html = client.get("/su-kien/?tinh=46").text

    assert "Chưa có sự kiện nào ở tỉnh, thành phố này." in html
    assert '<a href="/su-kien/">Xem sự kiện ở mọi nơi</a>' in html


def test_english_readers_see_the_english_title_and_venue_or_the_vietnamese_with_a_note(client, units):
    translated = make_event(units, "Đối thoại chính sách", 3, title_en="Policy dialogue", place_en="Ward hall")
    make_event(units, "Hội nghị chưa dịch", 4)
    with translation.override("vi"):
        path = translated.get_absolute_url()

    html = client.get("/en/su-kien/").text

    assert "Policy dialogue" in html and "Đối thoại chính sách" not in html
    assert "Ward hall" in html
    assert f'href="/en/su-kien/{translated.pk}-' in html
    assert re.search(r'lang="vi">Hội nghị chưa dịch</a>', html)
    assert html.count('class="untranslated-note"') == 1

    page = client.get(f"/en{path}").text
    assert "<h1>Policy dialogue</h1>" in page and "Ward hall" in page
    assert 'class="untranslated-note"' not in page

    vietnamese = client.get(path).text
    assert "<h1>Đối thoại chính sách</h1>" in vietnamese and "Policy dialogue" not in vietnamese


def test_the_api_gives_the_english_fields_of_an_event(client, units):
    make_event(units, "Đối thoại chính sách", 3, title_en="Policy dialogue", place_en="Ward hall")

    item = client.get("/api/v1/outreach/events").json()["items"][0]

    assert (item["title"], item["title_en"], item["place_en"], item["description_en"]) == (
        "Đối thoại chính sách",
        "Policy dialogue",
        "Ward hall",
        "",
    )
