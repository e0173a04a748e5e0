"""Writes that shape the page tree: the home page, unit office pages, topic pages, the workflow."""

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.actions.copy_for_translation import CopyPageForTranslationAction
from wagtail.models import GroupApprovalTask, Locale, Page, Site, Workflow, WorkflowPage, WorkflowTask

from lantoa.baseurl import scheme_host_port
from lantoa.taxonomy.models import ContentLanguage, PolicyArea, TargetGroup
from lantoa.units.models import Unit
from lantoa.units.selectors import centre

from .models import HomePage, TopicPage, UnitApprovalTask, UnitPage
from .permissions import sync_unit_collections

WORKFLOW_NAME = "Biên tập và phê duyệt"


def ensure_locales() -> None:
    """One Wagtail locale for each active content language."""
    for code in ContentLanguage.objects.filter(is_active=True).values_list("code", flat=True):
        Locale.objects.get_or_create(language_code=code)


@transaction.atomic
def ensure_home() -> HomePage:
    """The Vietnamese home page, owned by the centre, served as the default site."""
    vi = Locale.objects.get_or_create(language_code="vi")[0]
    home = HomePage.objects.filter(locale=vi).first()
    if home is None:
        # Wagtail's migrations make the root page; a flushed database (transactional tests) has none.
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root", locale=vi))
        home = root.add_child(
            instance=HomePage(title="Bảo hiểm xã hội Việt Nam", slug="trang-chu", unit=centre(), locale=vi)
        )
        # Wagtail's welcome page is of no use once the real home exists.
        for page in root.get_children().exclude(pk=home.pk).not_type(HomePage):
            page.delete()
    # The Site's host and port are those of LANTOA_BASE_URL, so that Wagtail's own full URLs (previews,
    # admin links) name the address the site answers at, as lantoa.baseurl does for the portal's.
    _scheme, hostname, port = scheme_host_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Lan Toả")
    elif (site.root_page_id, site.hostname, site.port) != (home.pk, hostname, port):
        site.root_page = home
        site.site_name = "Lan Toả"
        site.hostname, site.port = hostname, port
        site.save()
    return home


def unit_page_slug(unit: Unit) -> str:
    return slugify(unit.codename.replace("_", "-")) or unit.code


def ensure_unit_page(unit: Unit) -> UnitPage:
    """The Vietnamese office page of `unit` (and of the units above it), created if missing."""
    vi = Locale.objects.get(language_code="vi")
    page = UnitPage.objects.filter(unit=unit, locale=vi).first()
    if page:
        return page
    if unit.parent is None:
        raise ValueError("The centre has no office page of its own: its pages hang under the home page.")
    parent = ensure_home() if unit.parent.level == Unit.Level.CENTRE else ensure_unit_page(unit.parent)
    slug = unit_page_slug(unit)
    if parent.get_children().filter(slug=slug).exists():
        slug = f"{slug}-{unit.code}"
    return parent.add_child(instance=UnitPage(title=unit.office_name, slug=slug, unit=unit, locale=vi))


def sync_unit_pages(
    *, levels=(Unit.Level.PROVINCE, Unit.Level.COMMUNE), progress: Callable[[int, int, str], None] | None = None
) -> int:
    """Make sure every active unit of `levels` has its office page; returns how many were created."""
    vi = Locale.objects.get(language_code="vi")
    have = set(UnitPage.objects.filter(locale=vi).values_list("unit_id", flat=True))
    units = list(Unit.objects.filter(level__in=levels, is_active=True).order_by("path"))
    created = 0
    for done, unit in enumerate(units, start=1):
        if unit.pk not in have:
            ensure_unit_page(unit)
            have.add(unit.pk)
            created += 1
        if progress:
            progress(done, len(units), unit.name)
    return created


