"""Channel accounts of each unit, the posts sent through them, every delivery attempt, and newsletter subscribers."""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lantoa.units.models import Unit


class Platform(models.TextChoices):
    FACEBOOK = "facebook", _("Trang Facebook")
    ZALO = "zalo", _("Zalo Official Account")
    YOUTUBE = "youtube", _("Kênh YouTube")
    TIKTOK = "tiktok", _("Tài khoản TikTok")
    EMAIL = "email", _("Bản tin thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class Alert(models.TextChoices):
    EXPIRING = "expiring", _("Mã truy cập sắp hết hạn")
    REJECTED = "rejected", _("Nền tảng từ chối mã truy cập")


class ChannelAccount(models.Model):
    """One account of a unit on one platform, with its credentials encrypted at rest."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Đang hoạt động")
        UNVERIFIED = "unverified", _("Chưa xác minh")
        REJECTED = "rejected", _("Lỗi: nền tảng từ chối mã")
        DISABLED = "disabled", _("Tạm ngừng")

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="channel_accounts")
    platform = models.CharField(_("nền tảng"), max_length=16, choices=Platform.choices)
    name = models.CharField(_("tên hiển thị"), max_length=200)
    external_id = models.CharField(
        _("mã trên nền tảng"),
        max_length=120,
        blank=True,
        help_text=_("Mã trang Facebook, mã OA Zalo, tên người gửi SMS…"),
    )
    # Fernet ciphertext (see credentials.py); never rendered, never logged.
    credentials_encrypted = models.TextField(editable=False, blank=True)
    credentials_hint = models.CharField(_("thông tin xác thực"), max_length=16, editable=False, blank=True)
    token_expires_at = models.DateTimeField(_("mã truy cập hết hạn lúc"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    status_message = models.CharField(_("thông báo của nền tảng"), max_length=500, blank=True)
    # Set by `check_channel_tokens` (expiring soon) and by a send or import the platform refused (rejected);
    # the dashboard panel and the channel pages show it to the unit's staff until someone enters a new token.
    alert = models.CharField(_("cảnh báo"), max_length=16, choices=Alert.choices, blank=True)
    alert_since = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("tài khoản kênh")
        verbose_name_plural = _("tài khoản kênh")
        ordering = ["unit__path", "platform", "name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "platform", "external_id"], name="channelaccount_unique_external")
        ]

    def __str__(self) -> str:
        return f"{self.get_platform_display()} · {self.name}"


class ChannelPost(models.Model):
    """A message for one account, usually composed from a published page, and where it stands."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bản nháp")
        SCHEDULED = "scheduled", _("Đã lên lịch")
        SENDING = "sending", _("Đang gửi")
        RETRYING = "retrying", _("Chờ gửi lại")
        SENT = "sent", _("Đã đăng")
        FAILED = "failed", _("Thất bại")
        CANCELLED = "cancelled", _("Đã huỷ")

    account = models.ForeignKey(
        ChannelAccount, verbose_name=_("tài khoản kênh"), on_delete=models.PROTECT, related_name="posts"
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("trang nguồn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    message = models.TextField(_("nội dung"))
    link = models.URLField(_("liên kết"), max_length=1000, blank=True)
    image_url = models.URLField(_("ảnh"), max_length=1000, blank=True)
    # YouTube and TikTok publish media, not links: a video file to upload (or for TikTok to pull),
    # or the id of a video already on YouTube whose title and description the post updates.
    video_url = models.URLField(_("tệp video"), max_length=1000, blank=True)
    video_id = models.CharField(_("mã video có sẵn"), max_length=64, blank=True)
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    target_groups = models.ManyToManyField(
        "taxonomy.TargetGroup", verbose_name=_("nhóm đối tượng"), blank=True, related_name="+"
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    scheduled_at = models.DateTimeField(_("thời điểm đăng"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When `send_due_posts` last queued it: not queued again before LANTOA_CHANNELS_REQUEUE_SECONDS.
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Sent with the post where the platform supports one, and embedded in the link (utm_content)
    # so a post the platform accepted before a crash can be found again instead of re-sent.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    platform_post_id = models.CharField(_("mã bài trên nền tảng"), max_length=200, blank=True, editable=False)
    last_error = models.CharField(_("lỗi gần nhất"), max_length=1000, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bài đăng kênh")
        verbose_name_plural = _("bài đăng kênh")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="channelpost_due")]

    def __str__(self) -> str:
        return f"{self.account} · {self.title or self.message[:40]}"


class DeliveryAttempt(models.Model):
    """One try at sending a post, recorded before the request leaves; never holds a token."""

    class Outcome(models.TextChoices):
        STARTED = "started", _("Đang gửi")
        SENT = "sent", _("Thành công")
        FOUND = "found", _("Đã có trên nền tảng")
        TRANSIENT = "transient", _("Lỗi tạm thời")
        PERMANENT = "permanent", _("Lỗi vĩnh viễn")

    post = models.ForeignKey(ChannelPost, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.STARTED)
    error_kind = models.CharField(max_length=32, blank=True)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    platform_message = models.CharField(max_length=1000, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("lần gửi")
        verbose_name_plural = _("lần gửi")
        ordering = ["post", "number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="deliveryattempt_unique_number")]

    def __str__(self) -> str:
        return f"{self.post_id} #{self.number} {self.outcome}"


def _token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """A person who signed up on the portal for news by email; personal data, scoped by unit, never logged."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ xác nhận")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        UNSUBSCRIBED = "unsubscribed", _("Đã huỷ đăng ký")

    # Email, phone or both; each unique when given (NULL, not "", when absent).
    email = models.EmailField(_("thư điện tử"), unique=True, null=True, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=16, unique=True, null=True, blank=True)
    # The province chosen (or the centre for nationwide news): scoping and newsletter audience.
    unit = models.ForeignKey(Unit, verbose_name=_("tỉnh, thành phố"), on_delete=models.PROTECT, related_name="+")
    language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")
    target_groups = models.ManyToManyField(
        "taxonomy.TargetGroup", verbose_name=_("nhóm đối tượng"), blank=True, related_name="+"
    )
    status = models.CharField(_("trạng thái"), max_length=16, choices=Status.choices, default=Status.PENDING)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("người nhận bản tin")
        verbose_name_plural = _("người nhận bản tin")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(email__isnull=False) | models.Q(phone__isnull=False), name="subscriber_has_contact"
            )
        ]

    def __str__(self) -> str:
        # Never the address itself: this string ends up in logs and admin breadcrumbs.
        return f"#{self.pk}"


class DeliveryReport(models.TextChoices):
    """What an SMS gateway's delivery receipt (DLR) said about one message; empty while none has come."""

    DELIVERED = "delivered", _("Đã đến máy người nhận")
    FAILED = "failed", _("Không đến được máy người nhận")


class RecipientDelivery(models.Model):
    """One newsletter post to one subscriber: sent at most once, whatever the retries."""

    post = models.ForeignKey(ChannelPost, on_delete=models.CASCADE, related_name="recipient_deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="deliveries")
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    # The SMS gateway's id for the message (email has none).
    reference = models.CharField(max_length=64, blank=True)
    # From the gateway's delivery receipt (gateway_callbacks.py): final once set, so a repeated receipt changes nothing.
    delivery_status = models.CharField(max_length=16, choices=DeliveryReport.choices, blank=True)
    delivery_code = models.CharField(max_length=64, blank=True)
    reported_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "subscriber"], name="recipientdelivery_unique")]

    def __str__(self) -> str:
        return f"{self.post_id} → #{self.subscriber_id}"


class SmsCode(models.Model):
    """A short code sent by SMS to prove a phone is the sender's: confirms a sign-up or an unsubscription.

    The portal page that takes the code is addressed by `token`; the code itself is kept only as a keyed
    hash (to check) and encrypted until the SMS has left (to send). A request for a phone nobody subscribed
    gets a row without a subscriber and no SMS, so the pages look the same either way.
    """

    class Purpose(models.TextChoices):
        SUBSCRIBE = "subscribe", _("Xác nhận đăng ký")
        UNSUBSCRIBE = "unsubscribe", _("Huỷ đăng ký")

    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    # The gateway's `ref`: the gateway sends a ref at most once, and its delivery receipt names it.
    ref = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    purpose = models.CharField(max_length=16, choices=Purpose.choices)
    subscriber = models.ForeignKey(Subscriber, null=True, blank=True, on_delete=models.CASCADE, related_name="codes")
    # What the sign-up asked for, applied only once the code is entered (a confirmed subscriber's
    # choices must not change on someone else's request).
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8, default="vi")
    target_groups = models.ManyToManyField("taxonomy.TargetGroup", blank=True, related_name="+")
    code_hash = models.CharField(max_length=64, editable=False)
    code_encrypted = models.TextField(blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_error = models.CharField(max_length=500, blank=True)
    delivery_status = models.CharField(max_length=16, choices=DeliveryReport.choices, blank=True)
    delivery_code = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("mã xác nhận SMS")
        verbose_name_plural = _("mã xác nhận SMS")
        indexes = [models.Index(fields=["subscriber", "created_at"], name="smscode_per_phone")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.purpose}"


class DeliveryChunk(models.Model):
    """A slice of a newsletter's or SMS campaign's recipients (subscriber ids first_pk..last_pk), one task each.

    Chunks are claimed, retried and recovered like posts, so a campaign to a million people runs as
    many small tasks on any number of workers, and a crash repeats at most the slice in flight.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENDING = "sending", _("Đang gửi")
        RETRYING = "retrying", _("Chờ gửi lại")
        DONE = "done", _("Xong")
        FAILED = "failed", _("Thất bại")

    post = models.ForeignKey(ChannelPost, on_delete=models.CASCADE, related_name="chunks")
    number = models.PositiveIntegerField()
    first_pk = models.BigIntegerField()
    last_pk = models.BigIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=1000, blank=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="deliverychunk_unique_number")]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="deliverychunk_due")]

    def __str__(self) -> str:
        return f"{self.post_id} chunk {self.number} {self.status}"


class EngagementFigures(models.Model):
    """What the platform reports for one post; a figure the platform does not give stays empty."""

    reach = models.PositiveBigIntegerField(_("tiếp cận"), null=True, blank=True)
    views = models.PositiveBigIntegerField(_("lượt xem"), null=True, blank=True)
    reactions = models.PositiveBigIntegerField(_("lượt bày tỏ cảm xúc"), null=True, blank=True)
    shares = models.PositiveBigIntegerField(_("lượt chia sẻ"), null=True, blank=True)
    comments = models.PositiveBigIntegerField(_("bình luận"), null=True, blank=True)

    FIGURES = ("reach", "views", "reactions", "shares", "comments")

    class Meta:
        abstract = True


class PostEngagement(EngagementFigures):
    """The latest figures of a sent post, as last imported."""

    post = models.OneToOneField(ChannelPost, on_delete=models.CASCADE, related_name="engagement")
    fetched_at = models.DateTimeField()
    error = models.CharField(max_length=500, blank=True)

    def __str__(self) -> str:
        return f"{self.post_id} @ {self.fetched_at:%Y-%m-%d %H:%M}"


class EngagementSnapshot(EngagementFigures):
    """The figures of a sent post as they stood at the last import of each day (cumulative)."""

    post = models.ForeignKey(ChannelPost, on_delete=models.CASCADE, related_name="engagement_snapshots")
    date = models.DateField()

    class Meta:
        ordering = ["post", "date"]
        constraints = [models.UniqueConstraint(fields=["post", "date"], name="engagementsnapshot_unique_day")]

    def __str__(self) -> str:
        return f"{self.post_id} {self.date}"
