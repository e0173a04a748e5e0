"""API of the content: published articles, news, documents and Q&A for everyone; drafts for staff in scope."""

import datetime
from functools import reduce
from operator import or_
from typing import Any, Literal

from django.db.models import Q, QuerySet, prefetch_related_objects
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import AuthorizationError
from ninja.security import django_auth
from wagtail.models import Page
from wagtail.rich_text import expand_db_html

from lantoa.api_inputs import (
    LanguageCode,
    PageParams,
    SearchText,
    Slug,
    StrictSchema,
    UnitCode,
    not_found,
    page_of,
)
from lantoa.baseurl import absolute_url, page_url
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import unit_tree, units_for

from .models import ArticlePage, DocumentPage, QuestionPage
from .selectors import CONTENT_MODELS, content_in_scope, published

router = Router(tags=["content"])

ContentType = Literal["article", "news", "document", "question"]
# Each API type is a page model, narrowed by the article's kind where it has one.
TYPE_MODELS: dict[str, tuple[type[Page], dict[str, str]]] = {
    "article": (ArticlePage, {"kind": ArticlePage.Kind.ARTICLE}),
    "news": (ArticlePage, {"kind": ArticlePage.Kind.NEWS}),
    "document": (DocumentPage, {}),
    "question": (QuestionPage, {}),
}


class ContentFilters(StrictSchema):
    type: ContentType | None = None
    policy_area: Slug | None = None
    target_group: Slug | None = None
    unit: UnitCode | None = Field(None, description="Unit code; content of the units below it is included.")
    language: LanguageCode | None = None
    q: SearchText | None = Field(None, description="Words the title contains.")


class DraftFilters(StrictSchema):
    type: ContentType | None = None
    unit: UnitCode | None = None
    language: LanguageCode | None = None
    q: SearchText | None = None


class ContentSummary(Schema):
    id: int
    type: str
    title: str
    summary: str
    date: datetime.date
    language: str
    unit_code: str
    unit_name: str
    policy_areas: list[str]
    target_groups: list[str]
    url: str | None
    first_published_at: datetime.datetime | None


class ContentPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[ContentSummary]


class FileOut(Schema):
    title: str
    filename: str
    extension: str
    size: int | None
    url: str


class DocumentInfo(Schema):
    number: str
    issuing_body: str
    issued_on: datetime.date
    effective_from: datetime.date | None
    status: str
    status_label: str
    files: list[FileOut]


class ContentDetail(ContentSummary):
    body_html: str = Field(description="The body (article), summary text (document) or answer (Q&A) as HTML.")
    blocks: list[dict[str, Any]] | None = Field(description="The article body as StreamField blocks.")
    question: str | None
    document: DocumentInfo | None


class DraftSummary(Schema):
    id: int
    type: str
    title: str
    language: str
    unit_code: str
    unit_name: str
    status: str
    live: bool
    latest_revision_created_at: datetime.datetime | None
    admin_url: str


class DraftPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[DraftSummary]


def _content_type(page: Page) -> str:
    if isinstance(page, ArticlePage):
        return page.kind
    return "document" if isinstance(page, DocumentPage) else "question"


def _filtered(base, filters: ContentFilters | DraftFilters) -> QuerySet[Page] | None:
    """Pages matching `filters`, drawn from `base(model)` for each content model; None when nothing can match."""
    unit = None
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit, is_active=True).first()
        if unit is None:
            return None
    if filters.type:
        model, narrowing = TYPE_MODELS[filters.type]
        choices = [(model, narrowing)]
    else:
        choices = [(model, {}) for model in CONTENT_MODELS]
    matches = []
    for model, narrowing in choices:
        pages = base(model).filter(**narrowing)
        if unit is not None:
            pages = pages.filter(unit__in=unit_tree(root=unit))
        if filters.language:
            pages = pages.filter(locale__language_code=filters.language)
        if filters.q:
            pages = pages.filter(title__icontains=filters.q)
        if getattr(filters, "policy_area", None):
            pages = pages.filter(policy_areas__slug=filters.policy_area)
        if getattr(filters, "target_group", None):
            pages = pages.filter(target_groups__slug=filters.target_group)
        matches.append(Q(pk__in=pages.values("pk")))
    return Page.objects.filter(reduce(or_, matches))