def ensure_topic_pages() -> None:
    """A topic page for each policy area and each target group, below the home page."""
    home = ensure_home()
    for area in PolicyArea.objects.filter(is_active=True):
        if not TopicPage.objects.filter(policy_area=area, locale=home.locale).exists():
            home.add_child(instance=TopicPage(title=area.name, slug=f"chu-de-{area.slug}", policy_area=area))
    for group in TargetGroup.objects.filter(is_active=True):
        if not TopicPage.objects.filter(target_group=group, locale=home.locale).exists():
            home.add_child(instance=TopicPage(title=group.name, slug=f"danh-cho-{group.slug}", target_group=group))


@transaction.atomic
def ensure_editorial_workflow() -> Workflow:
    """Draft → review by an editor → approval by an approver → published, for every unit."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    if not workflow.workflow_tasks.exists():
        review = UnitApprovalTask.objects.create(name="Biên tập", step=UnitApprovalTask.Step.REVIEW)
        approve = UnitApprovalTask.objects.create(name="Phê duyệt", step=UnitApprovalTask.Step.APPROVE)
        WorkflowTask.objects.create(workflow=workflow, task=review, sort_order=0)
        WorkflowTask.objects.create(workflow=workflow, task=approve, sort_order=1)
    root = Page.get_first_root_node()
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    # Wagtail's first migration made a "Moderators approval" workflow on the root page; this one took its place.
    # Left active, its group task is read by every screen that asks what the user may review (two queries).
    unused = Workflow.objects.filter(name="Moderators approval", active=True, workflow_pages__isnull=True)
    for leftover in unused:
        for task in leftover.tasks.filter(active=True).specific():
            if isinstance(task, GroupApprovalTask) and not task.workflows.exclude(pk=leftover.pk).exists():
                task.deactivate()
        leftover.deactivate()
    return workflow


def setup_site(*, with_unit_pages: bool = True, progress=None, collection_progress=None) -> HomePage:
    """Everything the portal and the admin need, idempotently: with the unit pages, each unit's image and document
    collection too (`progress` and `collection_progress` report on those two)."""
    from django.apps import apps

    from lantoa.taxonomy.seed import seed

    seed(apps)  # the migration seeded these; this restores them after a flush, and adds nothing otherwise
    ensure_locales()
    home = ensure_home()
    ensure_topic_pages()
    ensure_editorial_workflow()
    if with_unit_pages:
        sync_unit_pages(progress=progress)
        sync_unit_collections(progress=collection_progress)
    return home


def publish(page: Page, *, user=None) -> Page:
    """Publish the current state of `page` as a new revision."""
    revision = page.save_revision(user=user, log_action=True)
    revision.publish(user=user)
    page.refresh_from_db()
    return page


@transaction.atomic
def translate_page(page: Page, locale_code: str, *, title: str, user=None, publish_now: bool = True, **fields) -> Page:
    """The version of `page` in `locale_code`, linked to it by its translation key, with translated fields.

    Parents missing in that language are created as aliases of the Vietnamese ones, so the
    translation sits in the same unit's part of the tree and belongs to the same unit.
    Running it again updates the existing translation instead of making a second one.
    """
    locale = Locale.objects.filter(language_code=locale_code).first()
    if locale is None:
        raise ValidationError(_("Ngôn ngữ “%(code)s” chưa được bật cho nội dung.") % {"code": locale_code})
    source = page.specific
    if source.locale_id == locale.pk:
        raise ValidationError(_("Trang đã ở ngôn ngữ này."))
    translation = source.get_translation_or_none(locale)
    if translation is None:
        action = CopyPageForTranslationAction(source, locale, copy_parents=True, user=user)
        # Who may translate is decided by the caller (the demo, an admin view); the action only copies.
        translation = action.execute(skip_permission_checks=True)
    translation = translation.specific
    translation.title = title
    for name, value in fields.items():
        setattr(translation, name, value)
    translation.full_clean()
    translation.save()
    if publish_now:
        for ancestor in translation.get_ancestors().filter(depth__gt=1, live=False).specific():
            publish(ancestor, user=user)
        publish(translation, user=user)
    return translation
