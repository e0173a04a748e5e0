"""Yearly communication plans of each unit, their targets and activities, and communication scenarios."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.metrics import Indicator
from lantoa.taxonomy.models import ContentLanguage, PolicyArea, TargetGroup
from lantoa.units.models import Unit

MIN_YEAR, MAX_YEAR = 2020, 2100


class Channel(models.TextChoices):
    """Where a message reaches people; the platform codes are those of `lantoa.channels`."""

    PORTAL = "portal", _("Cổng thông tin điện tử")
    FACEBOOK = "facebook", _("Facebook")
    ZALO = "zalo", _("Zalo")
    YOUTUBE = "youtube", _("YouTube")
    TIKTOK = "tiktok", _("TikTok")
    EMAIL = "email", _("Bản tin thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")
    LOUDSPEAKER = "loudspeaker", _("Loa truyền thanh cơ sở")
    PRESS = "press", _("Báo chí, phát thanh, truyền hình")
    PRINT = "print", _("Ấn phẩm in (tờ rơi, áp phích)")
    DIRECT = "direct", _("Trực tiếp (hội nghị, đối thoại, tư vấn)")


class Format(models.TextChoices):
    ARTICLE = "article", _("Tin, bài viết")
    INFOGRAPHIC = "infographic", _("Infographic")
    VIDEO = "video", _("Video")
    SHORT_VIDEO = "short_video", _("Video ngắn")
    AUDIO = "audio", _("Bản tin âm thanh")
    LEAFLET = "leaflet", _("Tờ rơi")
    POSTER = "poster", _("Áp phích, pano")
    QA = "qa", _("Hỏi – đáp")
    PRESENTATION = "presentation", _("Bài trình bày tại hội nghị")


class Plan(models.Model):
    """A unit's communication plan for one year; below the centre it derives from its parent unit's plan."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="communication_plans"
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    title = models.CharField(_("tên kế hoạch"), max_length=200)
    summary = models.TextField(_("mục tiêu, yêu cầu"), max_length=5000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kế hoạch truyền thông")
        verbose_name_plural = _("kế hoạch truyền thông")
        ordering = ["-year", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="planning_plan_one_per_unit_year")]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.parent_id and (
            self.parent.year != self.year or not self.unit_id or self.parent.unit_id != self.unit.parent_id
        ):
            raise ValidationError({"parent": _("Kế hoạch cấp trên phải là kế hoạch cùng năm của đơn vị cấp trên.")})


class Target(models.Model):
    """One indicator the plan aims at for its year, for the unit and everything below it."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="targets")
    indicator = models.CharField(_("chỉ tiêu"), max_length=32, choices=Indicator.choices)
    value = models.PositiveBigIntegerField(_("giá trị chỉ tiêu"))
    # Only for indicators the system cannot compute (lantoa.metrics has no provider for them).
    manual_actual = models.PositiveBigIntegerField(_("kết quả nhập tay"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["plan", "indicator"]
        constraints = [models.UniqueConstraint(fields=["plan", "indicator"], name="planning_target_one_per_indicator")]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()}: {self.value}"


class Activity(models.Model):
    """Something the plan will do: an article series, an event, a campaign, leaflets, broadcasts…"""

    class Kind(models.TextChoices):
        ARTICLE_SERIES = "article_series", _("Loạt tin, bài")
        CONFERENCE = "conference", _("Hội nghị")
        DIALOGUE = "dialogue", _("Đối thoại")
        KICK_OFF = "kick_off", _("Lễ ra quân, lễ phát động")
        MEDIA_PARTNERSHIP = "media_partnership", _("Phối hợp với cơ quan báo chí")
        SOCIAL_CAMPAIGN = "social_campaign", _("Chiến dịch trên mạng xã hội")
        LEAFLETS = "leaflets", _("Phát tờ rơi")
        LOUDSPEAKER = "loudspeaker", _("Phát thanh trên loa truyền thanh")
        OTHER = "other", _("Hoạt động khác")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Chưa thực hiện")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Đã hoàn thành")
        CANCELLED = "cancelled", _("Đã huỷ")

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="activities")
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("theo hoạt động cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="derived",
    )
    kind = models.CharField(_("loại hoạt động"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=200)
    description = models.TextField(_("nội dung hoạt động"), max_length=5000, blank=True)
    starts_on = models.DateField(_("ngày bắt đầu"))
    ends_on = models.DateField(_("ngày kết thúc"))
    budget = models.DecimalField(
        _("kinh phí (đồng)"), max_digits=15, decimal_places=0, default=0, validators=[MinValueValidator(0)]
    )
    responsible_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị chủ trì"), on_delete=models.PROTECT, related_name="+"
    )
    partners = models.JSONField(_("đơn vị phối hợp"), default=list, blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("nhóm đối tượng"), blank=True, related_name="+")
    policy_areas = models.ManyToManyField(
        PolicyArea, verbose_name=_("lĩnh vực chính sách"), blank=True, related_name="+"
    )
    channels = models.JSONField(_("kênh truyền thông"), default=list, blank=True)
    languages = models.ManyToManyField(ContentLanguage, verbose_name=_("ngôn ngữ"), blank=True, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    # Leaflets handed out, partnership agreements signed: what lantoa.planning.metrics counts (loudspeaker
    # broadcasts are counted from the bulletins' broadcast log, lantoa/bulletins/metrics.py; a quantity here is a note).
    quantity = models.PositiveIntegerField(_("số lượng thực hiện"), null=True, blank=True)
    events = models.ManyToManyField(
        "outreach.Event", verbose_name=_("sự kiện thực hiện"), through="EventLink", blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["plan", "starts_on", "pk"]

    def __str__(self) -> str:
        return self.title


class EventLink(models.Model):
    """The plan activity an outreach event carries out; an event carries out at most one."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="event_links")
    event = models.OneToOneField("outreach.Event", on_delete=models.CASCADE, related_name="plan_link")

    class Meta:
        verbose_name = _("sự kiện của hoạt động")
        verbose_name_plural = _("sự kiện của hoạt động")

    def __str__(self) -> str:
        return f"{self.activity_id} ← {self.event_id}"


