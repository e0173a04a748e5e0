"""The portal's own error pages (400, 403, 404, 500 and a refused CSRF check), in the reader's language.

One light template rendered with a plain Context: no context processor, no query, so the 500 page
still renders when the database is what failed. The language comes from the URL prefix (/en/, /hmn/),
not from anything the failed request may or may not have set up.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template import Context, loader
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import requires_csrf_token

TEMPLATE = "portal/error.html"
FALLBACK = (
    '<!doctype html><html lang="{language}"><meta charset="utf-8"><title>{title}</title>'
    "<h1>{title}</h1><p>{message}</p>"
    '<p><a href="{search_url}">{search_url}</a> · <a href="{home_url}">{home_url}</a></p>'
)
logger = logging.getLogger(__name__)


def _language(request) -> str:
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def _url(name: str, fallback: str, **kwargs) -> str:
    try:
        return reverse(name, **kwargs)
    except NoReverseMatch:
        return fallback


def render_error(request, status: int, title: str, message: str) -> HttpResponse:
    """`title` and `message` are msgids: translated here, inside the reader's language."""
    language = _language(request)
    with translation.override(language):
        prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
        context = {
            "language": language,
            "status": status,
            "title": _(title),
            "message": _(message),
            "home_url": _url("wagtail_serve", f"{prefix}/", args=[""]),
            "search_url": _url("portal:search", f"{prefix}/tim-kiem/"),
        }
        try:
            html = loader.get_template(TEMPLATE).template.render(Context(context, autoescape=True))
        except Exception:  # an error page must not fail, e.g. on a static manifest without the stylesheet
            logger.exception("error page %s could not be rendered", status)
            html = FALLBACK.format(language=language, **{k: escape(v) for k, v in context.items() if k != "language"})
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response["Content-Language"] = language
    return response


# Marked for makemessages; translated in render_error, once the reader's language is known.
BAD_REQUEST = (
    gettext_noop("Yêu cầu không hợp lệ"),
    gettext_noop("Địa chỉ hoặc dữ liệu gửi lên không đúng. Hãy kiểm tra lại địa chỉ, hoặc tìm nội dung bạn cần."),
)
FORBIDDEN = (
    gettext_noop("Không có quyền xem trang này"),
    gettext_noop("Trang này không mở cho bạn. Hãy về trang chủ hoặc tìm nội dung bạn cần."),
)
NOT_FOUND = (
    gettext_noop("Không tìm thấy trang"),
    gettext_noop("Trang bạn tìm không có hoặc đã được chuyển đi. Hãy tìm nội dung bạn cần, hoặc về trang chủ."),
)
SERVER_ERROR = (
    gettext_noop("Hệ thống đang gặp sự cố"),
    gettext_noop("Xin lỗi, trang chưa hiển thị được. Hãy thử lại sau ít phút."),
)
CSRF_FAILURE = (
    gettext_noop("Chưa gửi được biểu mẫu"),
    gettext_noop(
        "Phiên làm việc đã hết hạn hoặc trình duyệt chặn cookie. Hãy tải lại trang, điền lại rồi gửi lần nữa."
    ),
)


def bad_request(request, exception=None):
    return render_error(request, 400, *BAD_REQUEST)


def permission_denied(request, exception=None):
    return render_error(request, 403, *FORBIDDEN)


def page_not_found(request, exception=None):
    return render_error(request, 404, *NOT_FOUND)


def server_error(request):
    return render_error(request, 500, *SERVER_ERROR)


@requires_csrf_token
def csrf_failure(request, reason=""):
    return render_error(request, 403, *CSRF_FAILURE)
