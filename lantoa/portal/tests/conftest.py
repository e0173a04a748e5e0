"""Factories of published content for the portal's tests."""

import itertools

import pytest
from django.core.cache import cache
from wagtail.rich_text import RichText

from lantoa.content.models import ArticlePage, DocumentPage, QuestionPage
from lantoa.portal.cache import clear_process_caches
from lantoa.taxonomy.models import PolicyArea, TargetGroup

_serial = itertools.count(1)


@pytest.fixture
def publish(site):
    """publish(kind="article", parent="centre", title=..., body=..., areas=[slug], groups=[slug], live=True)."""

    def make(kind: str = "article", parent: str = "centre", *, title: str, body: str = "", live: bool = True, **extra):
        areas = extra.pop("areas", [])
        groups = extra.pop("groups", [])
        slug = f"bai-{next(_serial)}"
        if kind == "article":
            page = ArticlePage(title=title, slug=slug, body=[("paragraph", RichText(f"<p>{body}</p>"))], **extra)
        elif kind == "document":
            page = DocumentPage(
                title=title,
                slug=slug,
                body=f"<p>{body}</p>",
                document_number=extra.pop("document_number", "58/2014/QH13"),
                issuing_body="Quốc hội",
                issued_on="2014-11-20",
                **extra,
            )
        else:
            page = QuestionPage(title=title, slug=slug, question=title, answer=f"<p>{body}</p>", **extra)
        page.live = False
        site[parent].add_child(instance=page)
        page.policy_areas.set(PolicyArea.objects.filter(slug__in=areas))
        page.target_groups.set(TargetGroup.objects.filter(slug__in=groups))
        revision = page.save_revision()
        if live:
            revision.publish()
        page.refresh_from_db()
        return page

    return make


@pytest.fixture
def page_cache(settings):
    """The anonymous page cache on, empty at the start of the test."""
    settings.LANTOA_PAGE_CACHE_SECONDS = 600
    cache.clear()
    clear_process_caches()
    yield
    cache.clear()
    clear_process_caches()
