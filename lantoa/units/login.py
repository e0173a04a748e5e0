"""Login throttling (django-axes): per account and address, with a cool-off that doubles as failures go on.

The lock is on the pair (login name, address): the agency's offices sit behind one NAT, so a lock on the
address alone would lock a whole office out after one person's mistakes, and a lock on the login name alone
would let anyone on the Internet lock a colleague out. A pair is locked after LANTOA_LOGIN_FAILURE_LIMIT
failures in a row; it stays locked for LANTOA_LOGIN_COOLOFF_SECONDS, doubled for each further run of
failures of that pair within a day (up to LANTOA_LOGIN_COOLOFF_MAX_SECONDS). While locked, even the right
password is refused without being checked, so a guesser gets a few tries per cool-off and no more.

Every failure is kept in axes' failure log (login name, address, time, whether the pair was locked), shown in
the admin under "Đăng nhập sai" to superusers and, for their own staff, to unit admins.
"""

import unicodedata
from datetime import timedelta

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt, AccessFailureLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy, ngettext
from wagtail.admin.forms.auth import LoginForm
from wagtail.admin.views.account import password_reset_enabled

from lantoa.clientaddr import client_ip

_BACK_OFF_WINDOW = timedelta(days=1)


class StaffLoginForm(LoginForm):
    """Wagtail's login form (WAGTAILADMIN_USER_LOGIN_FORM) with its password field labelled: Wagtail declares the
    field again without a label, so Django showed the field's name, "Password", in English on a Vietnamese page."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = gettext_lazy("Mật khẩu")


def login_address(request) -> str:
    """AXES_CLIENT_IP_CALLABLE: the reader's address as the rest of Lan Toả sees it (LANTOA_TRUSTED_PROXIES)."""
    return client_ip(request.META)


def login_name(request, credentials=None) -> str | None:
    """AXES_USERNAME_CALLABLE: the login name as Django's login form cleans it (stripped, NFKC).

    Otherwise "admin " or a full-width "ａｄｍｉｎ" would sign in as admin while counting as another name here,
    and each spelling would get its own failures and its own back-off.
    """
    raw = credentials.get("username") if credentials else None
    if raw is None and request is not None:
        raw = getattr(request, "data", None) or request.POST
        raw = raw.get("username") if hasattr(raw, "get") else None
    if raw is None:
        return None
    return unicodedata.normalize("NFKC", str(raw).strip())[:150]


def _pair(request, credentials=None) -> tuple[str | None, str | None]:
    username = get_client_username(request, credentials) if request is not None else None
    address = getattr(request, "axes_ip_address", None) or (login_address(request) if request is not None else None)
    return username, address


def max_cool_off() -> timedelta:
    return timedelta(seconds=settings.LANTOA_LOGIN_COOLOFF_MAX_SECONDS)


def cool_off(request=None) -> timedelta:
    """AXES_COOLOFF_TIME: the base cool-off, doubled for each full run of failures of this pair within a day."""
    base = timedelta(seconds=settings.LANTOA_LOGIN_COOLOFF_SECONDS)
    if request is None:
        return base
    username, address = _pair(request)
    if not username or not address:
        return base
    since = timezone.now() - _BACK_OFF_WINDOW
    failures = AccessFailureLog.objects.filter(username=username, ip_address=address, attempt_time__gte=since).count()
    runs = max(failures // max(settings.AXES_FAILURE_LIMIT, 1) - 1, 0)
    return min(base * 2 ** min(runs, 20), max_cool_off())


def _unlock_time(request, credentials=None):
    username, address = _pair(request, credentials)
    last = (
        AccessAttempt.objects.filter(username=username, ip_address=address)
        .order_by("-attempt_time")
        .values_list("attempt_time", flat=True)
        .first()
    )
    return (last or timezone.now()) + cool_off(request)


def lockout_message(request, credentials=None) -> str:
    """When the pair may try again, in the reader's words: minutes from now and the local time."""
    unlock = _unlock_time(request, credentials)
    minutes = max(int((unlock - timezone.now()).total_seconds() + 59) // 60, 1)
    return ngettext(
        "Bạn đã nhập sai quá nhiều lần. Vì an toàn, tài khoản này tạm khoá đăng nhập từ máy này; "
        "hãy thử lại sau %(minutes)d phút (lúc %(time)s).",
        "Bạn đã nhập sai quá nhiều lần. Vì an toàn, tài khoản này tạm khoá đăng nhập từ máy này; "
        "hãy thử lại sau %(minutes)d phút (lúc %(time)s).",
        minutes,
    ) % {"minutes": minutes, "time": date_format(timezone.localtime(unlock), "H:i d/m/Y")}


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the admin's login page again, with when to try again, answered 429."""
    messages.error(request, lockout_message(request, credentials))
    username_field = get_user_model()._meta.get_field(get_user_model().USERNAME_FIELD)
    context = {
        "form": StaffLoginForm(request, initial={"username": (_pair(request, credentials)[0] or "")[:150]}),
        "next": request.POST.get("next") or request.GET.get("next") or "",
        "show_password_reset": password_reset_enabled(),
        "username_field": username_field.verbose_name,
    }
    return render(request, "wagtailadmin/login.html", context, status=429)


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler, cleaning up with the cool-off of each pair rather than of the current request.

    axes deletes every attempt older than the *current* request's cool-off; with a cool-off that differs by
    pair, a request with a short one would lift the longer locks of others. Here only attempts older than the
    longest cool-off are deleted for everyone, and the current pair's own expired attempts for itself.
    """

    def clean_expired_user_attempts(self, request=None, credentials=None) -> int:
        count, _deleted = AccessAttempt.objects.filter(attempt_time__lte=timezone.now() - max_cool_off()).delete()
        if request is not None and getattr(request, "axes_attempt_time", None) is not None:
            username, address = _pair(request, credentials)
            own, _deleted = AccessAttempt.objects.filter(
                username=username, ip_address=address, attempt_time__lte=get_cool_off_threshold(request)
            ).delete()
            count += own
        return count
