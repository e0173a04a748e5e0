"""Page types of the portal; each piece of content belongs to the unit whose part of the tree holds it."""

import functools

from django import forms
from django.core.exceptions import ValidationError
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db import models
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page, Task, TaskState, get_page_models
from wagtail.search import index
from wagtail.url_routing import RouteResult

from lantoa.units.models import Unit

from .blocks import RICH_TEXT_FEATURES, BodyBlock

UNIT_CONTENT_TYPES = ["content.ArticlePage", "content.DocumentPage", "content.QuestionPage"]
LISTING_PAGE_SIZE = 12


def paginate(request, queryset, per_page: int = LISTING_PAGE_SIZE) -> PaginatorPage:
    """One page of a listing from `?page=`; a bad or out-of-range number gives the nearest page, never an error."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class ReaderContextMixin:
    """What every public template needs besides its page: the same page in the other languages."""

    def get_context(self, request, *args, **kwargs):
        from .selectors import live_translations

        context = super().get_context(request, *args, **kwargs)
        context["translations"] = live_translations(self)
        return context


class TaggedContextMixin(ReaderContextMixin):
    """Content pages link their policy areas and target groups to the matching topic pages."""

    def get_context(self, request, *args, **kwargs):
        from .selectors import topic_links

        context = super().get_context(request, *args, **kwargs)
        context["topic_links"] = topic_links(
            self.locale, policy_areas=self.policy_areas.all(), target_groups=self.target_groups.all()
        )
        return context


class UnitRootPage(ReaderContextMixin, Page):
    """Abstract root of one unit's part of the tree: the home page (centre) or an office page."""

    unit = models.ForeignKey(Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    intro = RichTextField(_("giới thiệu"), blank=True, features=RICH_TEXT_FEATURES)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("unit", read_only=True),
        FieldPanel("intro"),
        MultiFieldPanel([FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")], heading=_("Liên hệ")),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.FilterField("unit")]

    class Meta:
        abstract = True


@functools.cache
def _routes_by_slug_only() -> bool:
    """True when no page type below the home page routes on its own (no `route` override, such as
    RoutablePageMixin): then a URL is a chain of slugs, and the page is the one with that `url_path`."""
    return all(model.route is Page.route for model in get_page_models() if not issubclass(model, HomePage))


class HomePage(UnitRootPage):
    """The portal's home and the centre's part of the tree."""

    max_count_per_parent = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["content.UnitPage", "content.TopicPage", *UNIT_CONTENT_TYPES]

    class Meta:
        verbose_name = _("trang chủ")
        verbose_name_plural = _("trang chủ")

    def route(self, request, path_components):
        """The page at `path_components` below this home page in one look-up of its URL path (by the
        slug index), where Wagtail reads each level of the tree in turn: two queries, not two a level.

        Same answer as Wagtail's walk: Wagtail keeps `url_path` = the parent's + slug, every level
        routes by slug (`_routes_by_slug_only`), pages on the way need not be live, the last one must.
        """
        if not path_components or not _routes_by_slug_only():
            return super().route(request, path_components)
        url_path = self.url_path + "/".join(path_components) + "/"
        page = Page.objects.filter(slug=path_components[-1], url_path=url_path).first()
        if page is None or not page.live:
            raise Http404
        model = page.specific_class
        if model is None or model is Page:
            return RouteResult(page.specific)
        # The specific row with what every page's context reads first: its locale and owning unit.
        related = [name for name in ("locale", "unit") if name in {f.name for f in model._meta.fields}]
        return RouteResult(model.objects.select_related(*related).get(pk=page.pk))

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        topics = list(selectors.topic_pages(self.locale))
        context.update(
            latest_news=selectors.latest_news(self.locale)[:9],
            latest_documents=selectors.latest_of(DocumentPage, self.locale)[:5],
            latest_questions=selectors.latest_of(QuestionPage, self.locale)[:5],
            area_topics=[t for t in topics if t.policy_area_id],
            audience_topics=[t for t in topics if t.target_group_id],
            child_units=selectors.child_unit_pages(self),
        )
        return context


class UnitPage(UnitRootPage):
    """The office page of a province or commune unit; its news and documents live below it."""

    parent_page_types = ["content.HomePage", "content.UnitPage"]
    subpage_types = ["content.UnitPage", *UNIT_CONTENT_TYPES]

    class Meta:
        verbose_name = _("trang đơn vị")
        verbose_name_plural = _("trang đơn vị")

    def get_context(self, request, *args, **kwargs):
        from . import selectors

        context = super().get_context(request, *args, **kwargs)
        context.update(
            news=paginate(request, selectors.latest_news(self.locale, unit=self.unit)),
            latest_documents=selectors.latest_of(DocumentPage, self.locale, unit=self.unit)[:5],
            latest_questions=selectors.latest_of(QuestionPage, self.locale, unit=self.unit)[:5],
            child_units=selectors.child_unit_pages(self),
        )
        return context

    def clean(self):
        super().clean()
        if (
            self.unit_id
            and UnitPage.objects.filter(unit=self.unit_id, locale=self.locale_id).exclude(pk=self.pk).exists()
        ):
            raise ValidationError({"unit": _("Đơn vị này đã có trang trong ngôn ngữ này.")})
        if self.unit_id and self.unit.level == Unit.Level.CENTRE:
            raise ValidationError({"unit": _("Trung ương dùng trang chủ, không dùng trang đơn vị.")})


class UnitContentPage(TaggedContextMixin, Page):
    """Abstract content owned by a unit and tagged for the portal's filters."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị sở hữu"), on_delete=models.PROTECT, related_name="+", editable=False
    )
    date = models.DateField(_("ngày đăng"), default=timezone.localdate)
    summary = models.TextField(_("tóm tắt"), max_length=600, blank=True)
    policy_areas = ParentalManyToManyField(
        "taxonomy.PolicyArea", verbose_name=_("lĩnh vực"), blank=True, related_name="+"
    )
    target_groups = ParentalManyToManyField(
        "taxonomy.TargetGroup", verbose_name=_("nhóm đối tượng"), blank=True, related_name="+"
    )

    parent_page_types = ["content.HomePage", "content.UnitPage"]
    subpage_types: list[str] = []

    taxonomy_panels = [
        FieldPanel("policy_areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.FilterField("unit"),
        index.FilterField("date"),
        index.FilterField("locale"),
        index.RelatedFields("policy_areas", [index.FilterField("slug")]),
        index.RelatedFields("target_groups", [index.FilterField("slug")]),
    ]

    class Meta:
        abstract = True

    def owning_unit_from_tree(self) -> Unit | None:
        parent = self.get_parent()
        return getattr(parent.specific, "unit", None) if parent else None

    def save(self, *args, **kwargs):
        # The owning unit is where the page sits in the tree, never typed by hand.
        if self.path:
            unit = self.owning_unit_from_tree()
            if unit is not None:
                self.unit = unit
        super().save(*args, **kwargs)

    @property
    def language(self) -> str:
        return self.locale.language_code


class ArticlePage(UnitContentPage):
    """An article or a news item."""

    class Kind(models.TextChoices):
        NEWS = "news", _("Tin tức")
        ARTICLE = "article", _("Bài viết")

    kind = models.CharField(_("loại"), max_length=16, choices=Kind.choices, default=Kind.NEWS)
    lead_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("ảnh đại diện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_alt = models.CharField(
        _("mô tả ảnh (alt)"),
        max_length=250,
        blank=True,
        help_text=_("Bắt buộc khi có ảnh đại diện: mô tả ngắn cho người dùng trình đọc màn hình."),
    )
    body = StreamField(BodyBlock(), verbose_name=_("nội dung"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("date"),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("lead_image"), FieldPanel("lead_image_alt")], heading=_("Ảnh đại diện")),
        FieldPanel("body"),
        MultiFieldPanel(UnitContentPage.taxonomy_panels, heading=_("Phân loại")),
    ]
    search_fields = [*UnitContentPage.search_fields, index.SearchField("body"), index.FilterField("kind")]
    reader_kind = "article"

    class Meta:
        verbose_name = _("bài viết, tin tức")
        verbose_name_plural = _("bài viết, tin tức")
        # "Newest first" lists (home, office pages, more news) walk it and stop after a few rows.
        indexes = [models.Index(fields=["date", "page_ptr"], name="content_article_date")]

    @property
    def reader_label(self) -> str:
        return self.get_kind_display()

    def get_context(self, request, *args, **kwargs):
        from .selectors import latest_news

        context = super().get_context(request, *args, **kwargs)
        context["more_news"] = latest_news(self.locale, unit=self.unit).exclude(pk=self.pk)[:3]
        return context

    def clean(self):
        super().clean()
        if self.lead_image_id and not self.lead_image_alt.strip():
            raise ValidationError({"lead_image_alt": _("Hãy nhập mô tả cho ảnh đại diện.")})


class DocumentPage(UnitContentPage):
    """A policy or legal document: its number, issuer, dates, status and files."""

    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("Còn hiệu lực")
        NOT_YET = "not_yet", _("Chưa có hiệu lực")
        PARTLY = "partly", _("Hết hiệu lực một phần")
        EXPIRED = "expired", _("Hết hiệu lực")

    document_number = models.CharField(_("số hiệu"), max_length=80)
    issuing_body = models.CharField(_("cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("ngày ban hành"))
    effective_from = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    status = models.CharField(_("tình trạng"), max_length=16, choices=Status.choices, default=Status.IN_FORCE)
    body = RichTextField(_("nội dung tóm lược"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("issuing_body"),
                FieldPanel("issued_on"),
                FieldPanel("effective_from"),
                FieldPanel("status"),
            ],
            heading=_("Thông tin văn bản"),
        ),
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
        InlinePanel("attachments", label=_("Tệp đính kèm")),
        InlinePanel("related_links", label=_("Văn bản liên quan")),
        MultiFieldPanel(UnitContentPage.taxonomy_panels, heading=_("Phân loại")),
    ]
    search_fields = [
        *UnitContentPage.search_fields,
        index.SearchField("document_number"),
        index.SearchField("issuing_body"),
        index.SearchField("body"),
        index.FilterField("status"),
    ]
    reader_kind = "document"
    reader_label = _("Văn bản")

    class Meta:
        verbose_name = _("văn bản chính sách, pháp luật")
        verbose_name_plural = _("văn bản chính sách, pháp luật")
        # "Newest first" lists (home, office pages, more news) walk it and stop after a few rows.
        indexes = [models.Index(fields=["date", "page_ptr"], name="content_document_date")]

    def get_context(self, request, *args, **kwargs):
        from .selectors import related_documents

        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = self.attachments.select_related("document")
        context["related_documents"] = related_documents(self)
        return context

    def clean(self):
        super().clean()
        if self.effective_from and self.issued_on and self.effective_from < self.issued_on:
            raise ValidationError({"effective_from": _("Ngày hiệu lực không thể trước ngày ban hành.")})


class DocumentAttachment(Orderable):
    page = ParentalKey(DocumentPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document", verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("tên hiển thị"), max_length=200, blank=True)

    panels = [FieldPanel("document"), FieldPanel("title")]


class RelatedDocument(Orderable):
    page = ParentalKey(DocumentPage, on_delete=models.CASCADE, related_name="related_links")
    target = models.ForeignKey(DocumentPage, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(
        _("quan hệ"), max_length=80, blank=True, help_text=_("Ví dụ: hướng dẫn thi hành, sửa đổi, thay thế.")
    )

    panels = [FieldPanel("target"), FieldPanel("relation")]


class QuestionPage(UnitContentPage):
    """A question and its answer (hỏi đáp)."""

    question = models.TextField(_("câu hỏi"))
    answer = RichTextField(_("trả lời"), features=RICH_TEXT_FEATURES)
    policy_area = models.ForeignKey(
        "taxonomy.PolicyArea",
        verbose_name=_("lĩnh vực chính"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("question"),
        FieldPanel("answer"),
        FieldPanel("policy_area"),
        MultiFieldPanel(UnitContentPage.taxonomy_panels, heading=_("Phân loại")),
    ]
    search_fields = [*UnitContentPage.search_fields, index.SearchField("question"), index.SearchField("answer")]
    reader_kind = "question"
    reader_label = _("Hỏi đáp")

    class Meta:
        verbose_name = _("hỏi đáp")
        verbose_name_plural = _("hỏi đáp")
        # "Newest first" lists (home, office pages, more news) walk it and stop after a few rows.
        indexes = [models.Index(fields=["date", "page_ptr"], name="content_question_date")]


class TopicPage(ReaderContextMixin, Page):
    """A topic page per policy area or per target group that lists what is tagged with it."""

    policy_area = models.ForeignKey(
        "taxonomy.PolicyArea",
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_group = models.ForeignKey(
        "taxonomy.TargetGroup",
        verbose_name=_("nhóm đối tượng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    intro = RichTextField(_("giới thiệu"), blank=True, features=RICH_TEXT_FEATURES)

    parent_page_types = ["content.HomePage"]
    subpage_types: list[str] = []
    content_panels = [*Page.content_panels, FieldPanel("policy_area"), FieldPanel("target_group"), FieldPanel("intro")]

    class Meta:
        verbose_name = _("trang chủ đề")
        verbose_name_plural = _("trang chủ đề")

    @property
    def term(self):
        """The policy area or target group this page is about."""
        return self.policy_area or self.target_group

    def get_context(self, request, *args, **kwargs):
        from .selectors import tagged_content

        context = super().get_context(request, *args, **kwargs)
        items = tagged_content(self.locale, policy_area=self.policy_area, target_group=self.target_group)
        context["items"] = paginate(request, items)
        return context

    def clean(self):
        super().clean()
        if bool(self.policy_area_id) == bool(self.target_group_id):
            raise ValidationError(_("Chọn đúng một: một lĩnh vực hoặc một nhóm đối tượng."))


class UnitApprovalTask(Task):
    """A workflow step done by staff with the right role in the page's unit or a unit above it."""

    class Step(models.TextChoices):
        REVIEW = "review", _("Biên tập (biên tập viên)")
        APPROVE = "approve", _("Phê duyệt (người phê duyệt)")

    step = models.CharField(_("bước"), max_length=16, choices=Step.choices)

    admin_form_fields = [*Task.admin_form_fields, "step"]

    class Meta:
        verbose_name = _("bước duyệt theo đơn vị")
        verbose_name_plural = _("bước duyệt theo đơn vị")

    def user_can_act(self, obj, user) -> bool:
        from lantoa.units.selectors import user_can

        from .selectors import page_unit

        unit = page_unit(obj)
        return unit is not None and user_can(user, self.step, unit)

    def user_can_access_editor(self, obj, user):
        return self.user_can_act(obj, user)

    def locked_for_user(self, obj, user):
        return not self.user_can_act(obj, user)

    def user_can_lock(self, obj, user):
        return self.user_can_act(obj, user)

    def user_can_unlock(self, obj, user):
        return False

    def get_actions(self, obj, user):
        if self.user_can_act(obj, user):
            return [
                ("reject", _("Yêu cầu sửa"), True),
                ("approve", _("Duyệt"), False),
                ("approve", _("Duyệt kèm ý kiến"), True),
            ]
        return []

    def on_action(self, task_state, user, action_name, **kwargs):
        # Wagtail's action view checks get_actions() against the page named in the URL, not
        # the page the task state belongs to: check again here, so that a user cannot act on
        # another unit's page through a task state id beside a page of their own.
        from django.core.exceptions import PermissionDenied

        if not self.user_can_act(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        from .selectors import pages_in_scope

        states = self.task_states.filter(status=TaskState.STATUS_IN_PROGRESS)
        if user.is_superuser:
            return states
        page_ids = pages_in_scope(user, self.step).annotate(pk_text=Cast("pk", models.CharField())).values("pk_text")
        return states.filter(workflow_state__object_id__in=page_ids)

    @classmethod
    def get_description(cls):
        return _("Người có vai trò phù hợp ở đơn vị sở hữu trang hoặc đơn vị cấp trên thực hiện bước này.")
