"""What an anonymous reader sees on each page type of the portal, and what stays hidden."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from lantoa.content.models import (
    ArticlePage,
    DocumentAttachment,
    DocumentPage,
    QuestionPage,
    RelatedDocument,
    TopicPage,
)
from lantoa.content.services import publish
from lantoa.taxonomy.models import PolicyArea, TargetGroup


def _article(parent, title, *, live=True, date=None, areas=(), groups=(), **extra):
    page = parent.add_child(
        instance=ArticlePage(title=title, date=date or datetime.date(2025, 9, 1), live=False, **extra)
    )
    if areas or groups:
        page.policy_areas.set(areas)
        page.target_groups.set(groups)
        page.save()
    return publish(page) if live else page


def _document(parent, title, *, live=True, **extra):
    fields = {
        "document_number": "158/2025/NĐ-CP",
        "issuing_body": "Chính phủ",
        "issued_on": datetime.date(2025, 6, 25),
        "effective_from": datetime.date(2025, 7, 1),
    }
    fields.update(extra)
    page = parent.add_child(instance=DocumentPage(title=title, live=False, **fields))
    return publish(page) if live else page


def _image(title, *, filename):
    """A saved Wagtail image: a plain JPEG, large enough for every rendition of the article's lead image."""
    out = io.BytesIO()
    PILImage.new("RGB", (960, 540), (0, 84, 147)).save(out, "JPEG")
    image = get_image_model()(title=title, collection=Collection.get_first_root_node())
    image.file = ImageFile(io.BytesIO(out.getvalue()), name=filename)
    image.save()
    return image


def _document_file(title, *, filename):
    """A saved Wagtail document; the page shows its title, link and type, never reads its bytes."""
    document = get_document_model()(title=title, collection=Collection.get_first_root_node())
    document.file = ContentFile(f"{title}\n".encode(), name=filename)
    document.save()
    return document


def _question(parent, title, *, live=True):
    page = parent.add_child(
        instance=QuestionPage(
            title=title,
            live=False,
            question="Tôi làm nghề tự do, có được tham gia bảo hiểm xã hội tự nguyện không?",
            answer="<p>Công dân Việt Nam từ đủ 15 tuổi trở lên được tham gia.</p>",
        )
    )
    return publish(page) if live else page


@pytest.fixture
def area():
    return PolicyArea.objects.get(slug="bhxh-tu-nguyen")


@pytest.fixture
def group():
    return TargetGroup.objects.get(slug="nong-dan")


