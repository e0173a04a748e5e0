"""Template tags of the planning admin: the readable name and value of a scenario's field."""

from django import template
from django.utils.html import conditional_escape, format_html_join, linebreaks
from django.utils.translation import gettext_lazy as _

from lantoa.taxonomy.models import ContentLanguage

from ..models import Channel, Format

register = template.Library()

FIELD_LABELS = {
    "title": _("Tên kịch bản"),
    "key_messages": _("Thông điệp chính"),
    "channels": _("Kênh khuyến nghị"),
    "formats": _("Hình thức thể hiện"),
    "languages": _("Ngôn ngữ"),
    "timing": _("Thời điểm triển khai"),
    "materials": _("Tài liệu truyền thông"),
}


@register.simple_tag
def field_label(name: str) -> str:
    return str(FIELD_LABELS.get(name, name))


@register.simple_tag
def scenario_value(name: str, value):
    """A stored value (codes, ids or text) as the reader sees it, escaped."""
    if not value:
        return "—"
    if name in ("key_messages", "timing"):
        return linebreaks(conditional_escape(value))
    if name == "channels":
        labels = dict(Channel.choices)
        items = [labels.get(code, code) for code in value]
    elif name == "formats":
        labels = dict(Format.choices)
        items = [labels.get(code, code) for code in value]
    elif name == "languages":
        names = dict(ContentLanguage.objects.filter(code__in=value).values_list("code", "name"))
        items = [names.get(code, code) for code in value]
    elif name == "materials":
        from wagtail.models import Page

        titles = dict(Page.objects.filter(pk__in=value).values_list("pk", "title"))
        items = [titles.get(pk, f"#{pk}") for pk in value]
    else:
        return conditional_escape(value)
    return format_html_join(", ", "{}", ((str(item),) for item in items))
