"""Admin views of the channels app: accounts, composing from a page, editing and scheduling posts, the schedule."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from wagtail.models import Page

from lantoa.units.roles import Action
from lantoa.units.selectors import units_for, user_can

from . import selectors, services
from .forms import AccountForm, PostForm
from .models import ChannelPost


def menu_is_shown(request) -> bool:
    return units_for(request.user, Action.VIEW).exists()


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


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
            services.save_account(
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
            _add_errors(form, error)
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
    return render(request, "channels/admin/posts.html", {"upcoming": upcoming, "recent": recent})


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
    editable = post.status in (ChannelPost.Status.DRAFT, ChannelPost.Status.SCHEDULED)
    form = PostForm(request.POST or None, instance=post, initial={"scheduled_at": post.scheduled_at})
    if request.method == "POST" and editable and form.is_valid():
        try:
            services.update_post(
                user=request.user,
                post=post,
                title=form.cleaned_data["title"],
                message=form.cleaned_data["message"],
                link=form.cleaned_data["link"],
                image_url=form.cleaned_data["image_url"],
            )
            if "publish" in request.POST:
                services.schedule_post(user=request.user, post=post, scheduled_at=form.cleaned_data["scheduled_at"])
            elif "cancel" in request.POST:
                services.cancel_post(user=request.user, post=post)
        except PermissionDenied:
            messages.error(request, _("Bạn không có quyền đăng bài ở đơn vị này; bài vẫn được lưu."))
        except ValidationError as error:
            _add_errors(form, error)
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
            "now": timezone.now(),
        },
    )
