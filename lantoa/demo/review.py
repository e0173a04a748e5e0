"""Demo drafts in review: in every content unit, an article waiting at the editorial workflow's first step and a
live article with a newer, unpublished title, so that scope on reads can be tried on the demo as staff of another
unit (docs/security-scope.md)."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from lantoa.content.models import ArticlePage, HomePage, UnitPage
from lantoa.units.models import Unit

REVISED_SUFFIX = " (bản sửa chưa duyệt)"


def _root(unit: Unit, locale) -> Page:
    if unit.level == Unit.Level.CENTRE:
        return HomePage.objects.get(locale=locale)
    return UnitPage.objects.get(unit=unit, locale=locale)


def create_drafts_in_review(units: list[Unit]) -> int:
    """One draft in review per unit, and a newer draft of one of its live articles; a second run adds nothing."""
    vi = Locale.objects.get(language_code="vi")
    admin = get_user_model().objects.get(username="admin")
    created = 0
    for unit in units:
        root = _root(unit, vi)
        slug = f"du-thao-cho-duyet-{unit.code}"
        if root.get_children().filter(slug=slug).exists():
            continue
        with transaction.atomic():
            draft = ArticlePage(
                title=f"Dự thảo: kế hoạch truyền thông BHXH tự nguyện quý tới – {unit.office_name}",
                slug=slug,
                live=False,
                date=timezone.localdate() + datetime.timedelta(days=7),
                summary="Bản dự thảo gửi duyệt, chưa công bố.",
            )
            draft = root.add_child(instance=draft)
            draft.save_revision(user=admin)
            draft.get_workflow().start(draft, admin)
            live = ArticlePage.objects.child_of(root).live().order_by("-date", "-pk").first()
            if live is not None and not live.has_unpublished_changes:
                live.title = f"{live.title}{REVISED_SUFFIX}"[:255]
                live.save_revision(user=admin)
            created += 1
    return created
