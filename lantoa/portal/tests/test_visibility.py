"""Nothing a reader may not see reaches a public surface: sitemap, feeds, listing, search, page listings.

Drafts, unpublished pages, private pages (login or password, on the page or an ancestor), the
unpublished edits of a live page and an unpublished translation are each checked everywhere,
next to a live page that must be there, so that a surface that shows nothing cannot pass.
"""

import pytest
from django.urls import reverse
from wagtail.models import PageViewRestriction

from lantoa.content.services import translate_page

pytestmark = pytest.mark.django_db

CONTROL = "Tuyển dụng viên chức công khai"
DRAFT_EDIT = "Tuyển dụng viên chức sửa chưa duyệt"
HIDDEN = [
    "Tuyển dụng viên chức bản nháp",
    "Tuyển dụng viên chức đã gỡ",
    "Tuyển dụng viên chức nội bộ",
    "Tuyển dụng viên chức có mật khẩu",
    "Tuyển dụng viên chức dưới trang riêng",
    DRAFT_EDIT,
    "Civil servant recruitment draft",
]
TERMS = {"areas": ["bao-hiem-y-te"], "groups": ["nong-dan"]}


@pytest.fixture
def hidden_and_control(publish, site):
    """The control page, the hidden pages, and the URLs of those that must not be linked."""
    control = publish("article", "hanoi_a", title=CONTROL, **TERMS)
    draft = publish("article", "hanoi_a", title=HIDDEN[0], live=False, **TERMS)
    gone = publish("article", "hanoi_a", title=HIDDEN[1], **TERMS)
    gone.unpublish()
    login_only = publish("article", "hanoi_a", title=HIDDEN[2], **TERMS)
    PageViewRestriction.objects.create(page=login_only, restriction_type=PageViewRestriction.LOGIN)
    password = publish("question", "hanoi_a", title=HIDDEN[3], **TERMS)
    PageViewRestriction.objects.create(
        page=password, restriction_type=PageViewRestriction.PASSWORD, password="mat-khau-rieng"
    )
    under_private = publish("document", "hanoi_b", title=HIDDEN[4], document_number="99/2025/TT", **TERMS)
    PageViewRestriction.objects.create(page=site["hanoi_b"], restriction_type=PageViewRestriction.LOGIN)
    edited = publish("article", "hanoi_a", title="Tuyển dụng viên chức bản đã duyệt", **TERMS)
    edited.title = DRAFT_EDIT
    edited.save_revision()
    english_draft = translate_page(control, "en", title=HIDDEN[6], publish_now=False)
    hidden_urls = [page.url for page in (draft, gone, login_only, password, under_private, english_draft)]
    return control, hidden_urls


def public_surfaces(client, control) -> dict[str, str]:
    """What an anonymous reader (or crawler) gets from every public surface that lists content."""
    paths = {
        "control page": control.url,  # its language switcher and hreflang links
        "home": "/",
        "province page": "/ha-noi/",
        "commune page": "/ha-noi/phuong-hoan-kiem/",
        "topic page": "/chu-de-bao-hiem-y-te/",
        "listing": reverse("portal:listing"),
        "listing en": reverse("portal:listing") + "?lang=en",
        "search": reverse("portal:search") + "?q=tuyen+dung+vien+chuc",
        "search accented": reverse("portal:search") + "?q=tuyển+dụng",
        "search en": "/en" + reverse("portal:search") + "?q=recruitment",
        "feed": reverse("portal:feed"),
        "feed en": "/en" + reverse("portal:feed"),
        "feed area": reverse("portal:feed_policy_area", args=["bao-hiem-y-te"]),
        "feed group": reverse("portal:feed_target_group", args=["nong-dan"]),
        "feed province": reverse("portal:feed_province", args=["01"]),
        "sitemap": reverse("sitemap_section", args=["pages"]),
    }
    bodies = {}
    for name, path in paths.items():
        response = client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        bodies[name] = response.content.decode()
        if name.startswith("search"):
            # Found words are highlighted (<mark>) in the page: read the titles themselves too.
            bodies[name] += "\n".join(entry.title for entry in response.context["entries"])
    return bodies


def test_no_draft_unpublished_or_private_page_appears_on_any_public_surface(client, hidden_and_control):
    control, hidden_urls = hidden_and_control

    bodies = public_surfaces(client, control)

    for name, body in bodies.items():
        for title in HIDDEN:
            assert title not in body, f"{title!r} shown by {name}"
        for url in hidden_urls:
            assert f"{url}<" not in body and f'{url}"' not in body, f"{url} linked from {name}"
    # The surfaces do list live content: the control page is on each one that shows Vietnamese articles.
    for name in (
        "control page",
        "home",
        "province page",
        "commune page",
        "topic page",
        "listing",
        "search",
        "search accented",
    ):
        assert CONTROL in bodies[name], name
    for name in ("feed", "feed area", "feed group", "feed province"):
        assert CONTROL in bodies[name], name
    assert f"http://testserver{control.url}<" in bodies["sitemap"]
    # The live page's published title stays until its edit is approved.
    assert "Tuyển dụng viên chức bản đã duyệt" in bodies["listing"]


def test_a_private_page_moved_elsewhere_stays_private_with_the_page_cache_on(client, publish, site, page_cache):
    private = publish("article", "hanoi_a", title="Thông báo nội bộ chuyển mục", **TERMS)
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    public = publish("article", "hanoi_a", title=CONTROL, **TERMS)
    assert client.get(private.url).status_code == 302  # to the login, with the private paths kept per process
    assert client.get(public.url).status_code == 200

    private.move(site["hue_a"], pos="last-child")
    private.refresh_from_db()

    response = client.get(private.url)
    assert response.status_code == 302 and "Thông báo nội bộ" not in response.content.decode()
    assert client.get(public.url).status_code == 200
