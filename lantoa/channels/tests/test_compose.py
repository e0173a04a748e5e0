"""Composing from a page: pre-filled text, tagged links, each platform's length limit, and who may compose."""

import urllib.parse

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lantoa.channels import services
from lantoa.channels.adapters import MESSAGE_LIMITS
from lantoa.channels.models import Platform
from lantoa.content.models import ArticlePage
from lantoa.units.roles import Role


def test_the_link_carries_utm_tags_and_the_posts_idempotency_key(units, make_staff, accounts, article):
    author = make_staff(units["hanoi"], Role.AUTHOR)

    [post] = services.compose_posts(user=author, page=article, accounts=[accounts["zalo"]])

    parts = urllib.parse.urlsplit(post.link)
    assert parts.path == urllib.parse.urlsplit(article.full_url).path
    assert urllib.parse.parse_qs(parts.query) == {
        "utm_source": ["zalo"],
        "utm_medium": ["social"],
        "utm_campaign": ["bhxh-tu-nguyen-ha-noi"],
        "utm_content": [str(post.idempotency_key)],
    }
    assert post.message == f"{article.title}\n\n{article.summary}"
    assert post.language == "vi"


def test_an_sms_is_trimmed_to_its_limit_and_keeps_the_whole_link(units, hanoi_admin, site):
    long_title = "Bảo hiểm xã hội tự nguyện " * 9
    page = site["hanoi"].add_child(instance=ArticlePage(title=long_title.strip(), slug="dai"))
    sms = services.save_account(
        user=hanoi_admin, unit=units["hanoi"], platform=Platform.SMS, name="BHXHHN", secret="sms-key-0001"
    )

    [post] = services.compose_posts(user=hanoi_admin, page=page, accounts=[sms])

    assert len(post.message) <= MESSAGE_LIMITS[Platform.SMS]
    assert post.message.endswith(post.link)
    assert "…" in post.message


def test_a_zalo_title_is_cut_at_a_word_to_150_characters(units, hanoi_admin, site, accounts):
    page = site["hanoi"].add_child(instance=ArticlePage(title="Chính sách " * 20, slug="tieu-de-dai"))

    [post] = services.compose_posts(user=hanoi_admin, page=page, accounts=[accounts["zalo"]])

    assert len(post.title) <= 150
    assert post.title.endswith("Chính sách…")


def test_only_published_pages_can_be_shared(units, hanoi_admin, site, accounts):
    draft = site["hanoi"].add_child(instance=ArticlePage(title="Nháp", slug="nhap", live=False))

    with pytest.raises(ValidationError):
        services.compose_posts(user=hanoi_admin, page=draft, accounts=[accounts["facebook"]])


def test_a_viewer_cannot_compose(units, make_staff, accounts, article):
    with pytest.raises(PermissionDenied):
        services.compose_posts(user=make_staff(units["hanoi"], Role.VIEWER), page=article, accounts=[accounts["zalo"]])
