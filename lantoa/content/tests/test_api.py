import datetime

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from lantoa.content.models import ArticlePage, DocumentAttachment, DocumentPage, QuestionPage
from lantoa.taxonomy.models import PolicyArea, TargetGroup
from lantoa.units.roles import Role

LIST = "/api/v1/content/"
DRAFTS = "/api/v1/content/drafts"


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def content(site):
    voluntary = PolicyArea.objects.get(slug="bhxh-tu-nguyen")
    farmers = TargetGroup.objects.get(slug="nong-dan")
    news = site["hanoi_a"].add_child(
        instance=ArticlePage(
            title="Đối thoại chính sách ở Hoàn Kiếm",
            slug="doi-thoai",
            kind=ArticlePage.Kind.NEWS,
            summary="Tóm tắt",
            body=[("paragraph", "<p>Người dân hỏi về <b>BHXH tự nguyện</b>.</p>")],
        )
    )
    news.policy_areas.add(voluntary)
    news.target_groups.add(farmers)
    publish(news)
    article = publish(
        site["hue"].add_child(instance=ArticlePage(title="Bài viết Huế", slug="bv", kind=ArticlePage.Kind.ARTICLE))
    )
    document = site["centre"].add_child(
        instance=DocumentPage(
            title="Luật Bảo hiểm xã hội 2024",
            slug="luat-bhxh",
            document_number="41/2024/QH15",
            issuing_body="Quốc hội",
            issued_on=datetime.date(2024, 6, 29),
        )
    )
    file = Document.objects.create(title="Toàn văn", file=ContentFile(b"%PDF-1.4 test", name="luat.pdf"))
    DocumentAttachment.objects.create(page=document, document=file, title="Toàn văn luật")
    publish(document)
    question = publish(
        site["hue_a"].add_child(
            instance=QuestionPage(title="Đóng BHXH tự nguyện thế nào?", slug="hoi", question="?", answer="<p>Đáp</p>")
        )
    )
    hanoi_draft = site["hanoi_b"].add_child(instance=ArticlePage(title="Nháp Cửa Nam", slug="nhap-cn", live=False))
    hue_draft = site["hue_b"].add_child(instance=ArticlePage(title="Nháp Phú Xuân", slug="nhap-px", live=False))
    return {
        "news": news,
        "article": article,
        "document": document,
        "question": question,
        "hanoi_draft": hanoi_draft,
        "hue_draft": hue_draft,
    }


def titles(response):
    assert response.status_code == 200, response.content
    return {item["title"] for item in response.json()["items"]}


def test_public_list_shows_only_published_content(client, content):
    seen = titles(client.get(LIST))
    assert seen == {
        "Đối thoại chính sách ở Hoàn Kiếm",
        "Bài viết Huế",
        "Luật Bảo hiểm xã hội 2024",
        "Đóng BHXH tự nguyện thế nào?",
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("type=news", {"Đối thoại chính sách ở Hoàn Kiếm"}),
        ("type=document", {"Luật Bảo hiểm xã hội 2024"}),
        ("type=question", {"Đóng BHXH tự nguyện thế nào?"}),
        ("policy_area=bhxh-tu-nguyen", {"Đối thoại chính sách ở Hoàn Kiếm"}),
        ("target_group=nong-dan", {"Đối thoại chính sách ở Hoàn Kiếm"}),
        ("unit=46", {"Bài viết Huế", "Đóng BHXH tự nguyện thế nào?"}),
        ("unit=00070", {"Đối thoại chính sách ở Hoàn Kiếm"}),
        ("q=luật", {"Luật Bảo hiểm xã hội 2024"}),
        ("language=en", set()),
        ("unit=99999", set()),
        ("policy_area=khong-co", set()),
    ],
)
def test_public_list_filters(client, content, query, expected):
    assert titles(client.get(f"{LIST}?{query}")) == expected


def test_public_list_is_paginated(client, content):
    body = client.get(f"{LIST}?page=2&page_size=3").json()
    assert body["count"] == 4
    assert len(body["items"]) == 1
    assert client.get(f"{LIST}?page=50").json()["items"] == []