def _with_relations(pages: list[Page]) -> list[Page]:
    """Specific pages with their unit, locale and tags loaded a few queries per type rather than per item."""
    by_model: dict[type, list[Page]] = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
    for items in by_model.values():
        prefetch_related_objects(items, "unit", "locale", "policy_areas", "target_groups")
    return pages


def _summary(page: Page, request) -> dict[str, Any]:
    return {
        "id": page.pk,
        "type": _content_type(page),
        "title": page.title,
        "summary": page.summary,
        "date": page.date,
        "language": page.locale.language_code,
        "unit_code": page.unit.code,
        "unit_name": page.unit.office_name,
        "policy_areas": [area.slug for area in page.policy_areas.all()],
        "target_groups": [group.slug for group in page.target_groups.all()],
        "url": page_url(page, request),
        "first_published_at": page.first_published_at,
    }


def _empty(paging: PageParams) -> dict[str, Any]:
    return {"count": 0, "page": paging.page, "page_size": paging.page_size, "items": []}


@router.get("/", response=ContentPage, summary="Nội dung đã xuất bản (published content)")
def list_content(request, filters: Query[ContentFilters], paging: Query[PageParams]):
    pages = _filtered(published, filters)
    if pages is None:
        return _empty(paging)
    items, count = page_of(pages.order_by("-first_published_at", "-pk").specific(), paging)
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [_summary(page, request) for page in _with_relations(items)],
    }


@router.get(
    "/drafts",
    response=DraftPage,
    auth=django_auth,
    summary="Bản nháp trong phạm vi (drafts in the caller's units)",
)
def list_drafts(request, filters: Query[DraftFilters], paging: Query[PageParams]):
    """Pages not yet live, in the units the caller may view (their unit and the units below it)."""
    user = request.auth
    if not user.is_superuser and not units_for(user, Action.VIEW).exists():
        raise AuthorizationError
    pages = _filtered(lambda model: content_in_scope(model, user, Action.VIEW).filter(live=False), filters)
    if pages is None:
        return _empty(paging)
    items, count = page_of(pages.order_by("-latest_revision_created_at", "-pk").specific(), paging)
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [_draft(page) for page in _with_relations(items)],
    }


def _draft(page: Page) -> dict[str, Any]:
    return {
        "id": page.pk,
        "type": _content_type(page),
        "title": page.title,
        "language": page.locale.language_code,
        "unit_code": page.unit.code,
        "unit_name": page.unit.office_name,
        "status": str(page.status_string),
        "live": page.live,
        "latest_revision_created_at": page.latest_revision_created_at,
        "admin_url": reverse("wagtailadmin_pages:edit", args=[page.pk]),
    }


@router.get("/{page_id}", response=ContentDetail, summary="Một nội dung đã xuất bản (published content by id)")
def get_content(request, page_id: int = Path(..., ge=1, le=2_147_483_647)):
    page = None
    for model in CONTENT_MODELS:
        page = published(model).filter(pk=page_id).first()
        if page is not None:
            break
    if page is None:
        raise not_found(_("Không tìm thấy nội dung số %(id)s.") % {"id": page_id})
    page = _with_relations([page])[0]
    detail = _summary(page, request) | {"blocks": None, "question": None, "document": None}
    if isinstance(page, ArticlePage):
        detail["body_html"] = str(page.body)
        detail["blocks"] = page.body.stream_block.get_api_representation(page.body, context={"request": request})
    elif isinstance(page, DocumentPage):
        detail["body_html"] = expand_db_html(page.body)
        detail["document"] = {
            "number": page.document_number,
            "issuing_body": page.issuing_body,
            "issued_on": page.issued_on,
            "effective_from": page.effective_from,
            "status": page.status,
            "status_label": str(page.get_status_display()),
            "files": [_file(attachment, request) for attachment in page.attachments.select_related("document")],
        }
    else:
        detail["body_html"] = expand_db_html(page.answer)
        detail["question"] = page.question
    return detail


def _file(attachment, request) -> dict[str, Any]:
    document = attachment.document
    return {
        "title": attachment.title or document.title,
        "filename": document.filename,
        "extension": document.file_extension,
        "size": document.file_size,
        "url": absolute_url(document.url),
    }
