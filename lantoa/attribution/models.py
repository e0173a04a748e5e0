"""Participant lists imported from the agency's participant management system, the enrolments they hold (as
digests only) and the matches of those enrolments to registrations of interest."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.digests import DIGEST_LENGTH
from lantoa.outreach.models import Registration, Scheme
from lantoa.units.models import Unit


class Field(models.TextChoices):
    """The columns an import reads, whatever the file calls them."""

    INSURANCE_NUMBER = "insurance_number", _("Mã số BHXH")
    NAME = "name", _("Họ và tên")
    BORN = "born", _("Ngày sinh")
    PHONE = "phone", _("Số điện thoại")
    COMMUNE = "commune", _("Mã xã, phường")
    SCHEME = "scheme", _("Loại hình tham gia")
    START = "start", _("Ngày bắt đầu tham gia")


OPTIONAL_FIELDS = {Field.PHONE}


class ListLayout(models.Model):
    """How the columns of one file layout (its header row) map to the fields: chosen once, used for every file
    with the same header."""

    signature = models.CharField(max_length=64, unique=True)
    headers = models.JSONField(default=list)
    mapping = models.JSONField(default=dict)  # field → column index
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mẫu cột danh sách")
        verbose_name_plural = _("mẫu cột danh sách")

    def __str__(self) -> str:
        return " | ".join(self.headers)[:120]


class ParticipantList(models.Model):
    """One uploaded file of new participants: its progress, its counts and the rows refused, never its people.

    The file itself is staged outside the media root only until the import ends, then deleted."""

    class Status(models.TextChoices):
        MAPPING = "mapping", _("Chờ chọn cột")
        QUEUED = "queued", _("Đang chờ chạy")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị nhập"), on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("ngày nhập"), auto_now_add=True)
    file_name = models.CharField(_("tệp"), max_length=255)
    file_sha256 = models.CharField(max_length=64, db_index=True)
    staged_file = models.CharField(max_length=500, blank=True)
    layout = models.ForeignKey(ListLayout, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.MAPPING)
    total = models.PositiveIntegerField(_("số dòng"), default=0)
    done = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(_("người tham gia mới"), default=0)
    known = models.PositiveIntegerField(_("đã có từ trước"), default=0)
    rejected = models.PositiveIntegerField(_("dòng bị từ chối"), default=0)
    # [[row number, field, reason]]: the first REJECTS_KEPT refused rows, never a value from the row.
    rejects = models.JSONField(default=list, blank=True)
    period_start = models.DateField(_("từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("đến ngày"), null=True, blank=True)
    matched = models.PositiveIntegerField(_("đối chiếu khớp"), default=0)
    message = models.CharField(max_length=500, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    REJECTS_KEPT = 1000

    class Meta:
        verbose_name = _("danh sách người tham gia")
        verbose_name_plural = _("danh sách người tham gia")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} · {self.get_status_display()}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(int(100 * self.done / self.total), 99) if self.total else 0


class Enrolment(models.Model):
    """A new participant from a list: where, in which scheme and since when, and digests of who (never the
    identifiers). Past the registrations' retention the digests are blanked; the counts stay."""

    participant_list = models.ForeignKey(ParticipantList, on_delete=models.PROTECT, related_name="enrolments")
    commune = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    scheme = models.CharField(_("loại hình"), max_length=20, choices=Scheme.choices)
    start_date = models.DateField(_("ngày bắt đầu tham gia"))
    person = models.CharField(max_length=DIGEST_LENGTH, null=True, blank=True)  # the social insurance number's
    # Not indexed: matching reads the registrations' digests by index and these only in a hash join, and every
    # index is one more random write per imported row (bench/attribution/results.md).
    phone = models.CharField(max_length=DIGEST_LENGTH, blank=True)
    identity = models.CharField(max_length=DIGEST_LENGTH, blank=True)  # name + born + commune
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("người tham gia mới")
        verbose_name_plural = _("người tham gia mới")
        constraints = [
            # The same person starting the same scheme on the same day is one enrolment, whichever file says so.
            models.UniqueConstraint(fields=["person", "scheme", "start_date"], name="attribution_enrolment_once")
        ]
        indexes = [models.Index(fields=["start_date", "scheme"], name="attribution_enrolment_day")]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.get_scheme_display()} · {self.start_date:%d/%m/%Y}"


class Match(models.Model):
    """An enrolment credited to one registration of interest, by which rule and with what confidence."""

    class Rule(models.TextChoices):
        PHONE_AND_PERSON = "phone+person", _("Số điện thoại, họ tên và ngày sinh")
        PHONE = "phone", _("Số điện thoại")
        PERSON = "person", _("Họ tên, ngày sinh và xã, phường")

    CONFIDENCE = {Rule.PHONE_AND_PERSON: 99, Rule.PHONE: 90, Rule.PERSON: 85}

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="match")
    registration = models.OneToOneField(Registration, on_delete=models.CASCADE, related_name="enrolment_match")
    rule = models.CharField(_("quy tắc"), max_length=12, choices=Rule.choices)
    confidence = models.PositiveSmallIntegerField(_("độ tin cậy (%)"))
    days = models.PositiveIntegerField(_("số ngày từ đăng ký đến tham gia"))
    matched_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("kết quả đối chiếu")
        verbose_name_plural = _("kết quả đối chiếu")

    def __str__(self) -> str:
        return f"#{self.registration_id} ↔ #{self.enrolment_id} ({self.rule})"
