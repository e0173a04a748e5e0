"""Outreach events, registrations of interest, their touches, contact log and the access log of personal data."""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lantoa.taxonomy.models import PolicyArea, TargetGroup
from lantoa.units.models import Unit


class Partner(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("UBND xã, phường")
    WOMENS_UNION = "womens_union", _("Hội Liên hiệp Phụ nữ")
    FARMERS_ASSOCIATION = "farmers_association", _("Hội Nông dân")
    YOUTH_UNION = "youth_union", _("Đoàn Thanh niên")
    TRADE_UNION = "trade_union", _("Công đoàn")
    POST_OFFICE = "post_office", _("Bưu điện")


class Event(models.Model):
    """A kick-off event, conference or dialogue organised by a unit in a commune."""

    class Kind(models.TextChoices):
        KICK_OFF = "kick_off", _("Lễ ra quân")
        CONFERENCE = "conference", _("Hội nghị")
        DIALOGUE = "dialogue", _("Đối thoại")

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị tổ chức"), on_delete=models.PROTECT, related_name="events")
    commune = models.ForeignKey(
        Unit,
        verbose_name=_("xã, phường diễn ra"),
        on_delete=models.PROTECT,
        related_name="hosted_events",
        limit_choices_to={"level": Unit.Level.COMMUNE},
    )
    kind = models.CharField(_("loại sự kiện"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("tên sự kiện"), max_length=200)
    starts_at = models.DateTimeField(_("thời gian bắt đầu"))
    place = models.CharField(_("địa điểm"), max_length=255)
    description = models.TextField(_("giới thiệu"), blank=True, help_text=_("Hiện trên trang sự kiện công khai."))
    # English for /en/: an empty field shows the Vietnamese, with a note that it is not translated.
    title_en = models.CharField(_("tên sự kiện (tiếng Anh)"), max_length=200, blank=True)
    place_en = models.CharField(_("địa điểm (tiếng Anh)"), max_length=255, blank=True)
    description_en = models.TextField(_("giới thiệu (tiếng Anh)"), blank=True)
    partners = models.JSONField(_("đơn vị phối hợp"), default=list, blank=True)
    target_groups = models.ManyToManyField(TargetGroup, verbose_name=_("nhóm đối tượng"), blank=True)
    policy_areas = models.ManyToManyField(PolicyArea, verbose_name=_("lĩnh vực chính sách"), blank=True)
    materials = models.TextField(_("tài liệu sử dụng"), blank=True)
    expected_attendees = models.PositiveIntegerField(_("số người dự kiến"), default=0)
    actual_attendees = models.PositiveIntegerField(_("số người tham dự thực tế"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sự kiện")
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("outreach:event", kwargs={"event_id": self.pk, "slug": self.slug})

    @property
    def slug(self) -> str:
        # "đ" has no ASCII decomposition, so slugify would drop it ("gia-inh").
        return slugify(self.title.replace("đ", "d").replace("Đ", "D")) or "su-kien"

    def _localized(self, name: str) -> str:
        english = getattr(self, f"{name}_en", "") if translation.get_language() == "en" else ""
        return english or getattr(self, name)

    @property
    def localized_title(self) -> str:
        return self._localized("title")

    @property
    def localized_place(self) -> str:
        return self._localized("place")

    @property
    def localized_description(self) -> str:
        return self._localized("description")

    @property
    def missing_translation(self) -> bool:
        """True on /en/ when a field the reader sees is still only in Vietnamese."""
        if translation.get_language() != "en":
            return False
        return not self.title_en or not self.place_en or bool(self.description and not self.description_en)

    def partner_labels(self) -> list[str]:
        labels = dict(Partner.choices)
        return [str(labels.get(code, code)) for code in self.partners]

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        unknown = [code for code in self.partners or [] if code not in Partner.values]
        if unknown:
            errors["partners"] = _("Đơn vị phối hợp không hợp lệ.")
        if self.commune_id and self.commune.level != Unit.Level.COMMUNE:
            errors["commune"] = _("Hãy chọn một xã, phường.")
        if (
            self.unit_id
            and self.commune_id
            and not (self.commune.is_within(self.unit) or self.unit.is_within(self.commune))
        ):
            errors["commune"] = _("Xã, phường phải thuộc địa bàn của đơn vị tổ chức.")
        if errors:
            raise ValidationError(errors)


class Interest(models.TextChoices):
    # The values are the ones the calculators put in ?quan_tam=.
    VOLUNTARY_SI = "bhxh-tu-nguyen", _("Bảo hiểm xã hội tự nguyện")
    HOUSEHOLD_HI = "bhyt-ho-gia-dinh", _("Bảo hiểm y tế hộ gia đình")
    OTHER = "khac", _("Nội dung khác")


class ContactTime(models.TextChoices):
    ANY = "any", _("Bất kỳ lúc nào")
    MORNING = "morning", _("Buổi sáng")
    AFTERNOON = "afternoon", _("Buổi chiều")
    EVENING = "evening", _("Buổi tối")
    WEEKEND = "weekend", _("Cuối tuần")


class Source(models.TextChoices):
    DIRECT = "direct", _("Trực tiếp")
    EVENT = "event", _("Sự kiện")
    ARTICLE = "article", _("Bài viết")
    CAMPAIGN = "campaign", _("Chiến dịch")
    CALCULATOR = "calculator", _("Công cụ tính")
    CHANNEL = "channel", _("Kênh phân phối")


class Scheme(models.TextChoices):
    VOLUNTARY_SI = "bhxh-tu-nguyen", _("Bảo hiểm xã hội tự nguyện")
    HOUSEHOLD_HI = "bhyt-ho-gia-dinh", _("Bảo hiểm y tế hộ gia đình")


class Registration(models.Model):
    """A person's registration of interest, assigned to their commune's unit and followed up to enrolment."""

    class Status(models.TextChoices):
        NEW = "new", _("Mới")
        CONTACTED = "contacted", _("Đã liên hệ")
        ADVISED = "advised", _("Đã tư vấn")
        ENROLLED = "enrolled", _("Đã tham gia")
        DECLINED = "declined", _("Từ chối")

    unit = models.ForeignKey(Unit, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="registrations")
    # Personal fields: blanked by erasure (erased_at then says when).
    name = models.CharField(_("họ và tên"), max_length=120, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=10, blank=True, db_index=True)
    interest = models.CharField(_("quan tâm"), max_length=20, choices=Interest.choices)
    contact_time = models.CharField(_("thời gian liên hệ"), max_length=12, choices=ContactTime.choices)
    consent_text = models.TextField(_("nội dung đồng ý"))
    consented_at = models.DateTimeField(_("thời điểm đồng ý"))
    source = models.CharField(_("nguồn"), max_length=12, choices=Source.choices, default=Source.DIRECT)
    event = models.ForeignKey(
        Event, verbose_name=_("sự kiện"), null=True, blank=True, on_delete=models.SET_NULL, related_name="registrations"
    )
    page_id = models.PositiveIntegerField(_("bài viết"), null=True, blank=True)
    utm_source = models.CharField(max_length=80, blank=True)
    utm_medium = models.CharField(max_length=80, blank=True)
    utm_campaign = models.CharField(max_length=80, blank=True)
    # The channel post's key (`ChannelPost.idempotency_key`) its tagged link carried: which post brought them.
    utm_content = models.CharField(max_length=80, blank=True)
    channel = models.CharField(_("kênh"), max_length=40, blank=True)
    calculator = models.JSONField(_("thông số công cụ tính"), default=dict, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=Status.choices, default=Status.NEW)
    scheme = models.CharField(_("loại hình tham gia"), max_length=20, choices=Scheme.choices, blank=True)
    enrolled_on = models.DateField(_("ngày tham gia"), null=True, blank=True)
    decline_reason = models.CharField(_("lý do từ chối"), max_length=255, blank=True)
    touches = models.PositiveIntegerField(_("số lần đăng ký"), default=1)
    created_at = models.DateTimeField(_("ngày đăng ký"), db_index=True)
    last_touched_at = models.DateTimeField(_("lần đăng ký gần nhất"))
    status_changed_at = models.DateTimeField(_("ngày đổi trạng thái"), null=True, blank=True)
    erased_at = models.DateTimeField(_("ngày xoá dữ liệu cá nhân"), null=True, blank=True)
    # Keyed digests for matching against the participant lists (lantoa/digests.py): of the phone,
    # and of name + date of birth + commune when the person gave a date of birth (which is kept only so).
    phone_digest = models.CharField(max_length=52, blank=True, editable=False)
    identity_digest = models.CharField(max_length=52, blank=True, editable=False)
    # The same person (phone and interest) registered recently in another commune: each commune follows up
    # its own record, and both see the other commune's name.
    repeat_of = models.ForeignKey(
        "self",
        verbose_name=_("đã đăng ký ở xã, phường khác"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeats",
    )

    class Meta:
        verbose_name = _("đăng ký tư vấn")
        verbose_name_plural = _("đăng ký tư vấn")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["phone", "interest", "created_at"], name="outreach_reg_duplicate"),
            # Equality only (no LIKE): declared here so PostgreSQL gets no second, pattern-ops copy of each.
            models.Index(fields=["phone_digest"], name="outreach_reg_phone_digest"),
            models.Index(fields=["identity_digest"], name="outreach_reg_identity_digest"),
        ]

    def __str__(self) -> str:
        # Never the name or phone: this string reaches logs and admin messages.
        return f"#{self.pk} · {self.get_interest_display()}"

    @property
    def masked_phone(self) -> str:
        return f"{self.phone[:3]}****{self.phone[-3:]}" if self.phone else ""


class RegistrationTouch(models.Model):
    """One more submission merged into an existing registration: where it came from, not who."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="touch_log")
    created_at = models.DateTimeField()
    source = models.CharField(max_length=12, choices=Source.choices)
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    page_id = models.PositiveIntegerField(null=True, blank=True)
    utm_campaign = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"#{self.registration_id} · {self.created_at:%Y-%m-%d}"


class ContactLogEntry(models.Model):
    """A contact a staff member made with the person, with what was said."""

    class Method(models.TextChoices):
        PHONE = "phone", _("Gọi điện")
        VISIT = "visit", _("Gặp trực tiếp")
        MESSAGE = "message", _("Nhắn tin")

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="contacts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(_("hình thức"), max_length=10, choices=Method.choices)
    note = models.TextField(_("ghi chú"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("lần liên hệ")
        verbose_name_plural = _("lần liên hệ")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"#{self.registration_id} · {self.get_method_display()}"


class AccessLogEntry(models.Model):
    """Who viewed, exported or erased which person's record, and when (kept after erasure)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Xem")
        EXPORT = "export", _("Xuất dữ liệu")
        ERASE = "erase", _("Xoá dữ liệu cá nhân")
        MATCH = "match", _("Xem kết quả đối chiếu danh sách")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="access_log")
    action = models.CharField(max_length=8, choices=Action.choices)
    via = models.CharField(max_length=8, default="admin")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.registration_id}"
