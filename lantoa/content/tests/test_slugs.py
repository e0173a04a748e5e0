"""New pages get short ASCII addresses folded from their Vietnamese titles, in the editor and on the server."""

import json
import re

import pytest

from lantoa.content.models import ArticlePage
from lantoa.content.slugs import MAX_LENGTH, page_slug
from lantoa.units.roles import Role

LONG_TITLE = (
    "Bảo hiểm xã hội Thành phố Hà Nội tổ chức hội nghị đối thoại chính sách bảo hiểm xã hội tự nguyện "
    "với người lao động tự do và đồng bào dân tộc thiểu số ở các phường trung tâm"
)


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Bảo hiểm xã hội tự nguyện", "bao-hiem-xa-hoi-tu-nguyen"),
        ("Đối thoại với đồng bào Ê Đê", "doi-thoai-voi-dong-bao-e-de"),
        ("Mức đóng 2026: 22% (tối thiểu)!", "muc-dong-2026-22-toi-thieu"),
        ("Thư ngỏ gửi người lao động", "thu-ngo-gui-nguoi-lao-dong"),
    ],
)
def test_page_slug_folds_vietnamese_to_ascii(title, slug):
    assert page_slug(title) == slug


def test_page_slug_of_a_long_title_is_cut_after_a_whole_word():
    slug = page_slug(LONG_TITLE)

    assert len(slug) <= MAX_LENGTH
    assert slug.startswith("bao-hiem-xa-hoi-thanh-pho-ha-noi-to-chuc-hoi-nghi-doi-thoai")
    assert f"-{slug.rsplit('-', 1)[1]}-" in f"-{page_slug(LONG_TITLE, max_length=500)}-"


def test_a_page_saved_without_a_slug_gets_an_ascii_one(site):
    page = site["hanoi_a"].add_child(
        instance=ArticlePage(title="Đối thoại với đồng bào ở phường Hoàn Kiếm", live=False)
    )
    again = site["hanoi_a"].add_child(
        instance=ArticlePage(title="Đối thoại với đồng bào ở phường Hoàn Kiếm", live=False)
    )
    long = site["hanoi_a"].add_child(instance=ArticlePage(title=LONG_TITLE, live=False))

    assert page.slug == "doi-thoai-voi-dong-bao-o-phuong-hoan-kiem"
    assert again.slug == "doi-thoai-voi-dong-bao-o-phuong-hoan-kiem-2"
    assert long.slug.isascii() and len(long.slug) <= MAX_LENGTH
    assert page.url.isascii()


def test_a_unicode_slug_on_a_new_page_is_folded(site):
    page = site["hanoi_a"].add_child(instance=ArticlePage(title="Tin mới", slug="tin-mới-đây", live=False))

    assert page.slug == "tin-moi-day"


def test_the_editor_slug_field_folds_vietnamese_before_wagtails_urlify(client, make_staff, units, site):
    client.force_login(make_staff(units["hanoi_a"], Role.AUTHOR))

    response = client.get(f"/admin/pages/add/content/articlepage/{site['hanoi_a'].pk}/")

    html = response.content.decode()
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    assert "allow-unicode" not in slug_input  # Stimulus reads a missing boolean value as false
    formatters = json.loads(
        re.search(r"data-w-slug-formatters-value=\"([^\"]*)\"", slug_input).group(1).replace("&quot;", '"')
    )
    replacements = {replacement for _pattern, replacement in formatters}
    assert {"a", "d", "e", "o", "u", "y"} <= replacements
    assert any("đ" in pattern[0] for pattern, replacement in formatters if replacement == "d")
