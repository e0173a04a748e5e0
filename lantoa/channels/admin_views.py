"""Admin views of the channels app: accounts, composing from a page, editing and scheduling posts, the schedule
and its calendar."""

import calendar
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from lantoa.admin_forms import add_errors
from lantoa.inputs import query_date, query_integer
from lantoa.units.roles import Action
from lantoa.units.selectors import has_scope, units_for, user_can

from . import selectors, services
from .forms import AccountForm, PostForm
from .models import ChannelAccount, ChannelPost, Platform, PostEngagement

VERIFIABLE = frozenset({Platform.FACEBOOK, Platform.ZALO, Platform.YOUTUBE, Platform.TIKTOK})
# Posts staff may still change or call off: not gone out, not going out this very moment.
CHANGEABLE = (ChannelPost.Status.DRAFT, ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING)


def menu_is_shown(request) -> bool:
    return has_scope(request.user, Action.VIEW)


def accounts_index(request):
    if not menu_is_shown(request):
        raise PermissionDenied
    return render(
        request,
        "channels/admin/accounts.html",
        {
            "accounts": selectors.accounts_for(request.user),
            "alerts": selectors.accounts_needing_attention(request.user),
            "can_add": units_for(request.user, Action.MANAGE).exists(),
        },
    )


@require_http_methods(["GET", "POST"])
def account_edit(request, account_id: int | None = None):
    account = (
        get_object_or_404(selectors.accounts_for(request.user, Action.MANAGE), pk=account_id) if account_id else None
    )
    units = units_for(request.user, Action.MANAGE)
    if not units.exists():
        raise PermissionDenied
    form = AccountForm(request.POST or None, instance=account, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_account(
                user=request.user,
                unit=form.cleaned_data["unit"],
                platform=form.cleaned_data["platform"],
                name=form.cleaned_data["name"],
                external_id=form.cleaned_data["external_id"],
                secret=form.cleaned_data["secret"] or None,
                token_expires_at=form.cleaned_data["token_expires_at"],
                account=account,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            if saved.status == ChannelAccount.Status.REJECTED:
                messages.error(request, _("Đã lưu tài khoản kênh, nhưng: %(why)s") % {"why": saved.status_message})
            elif saved.status == ChannelAccount.Status.UNVERIFIED:
                messages.warning(request, _("Đã lưu tài khoản kênh. %(why)s") % {"why": saved.status_message})
            elif form.cleaned_data["secret"] and saved.platform in VERIFIABLE:
                messages.success(request, _("Đã lưu tài khoản kênh; nền tảng đã xác nhận mã truy cập."))
            else:
                messages.success(request, _("Đã lưu tài khoản kênh."))
            return redirect("channels_accounts")
    return render(request, "channels/admin/account_form.html", {"form": form, "account": account})


def posts_index(request):
    """The schedule: what goes out where and when, upcoming first, then what went out."""
    if not menu_is_shown(request):
        raise PermissionDenied
    posts = selectors.posts_for(request.user)
    upcoming = posts.filter(
        status__in=[ChannelPost.Status.SCHEDULED, ChannelPost.Status.RETRYING, ChannelPost.Status.SENDING]
    ).order_by("next_attempt_at")
    recent = posts.exclude(pk__in=upcoming.values("pk")).order_by("-created_at")[:100]
    publishing_units = set(units_for(request.user, Action.PUBLISH).values_list("pk", flat=True))
    upcoming = list(upcoming)
    for post in upcoming:
        post.can_cancel = post.status in CHANGEABLE and post.account.unit_id in publishing_units
    return render(
        request,
        "channels/admin/posts.html",
        {"upcoming": upcoming, "recent": recent, "alerts": selectors.accounts_needing_attention(request.user)},
    )


@require_POST
def post_cancel(request, post_id: int):
    """Call off a post that has not gone out (scheduled or waiting to retry), from the schedule or the post."""
    post = get_object_or_404(selectors.posts_for(request.user), pk=post_id)
    try:
        services.cancel_post(user=request.user, post=post)
    except PermissionDenied:
        messages.error(request, _("Bạn không có quyền huỷ bài đăng ở đơn vị này."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã huỷ bài đăng; bài sẽ không được gửi."))
    return redirect("channels_posts")


def calendar_view(request):
    """A month or week grid of what goes out and went out, per channel; plain links, no JavaScript."""
    if not menu_is_shown(request):
        raise PermissionDenied
    mode = "week" if request.GET.get("view") == "week" else "month"
    # A date outside 2000–2100 or an id that is not one shows this month and every account, not an error page.
    day = query_date(request.GET, "date") or timezone.localdate()
    accounts = selectors.accounts_for(request.user)
    account_id = query_integer(request.GET, "account")
    account = accounts.filter(pk=account_id).first() if account_id else None
    if mode == "month":
        first = day.replace(day=1)
        start = first - datetime.timedelta(days=first.weekday())
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        end = last + datetime.timedelta(days=7 - last.weekday())
        previous, following = (first - datetime.timedelta(days=1)).replace(day=1), last + datetime.timedelta(days=1)
        title = _("Tháng %(month)s/%(year)s") % {"month": first.month, "year": first.year}
    else:
        start = day - datetime.timedelta(days=day.weekday())
        end = start + datetime.timedelta(days=7)
        previous, following = start - datetime.timedelta(days=7), end
        title = _("Tuần %(start)s – %(end)s") % {
            "start": start.strftime("%d/%m"),
            "end": (end - datetime.timedelta(days=1)).strftime("%d/%m/%Y"),
        }
    tz = timezone.get_current_timezone()
    posts = selectors.calendar_posts(
        request.user,
        datetime.datetime.combine(start, datetime.time.min, tzinfo=tz),
        datetime.datetime.combine(end, datetime.time.min, tzinfo=tz),
    )
    if account is not None:
        posts = posts.filter(account=account)
    by_day: dict[datetime.date, list] = {}
    for post in posts:
        by_day.setdefault(timezone.localtime(post.when).date(), []).append(post)
    days = [start + datetime.timedelta(days=n) for n in range((end - start).days)]
    weeks = [
        [
            {"date": d, "posts": by_day.get(d, []), "outside": mode == "month" and d.month != day.month}
            for d in days[i : i + 7]
        ]
        for i in range(0, len(days), 7)
    ]
    return render(
        request,
        "channels/admin/calendar.html",
        {
            "mode": mode,
            "title": title,
            "weeks": weeks,
            "weekdays": [
                _("Thứ Hai"),
                _("Thứ Ba"),
                _("Thứ Tư"),
                _("Thứ Năm"),
                _("Thứ Sáu"),
                _("Thứ Bảy"),
                _("Chủ Nhật"),
            ],
            "previous": previous.isoformat(),
            "following": following.isoformat(),
            "day": day.isoformat(),
            "today": timezone.localdate(),
            "accounts": accounts,
            "account": account,
            "alerts": selectors.accounts_needing_attention(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def compose(request, page_id: int):
    page = get_object_or_404(Page.objects.live(), pk=page_id).specific
    accounts = selectors.accounts_for(request.user, Action.EDIT)
    if not accounts.exists():
        raise PermissionDenied
    if request.method == "POST":
        chosen = list(accounts.filter(pk__in=request.POST.getlist("accounts")))
        if not chosen:
            messages.error(request, _("Hãy chọn ít nhất một kênh."))
        else:
            try:
                services.compose_posts(user=request.user, page=page, accounts=chosen)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("Đã soạn %(count)s bài đăng; hãy xem lại rồi bấm Đăng.") % {"count": len(chosen)}
                )
                return redirect("channels_posts")
    return render(request, "channels/admin/compose.html", {"page": page, "accounts": accounts})


@require_http_methods(["GET", "POST"])
def post_edit(request, post_id: int):
    post = get_object_or_404(selectors.posts_for(request.user), pk=post_id)
    editable = post.status in CHANGEABLE
    form = PostForm(request.POST or None, instance=post, initial={"scheduled_at": post.scheduled_at})
    if post.account.platform == Platform.SMS:
        # What staff write shares the SMS with the stop note every campaign message ends with.
        limit = services.message_limit(post.account, post.language)
        form.fields["message"].widget.attrs["maxlength"] = limit
        form.fields["message"].help_text = _(
            "Tối đa %(limit)s ký tự; mỗi tin được gửi kèm dòng “%(note)s” để người nhận có thể ngừng nhận tin."
        ) % {"limit": limit, "note": services.sms_stop_note(post.account, post.language)}
    if request.method == "POST" and editable and form.is_valid():
        try:
            # A field this platform does not use is not on the form: the post keeps what it had.
            data = form.cleaned_data
            services.update_post(
                user=request.user,
                post=post,
                title=data.get("title", post.title),
                message=data["message"],
                link=data.get("link", post.link),
                image_url=data.get("image_url", post.image_url),
                video_url=data.get("video_url"),
                video_id=data.get("video_id"),
            )
            if "publish" in request.POST:
                services.schedule_post(user=request.user, post=post, scheduled_at=form.cleaned_data["scheduled_at"])
            elif "cancel" in request.POST:
                services.cancel_post(user=request.user, post=post)
        except PermissionDenied:
            messages.error(request, _("Bạn không có quyền đăng bài ở đơn vị này; bài vẫn được lưu."))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu bài đăng."))
            return redirect("channels_posts")
    return render(
        request,
        "channels/admin/post_form.html",
        {
            "form": form,
            "post": post,
            "editable": editable,
            "can_publish": user_can(request.user, Action.PUBLISH, post.account.unit),
            "attempts": post.attempts.all(),
            "chunks": post.chunks.all()[:200],
            "deliveries": selectors.delivery_counts(post)
            if post.account.platform in services.CAMPAIGN_PLATFORMS
            else None,
            "engagement": PostEngagement.objects.filter(post=post).first(),
            "now": timezone.now(),
        },
    )
