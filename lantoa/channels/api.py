"""API of the channels app: accounts, posts and their delivery status, scoped by role."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.security import django_auth
from wagtail.models import Page

from lantoa.api_inputs import ApiError, Day, Id, PageParams, StrictSchema, not_found, page_of
from lantoa.units.roles import Action
from lantoa.units.selectors import units_for

from . import selectors, services
from .models import ChannelAccount, ChannelPost, PostEngagement

router = Router(tags=["channels"], auth=django_auth)

PostStatus = Literal["draft", "scheduled", "sending", "retrying", "sent", "failed", "cancelled"]


class AccountOut(Schema):
    id: int
    unit_code: str
    platform: str
    name: str
    external_id: str
    credentials: str = Field(description="Only the last four characters of the stored token.")
    token_expires_at: datetime.datetime | None
    status: str
    status_message: str


class AttemptOut(Schema):
    number: int
    outcome: str
    error_kind: str
    http_status: int | None
    platform_message: str
    started_at: datetime.datetime
    finished_at: datetime.datetime | None


class EngagementOut(Schema):
    reach: int | None
    views: int | None
    reactions: int | None
    shares: int | None
    comments: int | None
    fetched_at: datetime.datetime
    error: str


class ChunkOut(Schema):
    number: int
    status: str
    attempts: int
    sent: int
    failed: int
    last_error: str


class PostOut(Schema):
    id: int
    account_id: int
    platform: str
    unit_code: str
    page_id: int | None
    title: str
    message: str
    link: str
    image_url: str
    status: str
    scheduled_at: datetime.datetime | None
    next_attempt_at: datetime.datetime | None
    platform_post_id: str
    last_error: str
    sent_at: datetime.datetime | None
    engagement: EngagementOut | None = Field(None, description="Latest imported figures; empty until imported.")


class DeliveriesOut(Schema):
    recipients: int
    sent: int = Field(description="Accepted by the SMS gateway or the mail server.")
    refused: int
    delivered: int = Field(description="SMS: the gateway's delivery receipt said delivered.")
    undelivered: int = Field(description="SMS: the delivery receipt said failed (the gateway's code is kept).")
    awaiting: int = Field(description="SMS: sent, no delivery receipt yet.")


class PostDetail(PostOut):
    attempts: list[AttemptOut]
    chunks: list[ChunkOut] = Field(description="Newsletter and SMS campaigns: progress of each slice of recipients.")
    deliveries: DeliveriesOut | None = Field(None, description="Newsletter and SMS campaigns: recipients' outcomes.")


class FiguresOut(Schema):
    posts: int
    measured: int
    reach: int
    views: int
    reactions: int
    shares: int
    comments: int


class EngagementTotalsOut(FiguresOut):
    by_platform: dict[str, FiguresOut]


class EngagementFilters(StrictSchema):
    unit: str = Field(max_length=16, description="Unit code; its units below are included.")
    start: Day
    end: Day


class PostPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PostOut]


class PostFilters(StrictSchema):
    status: PostStatus | None = None
    account: Id | None = None


class ComposeIn(StrictSchema):
    page_id: Id
    account_ids: list[Id] = Field(min_length=1, max_length=20)


class ScheduleIn(StrictSchema):
    scheduled_at: datetime.datetime | None = Field(None, description="Empty: publish now.")


def _account_out(account: ChannelAccount) -> dict:
    return {
        "id": account.pk,
        "unit_code": account.unit.code,
        "platform": account.platform,
        "name": account.name,
        "external_id": account.external_id,
        "credentials": account.credentials_hint,
        "token_expires_at": account.token_expires_at,
        "status": account.status,
        "status_message": account.status_message,
    }


def _post_out(post: ChannelPost) -> dict:
    return {
        "id": post.pk,
        "account_id": post.account_id,
        "platform": post.account.platform,
        "unit_code": post.account.unit.code,
        "page_id": post.page_id,
        "title": post.title,
        "message": post.message,
        "link": post.link,
        "image_url": post.image_url,
        "status": post.status,
        "scheduled_at": post.scheduled_at,
        "next_attempt_at": post.next_attempt_at,
        "platform_post_id": post.platform_post_id,
        "last_error": post.last_error,
        "sent_at": post.sent_at,
        "engagement": _engagement_out(post),
    }


def _engagement_out(post: ChannelPost) -> dict | None:
    try:
        engagement = post.engagement
    except PostEngagement.DoesNotExist:
        return None
    return {name: getattr(engagement, name) for name in (*PostEngagement.FIGURES, "fetched_at", "error")}


@router.get("/accounts", response=list[AccountOut], summary="Tài khoản kênh (channel accounts in scope)")
def list_accounts(request):
    return [_account_out(account) for account in selectors.accounts_for(request.user)]


@router.get("/posts", response=PostPage, summary="Bài đăng kênh (channel posts in scope)")
def list_posts(request, filters: Query[PostFilters], paging: Query[PageParams]):
    posts = selectors.posts_for(request.user).select_related("engagement")
    if filters.status:
        posts = posts.filter(status=filters.status)
    if filters.account:
        posts = posts.filter(account_id=filters.account)
    items, count = page_of(posts, paging)
    return {"count": count, "page": paging.page, "page_size": paging.page_size, "items": [_post_out(p) for p in items]}


@router.get("/posts/{post_id}", response=PostDetail, summary="Một bài đăng và các lần gửi (post with attempts)")
def get_post(request, post_id: Id):
    post = selectors.posts_for(request.user).filter(pk=post_id).first()
    if post is None:
        raise not_found(_("Không tìm thấy bài đăng."))
    attempts = [
        {
            "number": a.number,
            "outcome": a.outcome,
            "error_kind": a.error_kind,
            "http_status": a.http_status,
            "platform_message": a.platform_message,
            "started_at": a.started_at,
            "finished_at": a.finished_at,
        }
        for a in post.attempts.all()
    ]
    chunks = [
        {
            "number": c.number,
            "status": c.status,
            "attempts": c.attempts,
            "sent": c.sent,
            "failed": c.failed,
            "last_error": c.last_error,
        }
        for c in post.chunks.all()
    ]
    deliveries = selectors.delivery_counts(post) if post.account.platform in services.CAMPAIGN_PLATFORMS else None
    return {**_post_out(post), "attempts": attempts, "chunks": chunks, "deliveries": deliveries}


@router.get("/engagement", response=EngagementTotalsOut, summary="Tương tác theo đơn vị (engagement totals)")
def engagement(request, filters: Query[EngagementFilters]):
    unit = units_for(request.user).filter(code=filters.unit).first()
    if unit is None:
        raise not_found(_("Không tìm thấy đơn vị."))
    if filters.end < filters.start or (filters.end - filters.start).days > 366:
        raise ApiError(422, _("Khoảng thời gian không hợp lệ (tối đa một năm)."))
    return selectors.engagement_totals(unit, filters.start, filters.end)


@router.post("/posts", response={201: list[PostOut]}, summary="Soạn bài đăng từ một trang (compose from a page)")
def compose(request, data: ComposeIn):
    page = Page.objects.live().filter(pk=data.page_id).first()
    if page is None:
        raise ApiError(422, _("Không có trang đã xuất bản với mã %(id)s.") % {"id": data.page_id})
    accounts = list(selectors.accounts_for(request.user, Action.EDIT).filter(pk__in=data.account_ids))
    if len(accounts) != len(set(data.account_ids)):
        raise ApiError(422, _("Có tài khoản kênh không tồn tại hoặc ngoài phạm vi của bạn."))
    posts = services.compose_posts(user=request.user, page=page, accounts=accounts)
    return Status(201, [_post_out(post) for post in posts])


@router.post("/posts/{post_id}/schedule", response=PostOut, summary="Đăng ngay hoặc lên lịch (publish or schedule)")
def schedule(request, post_id: Id, data: ScheduleIn):
    post = selectors.posts_for(request.user).filter(pk=post_id).first()
    if post is None:
        raise not_found(_("Không tìm thấy bài đăng."))
    post = services.schedule_post(user=request.user, post=post, scheduled_at=data.scheduled_at)
    return _post_out(selectors.posts_for(request.user).get(pk=post.pk))
