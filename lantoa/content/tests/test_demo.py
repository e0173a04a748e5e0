"""`manage.py load_demo --quick`: a readable multilingual portal with staff for every role, loaded once."""

import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from lantoa.content.models import ArticlePage, DocumentPage, QuestionPage
from lantoa.content.uploads import content_matches_extension
from lantoa.taxonomy.models import PolicyArea, TargetGroup
from lantoa.units.models import Membership
from lantoa.units.roles import Role


def _counts() -> dict[str, int]:
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "images": get_image_model().objects.count(),
        "documents": get_document_model().objects.count(),
    }


@pytest.mark.slow
def test_load_demo_quick_builds_the_demo_once(client, db):
    out = io.StringIO()
    call_command("load_demo", "--quick", stdout=out)
    output = out.getvalue()

    live_vi = {
        model: model.objects.live().public().filter(locale__language_code="vi")
        for model in (ArticlePage, DocumentPage, QuestionPage)
    }
    assert sum(qs.count() for qs in live_vi.values()) >= 300
    articles = live_vi[ArticlePage]
    assert not articles.filter(lead_image__isnull=True).exists()
    assert not articles.filter(lead_image_alt="").exists()
    assert articles.filter(date__lte=datetime.date.today() - datetime.timedelta(days=500)).exists()
    assert live_vi[DocumentPage].filter(document_number="41/2024/QH15").exists()
    assert live_vi[DocumentPage].filter(document_number="188/2025/NĐ-CP").exists()
    extensions = {a.document.file_extension for d in live_vi[DocumentPage] for a in d.attachments.all()}
    assert {"pdf", "docx"} <= extensions
    for area in PolicyArea.objects.all():
        assert articles.filter(policy_areas=area).exists(), area
    for group in TargetGroup.objects.all():
        assert articles.filter(target_groups=group).exists(), group
    # Content at the centre, both provinces and their communes.
    assert {a.unit.level for a in articles.select_related("unit")} == {"centre", "province", "commune"}

    # Staff: every role at five units, none of them Django staff; one superuser.
    by_unit: dict[str, set[str]] = {}
    for membership in Membership.objects.select_related("unit", "user"):
        by_unit.setdefault(membership.unit.path, set()).add(membership.role)
        assert not membership.user.is_staff
    assert len(by_unit) == 5
    assert all(roles == set(Role.values) for roles in by_unit.values())
    assert get_user_model().objects.get(username="admin").is_superuser
    assert client.login(username="hanoi.bientap", password="lantoa-demo-2026")
    client.logout()
    assert "trunguong.tacgia" in output and "hanoi.bientap" in output and "http" in output

    # Translations in English and Hmong, linked to their Vietnamese source and readable.
    for code in ("en", "hmn"):
        translated = ArticlePage.objects.live().filter(locale__language_code=code)
        assert translated.exists(), code
        page = translated.first()
        source = page.get_translations().get(locale__language_code="vi")
        assert source.specific.unit_id == page.unit_id
        assert client.get(page.url).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get(articles.order_by("pk").first().url).status_code == 200

    before = _counts()
    call_command("load_demo", "--quick", stdout=io.StringIO())
    assert _counts() == before


def test_demo_attachments_pass_the_upload_checks():
    from lantoa.content.demo.media import docx_bytes, pdf_bytes

    pdf = io.BytesIO(pdf_bytes("Nghị định 158/2025/NĐ-CP", ["Quy định chi tiết về bảo hiểm xã hội bắt buộc."]))
    docx = io.BytesIO(docx_bytes("Kế hoạch truyền thông năm 2026", ["Mục tiêu: lan tỏa chính sách."]))
    assert content_matches_extension(pdf, "pdf")
    assert content_matches_extension(docx, "docx")
