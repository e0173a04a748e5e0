"""A loudspeaker bulletin is a page of its unit (so it follows the editorial workflow, the unit's scope and
translations like any content); its audio and its broadcasts are records beside it, never part of a revision."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from lantoa.baseurl import absolute_url
from lantoa.content.forms import ContentPageForm
from lantoa.content.models import UnitContentPage
from lantoa.units.models import Unit

# How long a bulletin may be read: a commune programme is a few minutes.
MAX_ITEMS = 8


class BulletinForm(ContentPageForm):
    """Events offered in a bulletin's items are those of the page's unit and below, recent or coming; an item
    left without a script gets it here, so the revision the editor and approver review holds the text."""

    def is_valid(self):
        # After the items' formset is validated (the page form's own clean() runs before it).
        valid = super().is_valid()
        if valid:
            self.fill_scripts()
        return valid

    def fill_scripts(self) -> None:
        from .services import fill_item

        formset = self.formsets.get("items")
        for form in getattr(formset, "forms", []):
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or (data.get("script") or "").strip():
                continue
            item = BulletinItem(source=data.get("source"), event=data.get("event"), heading=data.get("heading") or "")
            fill_item(item)
            if item.script:
                data["script"], data["heading"] = item.script, item.heading
                form.instance.script, form.instance.heading = item.script, item.heading

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from lantoa.outreach.models import Event

        unit = getattr(getattr(self, "parent_page", None), "specific", None)
        unit = getattr(unit, "unit", None) or getattr(self.instance, "unit", None)
        since = timezone.now() - timezone.timedelta(days=30)
        events = Event.objects.filter(starts_at__gte=since).order_by("starts_at")
        if unit is not None:
            events = events.filter(commune__path__startswith=unit.path)
        formset = self.formsets.get("items")
        for form in [*getattr(formset, "forms", []), getattr(formset, "empty_form", None)]:
            if form is not None and "event" in form.fields:
                form.fields["event"].queryset = events


class BulletinPage(UnitContentPage):
    """A short radio programme for the commune loudspeakers: chosen articles, Q&A and event announcements, each
    as a script written as it is read (`speech.spoken`), between an opening and a closing."""

    intro = models.TextField(
        _("lời mở đầu"),
        blank=True,
        help_text=_("Ví dụ: Thưa toàn thể nhân dân, sau đây là bản tin bảo hiểm xã hội của xã."),
    )
    outro = models.TextField(_("lời kết"), blank=True)
    is_template = models.BooleanField(
        _("là bản tin mẫu"),
        default=False,
        help_text=_("Bản tin mẫu của trung ương để tỉnh, xã điều chỉnh cho địa phương mình."),
    )
    scenario = models.ForeignKey(
        "planning.Scenario",
        verbose_name=_("kịch bản truyền thông"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    template = models.ForeignKey(
        "self",
        verbose_name=_("bản tin mẫu đã theo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="adaptations",
        editable=False,
    )

    base_form_class = BulletinForm
    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("intro"),
        InlinePanel("items", label=_("Mục của bản tin"), min_num=1, max_num=MAX_ITEMS),
        FieldPanel("outro"),
        MultiFieldPanel([FieldPanel("is_template"), FieldPanel("scenario")], heading=_("Mẫu và kịch bản")),
        MultiFieldPanel(UnitContentPage.taxonomy_panels, heading=_("Phân loại")),
    ]
    search_fields = [*UnitContentPage.search_fields, index.SearchField("intro")]
    template_name = "bulletins/bulletin_page.html"
    reader_kind = "bulletin"
    reader_label = _("Bản tin truyền thanh")

    class Meta:
        verbose_name = _("bản tin truyền thanh")
        verbose_name_plural = _("bản tin truyền thanh")

    def get_template(self, request, *args, **kwargs):
        return self.template_name

    def clean(self):
        super().clean()
        from .services import fill_item

        for item in self.items.all():
            fill_item(item)
        if self.is_template:
            parent = self.get_parent() if self.path else None
            unit = getattr(getattr(parent, "specific", None), "unit", None) or self.unit_or_none
            if unit is not None and unit.level != Unit.Level.CENTRE:
                raise ValidationError({"is_template": _("Chỉ trung ương công bố bản tin mẫu.")})

    @property
    def unit_or_none(self) -> Unit | None:
        return self.unit if self.unit_id else None

    def script_parts(self) -> list[tuple[str, str]]:
        """(heading, text) of what is read, in order: the opening, each item, the closing."""
        parts = [("", self.intro.strip())] if self.intro.strip() else []
        parts += [(item.heading, item.script.strip()) for item in self.items.all() if item.script.strip()]
        if self.outro.strip():
            parts.append(("", self.outro.strip()))
        return parts

    def script_text(self) -> str:
        """The whole script as read, headings included: what a recording or the synthetic voice speaks."""
        return "\n\n".join("\n".join(filter(None, part)) for part in self.script_parts())

    def script_sha(self) -> str:
        return hashlib.sha256(self.script_text().encode()).hexdigest()

    def channel_media(self) -> dict[str, str] | None:
        """What a post on a social platform carries for this bulletin (channels' compose): its video, its card and
        the script as caption; None until the worker has made the video."""
        audio = BulletinAudio.objects.filter(page=self, status=BulletinAudio.Status.READY).exclude(video="").first()
        if audio is None:
            return None
        return {
            "video_url": absolute_url(audio.video.url),
            "image_url": absolute_url(audio.cover.url),
            "caption": self.script_text(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        audio = BulletinAudio.objects.filter(page=self, status=BulletinAudio.Status.READY).first()
        context.update(audio=audio, parts=self.script_parts())
        if self.locale.language_code != "vi":
            # A minority-language version shows the Vietnamese text beside its own (linked versions).
            original = self.get_translations().filter(locale__language_code="vi").live().first()
            context["original_parts"] = original.specific.script_parts() if original else []
        return context


class BulletinItem(Orderable):
    """One piece of a bulletin: an article or Q&A page, or an event's announcement, and its script."""

    page = ParentalKey(BulletinPage, related_name="items", on_delete=models.CASCADE)
    source = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("bài viết hoặc hỏi đáp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    event = models.ForeignKey(
        "outreach.Event",
        verbose_name=_("thông báo sự kiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    heading = models.CharField(_("tiêu đề đọc"), max_length=200, blank=True)
    script = models.TextField(
        _("lời đọc"),
        blank=True,
        max_length=6000,
        help_text=_(
            "Để trống: lấy từ bài viết, hỏi đáp hoặc sự kiện đã chọn, viết lại theo cách đọc (số, ngày, tiền, "
            "chữ viết tắt). Sửa lại cho câu ngắn, dễ nghe."
        ),
    )

    panels = [
        FieldPanel("source", heading=_("Bài viết hoặc hỏi đáp")),
        FieldPanel("event"),
        FieldPanel("heading"),
        FieldPanel("script"),
    ]

    def clean(self):
        super().clean()
        if not (self.source_id or self.event_id or self.script.strip()):
            raise ValidationError(_("Hãy chọn một bài viết, hỏi đáp hoặc sự kiện, hoặc nhập lời đọc."))
        if self.source_id:
            from lantoa.content.models import ArticlePage, QuestionPage

            specific = self.source.specific_class
            if specific not in (ArticlePage, QuestionPage):
                raise ValidationError({"source": _("Chỉ chọn bài viết, tin tức hoặc hỏi đáp.")})
            if not self.source.live:
                raise ValidationError({"source": _("Chỉ chọn nội dung đã được duyệt và xuất bản.")})


class BulletinAudio(models.Model):
    """The audio of one bulletin page (one language): a staff recording, or else a synthetic draft voice for
    Vietnamese only; encoded by the task worker to Opus and MP3. Kept apart from the page's revisions."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ xử lý")
        RUNNING = "running", _("Đang xử lý")
        READY = "ready", _("Sẵn sàng")
        FAILED = "failed", _("Lỗi")
        NEEDS_RECORDING = "needs_recording", _("Cần bản ghi âm")

    class Source(models.TextChoices):
        RECORDED = "recorded", _("Giọng đọc ghi âm")
        SYNTHETIC = "synthetic", _("Giọng đọc máy (bản nháp)")

    page = models.OneToOneField(BulletinPage, on_delete=models.CASCADE, related_name="audio")
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    source = models.CharField(_("nguồn âm thanh"), max_length=16, choices=Source.choices, blank=True)
    voice = models.CharField(_("giọng máy"), max_length=40, blank=True)
    recording = models.FileField(_("bản ghi âm tải lên"), upload_to="bulletins/uploads/", blank=True)
    opus = models.FileField(upload_to="bulletins/audio/", blank=True)
    mp3 = models.FileField(upload_to="bulletins/audio/", blank=True)
    # For the social platforms, which take video: the sound over the bulletin's card (card.py), and the card alone.
    video = models.FileField(upload_to="bulletins/audio/", blank=True)
    cover = models.FileField(upload_to="bulletins/audio/", blank=True)
    duration = models.FloatField(_("thời lượng (giây)"), null=True, blank=True)
    opus_size = models.PositiveIntegerField(default=0)
    mp3_size = models.PositiveIntegerField(default=0)
    video_size = models.PositiveIntegerField(default=0)
    script_sha = models.CharField(max_length=64, blank=True)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("âm thanh bản tin")
        verbose_name_plural = _("âm thanh bản tin")

    def __str__(self) -> str:
        return f"{self.page_id}: {self.get_status_display()}"

    @property
    def is_synthetic(self) -> bool:
        return self.source == self.Source.SYNTHETIC

    @property
    def is_current(self) -> bool:
        """Whether the audio speaks the page's current script (a recording is the staff's call: always current)."""
        return self.source == self.Source.RECORDED or self.script_sha == self.page.script_sha()


class Broadcast(models.Model):
    """One playing of a bulletin on a commune's loudspeakers: the log that counts loudspeaker broadcasts."""

    bulletin = models.ForeignKey(
        BulletinPage, verbose_name=_("bản tin"), on_delete=models.PROTECT, related_name="broadcasts"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("xã, phường phát"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": Unit.Level.COMMUNE},
    )
    played_at = models.DateTimeField(_("thời gian phát"))
    clusters = models.PositiveSmallIntegerField(_("số cụm loa"), default=1)
    villages = models.CharField(_("thôn, bản, tổ dân phố"), max_length=500, blank=True)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via_link = models.BooleanField(_("ghi qua đường dẫn trên điện thoại"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("buổi phát thanh")
        verbose_name_plural = _("buổi phát thanh")
        ordering = ["-played_at"]
        indexes = [models.Index(fields=["unit", "played_at"], name="bulletins_broadcast_unit")]
        constraints = [
            models.CheckConstraint(condition=models.Q(clusters__gte=1), name="bulletins_broadcast_clusters"),
            # The same bulletin logged twice for the same minute and commune is one broadcast (a double tap).
            models.UniqueConstraint(fields=["bulletin", "unit", "played_at"], name="bulletins_broadcast_once"),
        ]

    def __str__(self) -> str:
        return f"{self.bulletin} · {self.unit} · {timezone.localtime(self.played_at):%d/%m/%Y %H:%M}"

    def clean(self):
        super().clean()
        if self.played_at and self.played_at > timezone.now() + timezone.timedelta(minutes=5):
            raise ValidationError({"played_at": _("Thời gian phát không thể ở tương lai.")})