class Scenario(models.Model):
    """How to speak to one target group: messages, channels, formats, languages, timing and materials.

    The centre's published templates are adapted by provinces (and communes): an adaptation keeps its
    `template` and the template's `version` it was last aligned with, so a later change of the template shows.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    target_group = models.ForeignKey(
        TargetGroup, verbose_name=_("nhóm đối tượng"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên kịch bản"), max_length=200)
    key_messages = models.TextField(_("thông điệp chính"), max_length=5000)
    channels = models.JSONField(_("kênh khuyến nghị"), default=list, blank=True)
    formats = models.JSONField(_("hình thức thể hiện"), default=list, blank=True)
    languages = models.ManyToManyField(ContentLanguage, verbose_name=_("ngôn ngữ"), blank=True, related_name="+")
    timing = models.TextField(_("thời điểm triển khai"), max_length=2000, blank=True)
    materials = models.ManyToManyField(
        "wagtailcore.Page",
        verbose_name=_("tài liệu (trang nội dung)"),
        through="ScenarioMaterial",
        blank=True,
        related_name="+",
    )
    is_template = models.BooleanField(_("là kịch bản mẫu"), default=False)
    is_published = models.BooleanField(_("đã công bố"), default=False)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    template = models.ForeignKey(
        "self",
        verbose_name=_("kịch bản mẫu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
    )
    template_version = models.PositiveIntegerField(_("phiên bản mẫu đã theo"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kịch bản truyền thông")
        verbose_name_plural = _("kịch bản truyền thông")
        ordering = ["unit__path", "target_group__position", "title"]

    def __str__(self) -> str:
        return self.title

    def ordered_materials(self) -> list:
        """The material pages in the scenario's order."""
        if self.pk is None:
            return []
        return [link.page for link in self.material_links.select_related("page")]

    @property
    def template_changed(self) -> bool:
        return bool(self.template_id and self.template_version and self.template.version > self.template_version)


class ScenarioMaterial(models.Model):
    """A content page a scenario recommends, in the order the scenario lists it (picked in the page chooser)."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="material_links")
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("trang nội dung"), on_delete=models.CASCADE, related_name="+"
    )
    sort_order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tài liệu của kịch bản")
        verbose_name_plural = _("tài liệu của kịch bản")
        ordering = ["scenario", "sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["scenario", "page"], name="planning_material_once")]

    def __str__(self) -> str:
        return f"{self.scenario_id} · {self.sort_order}: {self.page_id}"


class ScenarioRevision(models.Model):
    """The content of a scenario at one version, so an adaptation can show what its template changed since."""

    scenario = models.ForeignKey(Scenario, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    content = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["scenario", "version"]
        constraints = [models.UniqueConstraint(fields=["scenario", "version"], name="planning_revision_unique")]

    def __str__(self) -> str:
        return f"{self.scenario_id} v{self.version}"