def test_article_shows_title_date_unit_image_with_alt_summary_body_and_topic_links(client, site, units, area):
    image = _image("Đối thoại chính sách", filename="doi-thoai.jpg")
    article = _article(
        site["hanoi"],
        "Đối thoại chính sách với người lao động tự do",
        summary="Hơn 200 người lao động tự do đã được tư vấn trực tiếp.",
        lead_image=image,
        lead_image_alt="Cán bộ bảo hiểm xã hội tư vấn cho người dân tại hội trường",
        body=[
            ("paragraph", "<p>Tại buổi đối thoại, cán bộ đã giải đáp nhiều câu hỏi.</p>"),
            ("quote", {"text": "Tham gia sớm để được hưởng lương hưu.", "source": "Giám đốc Bảo hiểm xã hội"}),
        ],
        areas=[area],
    )
    response = client.get(article.url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đối thoại chính sách với người lao động tự do" in html
    assert "01/09/2025" in html
    assert "Bảo hiểm xã hội Thành phố Hà Nội" in html
    assert 'alt="Cán bộ bảo hiểm xã hội tư vấn cho người dân tại hội trường"' in html
    assert "srcset=" in html
    assert "Hơn 200 người lao động tự do" in html
    assert "Tại buổi đối thoại" in html
    assert "Tham gia sớm để được hưởng lương hưu." in html
    topic = TopicPage.objects.get(policy_area=area)
    assert f'href="{topic.url}"' in html


def test_document_page_shows_its_facts_files_and_related_documents(client, site):
    law = _document(
        site["centre"],
        "Luật Bảo hiểm xã hội",
        document_number="41/2024/QH15",
        issuing_body="Quốc hội",
        issued_on=datetime.date(2024, 6, 29),
    )
    decree = _document(site["centre"], "Nghị định quy định chi tiết về bảo hiểm xã hội bắt buộc")
    pdf = _document_file("Toàn văn", filename="nd.pdf")
    docx = _document_file("Phụ lục", filename="pl.docx")
    DocumentAttachment.objects.create(page=decree, document=pdf, title="Toàn văn Nghị định 158/2025/NĐ-CP")
    DocumentAttachment.objects.create(page=decree, document=docx)
    RelatedDocument.objects.create(page=decree, target=law, relation="hướng dẫn thi hành")
    publish(decree)

    html = client.get(decree.url).content.decode()
    assert "158/2025/NĐ-CP" in html
    assert "Chính phủ" in html
    assert "25/06/2025" in html and "01/07/2025" in html
    assert "Còn hiệu lực" in html
    assert "Toàn văn Nghị định 158/2025/NĐ-CP" in html
    assert f'href="{pdf.url}"' in html and f'href="{docx.url}"' in html
    assert "PDF" in html and "DOCX" in html
    assert "41/2024/QH15" in html and f'href="{law.url}"' in html
    assert "hướng dẫn thi hành" in html


def test_question_page_shows_question_and_answer(client, site):
    question = _question(site["hue_a"], "Lao động tự do có được tham gia bảo hiểm xã hội tự nguyện?")
    html = client.get(question.url).content.decode()
    assert "Tôi làm nghề tự do" in html
    assert "Công dân Việt Nam từ đủ 15 tuổi" in html
    assert "Bảo hiểm xã hội Phường Thuận Hóa" in html


@pytest.mark.parametrize("make", [_article, _document, _question], ids=["article", "document", "question"])
def test_draft_content_is_not_found_by_readers(client, site, make):
    draft = make(site["hanoi"], "Bản nháp chưa duyệt", live=False)
    assert client.get(draft.url or f"/{site['hanoi'].slug}/{draft.slug}/").status_code == 404


def test_draft_unit_page_is_not_found(client, site):
    site["hue_b"].unpublish()
    assert client.get("/thanh-pho-hue/phuong-phu-xuan/").status_code == 404
    assert client.get(site["hue_a"].url).status_code == 200


def test_unit_page_lists_own_and_commune_news_not_drafts_or_other_province(client, site):
    _article(site["hanoi"], "Tin của Bảo hiểm xã hội Hà Nội")
    _article(site["hanoi_a"], "Tin của phường Hoàn Kiếm")
    _article(site["hanoi"], "Tin nháp Hà Nội", live=False)
    _article(site["hue"], "Tin của Bảo hiểm xã hội Huế")
    response = client.get(site["hanoi"].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tin của Bảo hiểm xã hội Hà Nội" in html
    assert "Tin của phường Hoàn Kiếm" in html
    assert "Tin nháp Hà Nội" not in html
    assert "Tin của Bảo hiểm xã hội Huế" not in html
    # Its communes' office pages are linked.
    assert f'href="{site["hanoi_a"].url}"' in html and f'href="{site["hanoi_b"].url}"' in html


def test_commune_page_does_not_list_its_province_news(client, site):
    _article(site["hanoi"], "Tin cấp tỉnh")
    _article(site["hanoi_a"], "Tin cấp phường")
    html = client.get(site["hanoi_a"].url).content.decode()
    assert "Tin cấp phường" in html and "Tin cấp tỉnh" not in html


def test_unit_page_paginates_news_newest_first(client, site):
    for day in range(1, 15):
        _article(site["hue"], f"Tin số {day:02d}", date=datetime.date(2025, 3, day))
    first = client.get(site["hue"].url).content.decode()
    second = client.get(site["hue"].url, {"page": 2}).content.decode()
    assert "Tin số 14" in first and "Tin số 03" in first and "Tin số 02" not in first
    assert "Tin số 02" in second and "Tin số 01" in second and "Tin số 14" not in second
    assert 'rel="next"' in first
    assert client.get(site["hue"].url, {"page": "abc"}).status_code == 200


def test_topic_page_lists_published_content_tagged_with_its_area(client, site, area):
    _article(site["hanoi"], "Bài về bảo hiểm xã hội tự nguyện", areas=[area])
    _article(site["hue_a"], "Bài nháp về tự nguyện", areas=[area], live=False)
    _article(site["hue"], "Bài về bảo hiểm y tế", areas=[PolicyArea.objects.get(slug="bao-hiem-y-te")])
    question = _question(site["hue"], "Hỏi về mức đóng tự nguyện")
    question.policy_area = area
    publish(question)
    topic = TopicPage.objects.get(policy_area=area)
    html = client.get(topic.url).content.decode()
    assert "Bài về bảo hiểm xã hội tự nguyện" in html
    assert "Hỏi về mức đóng tự nguyện" in html
    assert "Bài nháp về tự nguyện" not in html
    assert "Bài về bảo hiểm y tế" not in html


def test_topic_page_lists_content_for_its_target_group(client, site, group):
    _article(site["hue_b"], "Nông dân tham gia bảo hiểm xã hội", groups=[group])
    _article(site["hue_b"], "Tin cho doanh nghiệp", groups=[TargetGroup.objects.get(slug="doanh-nghiep")])
    html = client.get(TopicPage.objects.get(target_group=group).url).content.decode()
    assert "Nông dân tham gia bảo hiểm xã hội" in html
    assert "Tin cho doanh nghiệp" not in html


def test_home_shows_latest_news_topics_and_audience_entry_points(client, site, group):
    _article(site["hue_b"], "Tin mới từ phường Phú Xuân")
    _article(site["centre"], "Tin của Trung ương", live=False)
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tin mới từ phường Phú Xuân" in html
    assert "Tin của Trung ương" not in html
    assert group.audience_label in html
    assert f'href="{TopicPage.objects.get(target_group=group).url}"' in html
    assert "Bảo hiểm xã hội tự nguyện" in html
    assert f'href="{site["hanoi"].url}"' in html


def test_unpublished_topic_page_is_not_found(client, site, area):
    topic = TopicPage.objects.get(policy_area=area)
    url = topic.url
    assert client.get(url).status_code == 200
    topic.unpublish()
    assert client.get(url).status_code == 404
