"""Report templates and their indicators, reports per unit and period with their values, reminders and exports."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from lantoa.units.models import Unit

indicator_code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,39}$", _("Mã chỉ tiêu chỉ gồm chữ thường không dấu, chữ số và dấu gạch dưới.")
)


class Periodicity(models.TextChoices):
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")
    HALF_YEARLY = "half_yearly", _("6 tháng")
    YEARLY = "yearly", _("Hằng năm")


class ReportTemplate(ClusterableModel):
    """What the centre asks units to report: a set of indicators, how often, and which levels report."""

    code = models.SlugField(_("mã mẫu"), max_length=60, unique=True)
    name = models.CharField(_("tên mẫu báo cáo"), max_length=200)
    periodicity = models.CharField(_("kỳ báo cáo"), max_length=16, choices=Periodicity.choices)
    levels = models.JSONField(
        _("cấp báo cáo"), default=list, help_text=_("Các cấp đơn vị phải lập báo cáo theo mẫu này.")
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("hạn nộp (số ngày sau khi hết kỳ)"), default=10, help_text=_("Báo cáo cấp xã phải gửi trong số ngày này.")
    )
    province_extra_days = models.PositiveSmallIntegerField(
        _("số ngày thêm cho cấp tỉnh"),
        default=5,
        help_text=_("Cấp tỉnh tổng hợp sau cấp xã nên có thêm số ngày này."),
    )
    reminder_days = models.PositiveSmallIntegerField(_("nhắc trước hạn (ngày)"), default=3)
    description = models.TextField(_("mô tả"), blank=True)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("code"),
        FieldRowPanel([FieldPanel("periodicity"), FieldPanel("levels")]),
        FieldRowPanel([FieldPanel("deadline_days"), FieldPanel("province_extra_days"), FieldPanel("reminder_days")]),
        FieldPanel("description"),
        FieldPanel("is_active"),
        InlinePanel("indicators", heading=_("Chỉ tiêu"), min_num=1),
    ]

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        allowed = {Unit.Level.COMMUNE, Unit.Level.PROVINCE}
        if not isinstance(self.levels, list) or not self.levels or not set(self.levels) <= allowed:
            raise ValidationError({"levels": _("Chọn ít nhất một cấp báo cáo: cấp xã và/hoặc cấp tỉnh.")})

    def deadline_for(self, level: str, period_end):
        import datetime

        days = self.deadline_days + (self.province_extra_days if level == Unit.Level.PROVINCE else 0)
        return period_end + datetime.timedelta(days=days)


class TemplateIndicator(models.Model):
    """One indicator of a template: its code, name, unit of measure, how it aggregates and where it comes from."""

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cộng")
        AVERAGE = "average", _("Bình quân")
        RATIO = "ratio", _("Tỷ lệ của hai chỉ tiêu")

    class Source(models.TextChoices):
        SYSTEM = "system", _("Tính từ hệ thống")
        MANUAL = "manual", _("Nhập tay")

    template = ParentalKey(ReportTemplate, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("mã chỉ tiêu"), max_length=40, validators=[indicator_code_validator])
    name = models.CharField(_("tên chỉ tiêu"), max_length=255)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40)
    aggregation = models.CharField(_("cách tổng hợp"), max_length=8, choices=Aggregation.choices, default="sum")
    source = models.CharField(_("nguồn số liệu"), max_length=8, choices=Source.choices, default="manual")
    numerator_code = models.CharField(_("chỉ tiêu tử số"), max_length=40, blank=True)
    denominator_code = models.CharField(_("chỉ tiêu mẫu số"), max_length=40, blank=True)
    scale = models.PositiveIntegerField(_("hệ số"), default=1, help_text=_("100 để tính tỷ lệ phần trăm."))
    decimal_places = models.PositiveSmallIntegerField(_("số chữ số thập phân"), default=0)
    min_value = models.DecimalField(_("giá trị nhỏ nhất"), max_digits=20, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(_("giá trị lớn nhất"), max_digits=20, decimal_places=4, null=True, blank=True)
    required = models.BooleanField(_("bắt buộc"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("order"), FieldPanel("code"), FieldPanel("unit_of_measure")]),
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("aggregation"), FieldPanel("source"), FieldPanel("required")]),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("numerator_code"), FieldPanel("denominator_code"), FieldPanel("scale")])],
            heading=_("Tỷ lệ"),
        ),
        FieldRowPanel([FieldPanel("decimal_places"), FieldPanel("min_value"), FieldPanel("max_value")]),
    ]

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="reports_indicator_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_manual(self) -> bool:
        """Typed by staff (kept apart from computed figures and marked so on every screen and export)."""
        return self.source == self.Source.MANUAL and not self.is_derived

    @property
    def is_derived(self) -> bool:
        """A ratio is computed from two other indicators of the same report, never entered."""
        return self.aggregation == self.Aggregation.RATIO

    def clean(self):
        super().clean()
        if self.is_derived and not (self.numerator_code and self.denominator_code):
            raise ValidationError(_("Chỉ tiêu tỷ lệ cần có chỉ tiêu tử số và mẫu số."))
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValidationError({"max_value": _("Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.")})
        if self.decimal_places > 4:
            raise ValidationError({"decimal_places": _("Tối đa 4 chữ số thập phân.")})


class Report(models.Model):
    """One unit's report for one period of a template: its values, its narrative and where it is in the workflow."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        SUBMITTED = "submitted", _("Đã gửi")
        REVIEWED = "reviewed", _("Đã xem xét")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã phê duyệt")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    template = models.ForeignKey(
        ReportTemplate, verbose_name=_("mẫu"), on_delete=models.PROTECT, related_name="reports"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField(_("từ ngày"))
    period_end = models.DateField(_("đến ngày"))
    deadline = models.DateField(_("hạn nộp"))
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    narrative = models.TextField(_("thuyết minh"), blank=True)
    return_comment = models.TextField(_("ý kiến trả lại"), blank=True)
    revision = models.PositiveIntegerField(_("lần điều chỉnh"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-period_start", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["template", "unit", "period_start"], name="reports_one_per_unit_period"),
        ]
        indexes = [models.Index(fields=["template", "status", "period_start"], name="reports_tpl_status_start")]

    def __str__(self) -> str:
        return f"{self.template} · {self.unit} · {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE


class ReportValue(models.Model):
    """The value of one indicator in one report, and where it came from."""

    class Origin(models.TextChoices):
        SYSTEM = "system", _("Từ hệ thống")
        MANUAL = "manual", _("Nhập tay")
        ROLLUP = "rollup", _("Tổng hợp từ cấp dưới")
        DERIVED = "derived", _("Tính từ chỉ tiêu khác")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(TemplateIndicator, on_delete=models.PROTECT, related_name="values")
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4, null=True, blank=True)
    origin = models.CharField(_("nguồn"), max_length=8, choices=Origin.choices, default=Origin.MANUAL)
    note = models.CharField(_("giải trình"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="reports_one_value_per_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator.code}={self.value}"


class Reminder(models.Model):
    """A reminder already sent for a unit's report of one period: a second run of the job sends nothing."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", _("Sắp đến hạn")
        OVERDUE = "overdue", _("Quá hạn")

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["template", "unit", "period_start", "kind"], name="reports_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.unit_id} · {self.period_start}"


class ReportExport(models.Model):
    """An XLSX or PDF file built in the background for one user; downloaded by that user only."""

    class Kind(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang tạo")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Lỗi")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=4, choices=Kind.choices)
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file_name = models.CharField(max_length=200, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} · {self.unit_id} · {self.period_start} · {self.status}"


class ApprovedTotal(models.Model):
    """Running totals of the approved values below a unit, per level, period and indicator.

    Kept by the workflow (approve adds a report's values to every unit above it, reopen takes them
    away), so a roll-up reads a few rows instead of every value; `rebuild_report_totals` recomputes them.
    """

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    level = models.CharField(max_length=16, choices=Unit.Level.choices)  # level of the reports added up
    period_start = models.DateField()
    period_end = models.DateField()
    indicator = models.ForeignKey(TemplateIndicator, on_delete=models.CASCADE, related_name="+")
    total = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    count = models.PositiveIntegerField(default=0)  # values that were not empty

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["template", "unit", "level", "period_start", "indicator"], name="reports_approved_total_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} · {self.level} · {self.period_start} · {self.indicator_id} = {self.total}"
