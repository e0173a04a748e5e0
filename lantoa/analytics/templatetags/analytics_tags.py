"""Template tags of the analytics dashboard: metric names, values and comparison ratios, formatted in Vietnamese."""

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

register = template.Library()

METRIC_LABELS = {
    "visits": gettext_lazy("Lượt truy cập"),
    "visitors": gettext_lazy("Khách truy cập"),
    "pageviews": gettext_lazy("Lượt xem trang"),
    "bounce_rate": gettext_lazy("Tỷ lệ thoát"),
    "time_on_page": gettext_lazy("Thời gian trên trang"),
}
REASON_LABELS = {
    "accepted": gettext_lazy("Đã nhận"),
    "engagement": gettext_lazy("Đã nhận: thời gian xem trang"),
    "bot": gettext_lazy("Bỏ qua: máy (bot)"),
    "do_not_track": gettext_lazy("Bỏ qua: người đọc chọn không theo dõi"),
    "staff": gettext_lazy("Bỏ qua: cán bộ đã đăng nhập"),
    "replay": gettext_lazy("Bỏ qua: gửi lặp lại"),
    "flood": gettext_lazy("Từ chối: gửi dồn dập"),
    "burst": gettext_lazy("Từ chối: một địa chỉ gửi dồn dập"),
    "visitor_budget": gettext_lazy("Gộp làm một khách: một địa chỉ vượt hạn mức khách mới trong ngày"),
    "malformed": gettext_lazy("Từ chối: sai định dạng"),
    "oversized": gettext_lazy("Từ chối: quá lớn"),
    "foreign_site": gettext_lazy("Từ chối: trang web khác"),
    "outside_window": gettext_lazy("Từ chối: ngày ngoài thời hạn lưu dữ liệu gốc"),
    "dropped_buffer_full": gettext_lazy("Mất: hàng đợi đầy"),
    "store_error": gettext_lazy("Lỗi kho dữ liệu (đã giữ lại)"),
    "error": gettext_lazy("Lỗi khác"),
}


@register.simple_tag
def metric_name(metric: str) -> str:
    return str(METRIC_LABELS.get(metric, metric))


@register.simple_tag
def reason_name(reason: str) -> str:
    return str(REASON_LABELS.get(reason, reason))


@register.simple_tag
def metric_value(metric: str, value) -> str:
    if value is None:
        return "–"
    if metric == "bounce_rate":
        return f"{number_format(value * 100, 1, use_l10n=True)} %"
    if metric == "time_on_page":
        minutes, seconds = divmod(round(value), 60)
        return (
            _("%(m)s phút %(s)s giây") % {"m": minutes, "s": seconds} if minutes else _("%(s)s giây") % {"s": seconds}
        )
    return number_format(value, 0, use_l10n=True, force_grouping=True)


@register.simple_tag
def ratio_badge(ratio) -> str:
    """ "×1,9" in green when up, red when down: how the agency reports growth ("nearly twofold")."""
    if ratio is None:
        return ""
    css = "lt-up" if ratio >= 1 else "lt-down"
    return format_html('<span class="{}">×{}</span>', css, number_format(ratio, 2, use_l10n=True))


@register.simple_tag(takes_context=True)
def pixel_query(context) -> str:
    """The no-JavaScript pixel's query string (`analytics/beacon.html`): the page's address (`u`), the referrer (`r`)
    and the page (`p`).

    The address is the one the page cache keeps the page under, with the names of the click ids it dropped and not
    their values (`request.address_for_analytics`, set by `lantoa.portal.cache`). The referrer is there only in a page
    rendered for its reader alone: a page the cache may serve to others (`request.rendered_for_others`) would give
    every later reader the first one's."""
    from urllib.parse import quote, urlencode

    request, page = context.get("request"), context.get("page")
    if request is None:
        return ""
    params = {"u": getattr(request, "address_for_analytics", None) or request.get_full_path()}
    referrer = request.META.get("HTTP_REFERER", "")
    if referrer and not getattr(request, "rendered_for_others", False):
        params["r"] = referrer
    if getattr(page, "pk", None):
        params["p"] = page.pk
    return urlencode(params, safe="", quote_via=quote)  # as the `urlencode:''` filter: a space is %20