def test_document_detail_lists_its_files_with_urls(client, content):
    body = client.get(f"{LIST}{content['document'].pk}").json()
    assert body["document"]["number"] == "41/2024/QH15"
    [file] = body["document"]["files"]
    assert file["title"] == "Toàn văn luật"
    assert file["url"].startswith("http://testserver/documents/")
    assert client.get(file["url"]).status_code == 200


def test_article_detail_renders_body_as_html_and_blocks(client, content):
    body = client.get(f"{LIST}{content['news'].pk}").json()
    assert "<b>BHXH tự nguyện</b>" in body["body_html"]
    assert body["blocks"][0]["type"] == "paragraph"
    assert body["unit_code"] == "00070"


def test_draft_is_not_found_publicly(client, content):
    response = client.get(f"{LIST}{content['hanoi_draft'].pk}")
    assert response.status_code == 404
    assert "Không tìm thấy nội dung" in response.json()["detail"]


def test_anonymous_cannot_list_drafts(client, content):
    response = client.get(DRAFTS)
    assert response.status_code == 401
    assert "đăng nhập" in response.json()["detail"]


def test_provincial_author_cannot_see_sibling_drafts(client, content, units, make_staff):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    assert titles(client.get(DRAFTS)) == {"Nháp Cửa Nam"}
    assert titles(client.get(f"{DRAFTS}?unit=46")) == set()


def test_centre_viewer_sees_every_draft(client, content, units, make_staff):
    client.force_login(make_staff(units["centre"], Role.VIEWER))
    assert titles(client.get(DRAFTS)) == {"Nháp Cửa Nam", "Nháp Phú Xuân"}


def test_signed_in_user_without_a_unit_is_refused_drafts(client, content, django_user_model):
    client.force_login(django_user_model.objects.create_user(username="khach", password="x"))
    response = client.get(DRAFTS)
    assert response.status_code == 403
    assert "không có quyền" in response.json()["detail"]


# Bad input: never a 500, always a Vietnamese message naming the field.


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("page=-1", "page"),
        ("page=0", "page"),
        ("page=abc", "page"),
        ("page=99999999999999999999999", "page"),
        ("page_size=100000", "page_size"),
        ("page_size=0", "page_size"),
        ("type=video", "type"),
        ("unit=01%2F..", "unit"),
        ("language=<b>", "language"),
        ("policy_area=a%20b", "policy_area"),
        ("q=" + "x" * 10_000, "q"),
        ("q=a%00b", "q"),
        ("unknown_filter=1", "unknown_filter"),
        ("polcy_area=bhxh", "polcy_area"),
    ],
)
def test_malformed_list_input_is_refused_with_vietnamese_message(client, db, query, field):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 422
    body = response.json()
    assert body["message"].startswith("Dữ liệu không hợp lệ:")
    assert f"“{field}”" in body["message"]
    assert body["detail"][0]["loc"][-1] == field


def test_hostile_input_is_never_echoed_as_markup(client, db):
    response = client.get(LIST, {"<script>alert(1)</script>": "1", "q": "<script>alert(1)</script>"})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert b"<script>" not in response.content
    assert "<script>alert(1)</script>" in response.json()["message"]


def test_script_in_search_finds_nothing_and_is_not_echoed(client, content):
    response = client.get(LIST, {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert response.json()["items"] == []
    assert b"<script>" not in response.content


@pytest.mark.parametrize("page_id", ["abc", "0", "-5", "99999999999999999999", "2147483648"])
def test_malformed_content_id_is_refused(client, db, page_id):
    response = client.get(f"{LIST}{page_id}")
    assert response.status_code in (404, 422)
    assert response.json()["detail"]


def test_unknown_content_id_is_not_found_in_vietnamese(client, db):
    response = client.get(f"{LIST}2147483647")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy nội dung số 2147483647."


def test_malformed_draft_filters_are_refused(client, units, make_staff):
    client.force_login(make_staff(units["hanoi"], Role.AUTHOR))
    for query in ("policy_area=bhxh-tu-nguyen", "page=abc", "q=" + "x" * 10_000):
        response = client.get(f"{DRAFTS}?{query}")
        assert response.status_code == 422, query
        assert response.json()["message"].startswith("Dữ liệu không hợp lệ:")
