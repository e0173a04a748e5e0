"""A page deep in the tree is found by its URL path in one look-up, with Wagtail's answers kept."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

pytestmark = pytest.mark.django_db


def path_of(page) -> str:
    """The page's URL on the default site from its url_path ("/home/ha-noi/bai-1/" → "/ha-noi/bai-1/")."""
    return "/" + Page.objects.get(pk=page.pk).url_path.split("/", 2)[2]


def route_queries(client, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    page_reads = [q["sql"] for q in queries.captured_queries if 'FROM "wagtailcore_page"' in q["sql"]]
    return response.status_code, page_reads


def test_a_commune_article_is_found_by_its_url_path_not_level_by_level(client, publish):
    page = publish("article", "hanoi_a", title="Tin của xã về bảo hiểm y tế")

    status, page_reads = route_queries(client, page.url)

    assert status == 200
    assert any(f"'{page.slug}'" in sql and "url_path" in sql for sql in page_reads)
    # Wagtail's walk reads each level by slug below its parent ("depth" = …); the look-up does not.
    assert not any('"wagtailcore_page"."depth" =' in sql for sql in page_reads)


def test_drafts_and_unknown_paths_are_not_found(client, publish):
    draft = publish("article", "hanoi", title="Bản nháp chưa đăng", live=False)
    live = publish("article", "hanoi", title="Tin đã đăng")

    assert client.get(path_of(draft)).status_code == 404
    assert client.get(path_of(live)).status_code == 200
    assert client.get(live.url + "khong-co/").status_code == 404
    assert client.get("/khong-co-trang-nay/").status_code == 404


def test_a_page_below_an_unpublished_office_page_is_still_served(client, site, publish):
    page = publish("article", "hanoi_a", title="Tin dưới trang đơn vị đã gỡ")
    site["hanoi_a"].unpublish()  # Wagtail routes through pages that are not live; only the last must be

    assert client.get(path_of(page)).status_code == 200
