"""Managed vocabularies: policy areas, target groups, content languages."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Term(models.Model):
    """A named entry of a vocabulary, in Vietnamese with an English name for the portal."""

    slug = models.SlugField(_("đường dẫn"), max_length=80, unique=True)
    name = models.CharField(_("tên"), max_length=150, unique=True)
    name_en = models.CharField(_("tên tiếng Anh"), max_length=150, blank=True)
    description = models.TextField(_("mô tả"), blank=True)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        abstract = True
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        if translation.get_language() == "en" and self.name_en:
            return self.name_en
        return self.name


class PolicyArea(Term):
    """A field of policy the content is about (voluntary social insurance, health insurance, ...)."""

    class Meta(Term.Meta):
        verbose_name = _("lĩnh vực chính sách")
        verbose_name_plural = _("lĩnh vực chính sách")


class TargetGroup(Term):
    """A group of people the content or activity addresses (employees, farmers, ...)."""

    audience_label = models.CharField(
        _("nhãn lối vào"), max_length=80, blank=True, help_text=_("Ví dụ: “Tôi là người lao động”.")
    )
    audience_label_en = models.CharField(_("nhãn lối vào (tiếng Anh)"), max_length=80, blank=True)

    class Meta(Term.Meta):
        verbose_name = _("nhóm đối tượng")
        verbose_name_plural = _("nhóm đối tượng")

    @property
    def localized_audience_label(self) -> str:
        if translation.get_language() == "en" and self.audience_label_en:
            return self.audience_label_en
        return self.audience_label or self.localized_name


class ContentLanguage(models.Model):
    """A language content may be written in; each is a Wagtail locale of the portal."""

    code = models.CharField(_("mã ngôn ngữ"), max_length=12, unique=True, help_text=_("Mã ISO 639, ví dụ vi, en, hmn."))
    name = models.CharField(_("tên"), max_length=80)
    native_name = models.CharField(_("tên bản ngữ"), max_length=80, blank=True)
    is_minority = models.BooleanField(_("tiếng dân tộc thiểu số"), default=False)
    position = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("ngôn ngữ nội dung")
        verbose_name_plural = _("ngôn ngữ nội dung")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name
