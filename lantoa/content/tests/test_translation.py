"""Translations of a page: linked to their source, reachable in their language, owned by the same unit."""

import re

import pytest
from django.core.exceptions import ValidationError

from lantoa.content.models import ArticlePage
from lantoa.content.services import publish, translate_page


def language_links(html: str) -> str:
    """The page's language switcher (in the portal header; a page has only that one)."""
    switchers = re.findall(r'<nav class="language-switcher".*?</nav>', html, re.S)
    assert len(switchers) <= 1, switchers
    return switchers[0] if switchers else ""


@pytest.fixture
def article(site):
    page = site["hanoi_a"].add_child(
        instance=ArticlePage(
            title="Giảm số năm đóng tối thiểu để hưởng lương hưu",
            slug="giam-so-nam-dong",
            summary="Từ ngày 1/7/2025, chỉ cần đóng đủ 15 năm.",
            body=[("paragraph", "<p>Luật Bảo hiểm xã hội năm 2024.</p>")],
            live=False,
        )
    )
    return publish(page)


def test_english_and_hmong_translations_are_reachable_and_linked_both_ways(client, article, units):
    en = translate_page(
        article,
        "en",
        title="Minimum contribution period for a pension cut to 15 years",
        summary="From 1 July 2025, 15 years of contributions are enough.",
        body=[("paragraph", "<p>The 2024 Social Insurance Law.</p>")],
    )
    hmn = translate_page(
        article,
        "hmn",
        title="Them nyiaj pov hwm 15 xyoos xwb los yeej tau nyiaj laus",
        summary="Txij hnub tim 1/7/2025.",
    )
    assert en.translation_key == hmn.translation_key == article.translation_key
    assert en.unit == hmn.unit == article.unit == units["hanoi_a"]
    assert en.url.startswith("/en/") and hmn.url.startswith("/hmn/")

    vi_html = language_links(client.get(article.url).content.decode())
    assert f'href="{en.url}" hreflang="en"' in vi_html
    assert f'href="{hmn.url}" hreflang="hmn"' in vi_html

    en_response = client.get(en.url)
    en_html = en_response.content.decode()
    en_links = language_links(en_html)
    assert en_response.status_code == 200
    assert "Minimum contribution period for a pension cut to 15 years" in en_html
    assert "The 2024 Social Insurance Law." in en_html
    assert f'href="{article.url}" hreflang="vi"' in en_links
    assert f'href="{hmn.url}" hreflang="hmn"' in en_links

    hmn_response = client.get(hmn.url)
    hmn_html = hmn_response.content.decode()
    assert hmn_response.status_code == 200
    assert "Them nyiaj pov hwm 15 xyoos xwb los yeej tau nyiaj laus" in hmn_html
    assert f'href="{article.url}" hreflang="vi"' in language_links(hmn_html)


def test_translation_is_listed_on_its_units_page_in_its_language_only(client, article, site):
    en = translate_page(article, "en", title="Pension after 15 years of contributions")
    en_unit_page = site["hanoi_a"].get_translation(en.locale)
    assert "Pension after 15 years of contributions" in client.get(en_unit_page.url).content.decode()
    assert "Pension after 15 years of contributions" not in client.get(site["hanoi_a"].url).content.decode()


def test_draft_translation_is_not_linked_from_the_source(client, article):
    draft = translate_page(article, "en", title="Not ready yet", publish_now=False)
    assert not draft.live
    html = client.get(article.url).content.decode()
    assert "Not ready yet" not in html
    assert f'href="{draft.url}"' not in html
    assert 'hreflang="en" href=' not in html  # no hreflang alternate in the head either
    # The switcher may still offer English, but as that language's home page, not as a translation.
    english = re.search(r'<a href="([^"]+)" hreflang="en"[^>]*>', language_links(html))
    assert english is None or 'rel="alternate"' not in english.group(0)


def test_translating_again_updates_the_same_translation(article):
    first = translate_page(article, "en", title="First wording")
    second = translate_page(article, "en", title="Better wording")
    assert first.pk == second.pk
    assert article.get_translations().filter(locale__language_code="en").count() == 1
    second.refresh_from_db()
    assert second.title == "Better wording"


def test_unknown_language_is_refused_with_a_clear_message(article):
    with pytest.raises(ValidationError) as error:
        translate_page(article, "xx", title="?")
    assert "chưa được bật" in str(error.value)
