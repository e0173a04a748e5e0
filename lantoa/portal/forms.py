"""GET forms of the portal: what a reader may filter search results and listings by."""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from lantoa.cache import Fragments

from .models import SearchEntry
from .selectors import QUERY_MAX_CHARS, Filters, content_languages, filter_choices

KIND_CHOICES = [
    ("", _("Tất cả loại")),
    (SearchEntry.Kind.ARTICLE, _("Tin tức, bài viết")),
    (SearchEntry.Kind.DOCUMENT, _("Văn bản")),
    (SearchEntry.Kind.QUESTION, _("Hỏi đáp")),
]


# The filters' selects as rendered, by field, value, attributes and language, while the choices are unchanged
# (`cache.Fragments`: kept until the next publish or rename, only in production).
_RENDERED = Fragments(size=512)


class Select(forms.Select):
    """Django's select, its options written here rather than through one template per option: the
    filters list every province, policy area and target group on every search and listing page.

    Rendered once per field name, chosen value, attributes and language, and kept (`_RENDERED`; 1 ms of a search's
    template): every form that uses it gives a field name the same choices (those of `filter_choices`, which change
    only with what bumps the cache's generation). A value that is not one of the choices (what a reader typed) is
    rendered each time, not kept."""

    def render(self, name, value, attrs=None, renderer=None):
        value_text = "" if value is None else str(value)
        if not any(str(choice) == value_text for choice, _label in self.choices):
            return self._render(name, value, attrs)
        key = (name, value_text, flatatt(attrs or {}), get_language())
        return _RENDERED.get_or_make(key, lambda: self._render(name, value, attrs))

    def _render(self, name, value, attrs):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html('<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options)


class PortalFilterForm(forms.Form):
    """Filters shared by search and the listing; an invalid value is reported and ignored."""

    type = forms.ChoiceField(label=_("Loại nội dung"), choices=KIND_CHOICES, required=False, widget=Select)
    area = forms.ChoiceField(label=_("Lĩnh vực"), required=False, widget=Select)
    group = forms.ChoiceField(label=_("Nhóm đối tượng"), required=False, widget=Select)
    province = forms.ChoiceField(label=_("Tỉnh, thành phố"), required=False, widget=Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units, areas, groups = filter_choices()
        self._provinces = {u.code: u for u in units}
        self.fields["area"].choices = [("", _("Tất cả lĩnh vực"))] + [(a.slug, a.localized_name) for a in areas]
        self.fields["group"].choices = [("", _("Tất cả nhóm đối tượng"))] + [(g.slug, g.localized_name) for g in groups]
        self.fields["province"].choices = [("", _("Cả nước"))] + [(c, u.short_name) for c, u in self._provinces.items()]

    def filters(self, language: str) -> Filters:
        """The valid filters; call after is_valid()."""
        data = getattr(self, "cleaned_data", {})
        province = self._provinces.get(data.get("province") or "")
        filters = Filters(
            language=language,
            kind=data.get("type") or None,
            policy_area=data.get("area") or None,
            target_group=data.get("group") or None,
            province=province,
        )
        filters.active = [name for name in ("type", "area", "group", "province") if data.get(name)]
        return filters


class SearchForm(PortalFilterForm):
    q = forms.CharField(label=_("Từ khoá"), required=False, strip=True)

    field_order = ["q", "type", "area", "group", "province"]

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            # A very long query is cut rather than refused: the reader still gets results.
            data = data.copy()
            data["q"] = (data.get("q") or "")[:QUERY_MAX_CHARS]
        super().__init__(data, *args, **kwargs)
        self.fields["q"].widget.attrs.update({"type": "search", "maxlength": QUERY_MAX_CHARS, "autocomplete": "off"})


class ListingForm(PortalFilterForm):
    lang = forms.ChoiceField(label=_("Ngôn ngữ"), required=False, widget=Select)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lang"].choices = [("", _("Ngôn ngữ đang xem"))] + [
            (lang.code, lang.native_name or lang.name) for lang in content_languages()
        ]

    def filters(self, language: str) -> Filters:
        data = getattr(self, "cleaned_data", {})
        filters = super().filters(data.get("lang") or language)
        if data.get("lang"):
            filters.active.append("lang")
        return filters
