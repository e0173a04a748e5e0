"""Reads of content, scoped by unit: what a reader may see and what a staff member may reach."""

from django.db.models import Q, QuerySet
from wagtail.models import Page

from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import scope_paths

from .models import ArticlePage, DocumentPage, HomePage, QuestionPage, UnitPage

CONTENT_MODELS = (ArticlePage, DocumentPage, QuestionPage)


def page_unit(page: Page) -> Unit | None:
    """The unit that owns `page`: its own `unit`, or that of the nearest unit root above it."""
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    unit = getattr(specific, "unit", None)
    if unit is not None:
        return unit
    root = unit_roots().filter(path__in=[page.path[:i] for i in range(Page.steplen, len(page.path), Page.steplen)])
    root = root.order_by("-depth").first()
    return getattr(root.specific, "unit", None) if root else None


def unit_roots() -> QuerySet[Page]:
    """Every page that roots a unit's part of the tree, in every language."""
    return Page.objects.type(HomePage, UnitPage)


def unit_root_pages(unit: Unit) -> QuerySet[Page]:
    """The root pages of `unit` in every locale (the Vietnamese one and its translations)."""
    return Page.objects.filter(
        Q(pk__in=HomePage.objects.filter(unit=unit).values("pk"))
        | Q(pk__in=UnitPage.objects.filter(unit=unit).values("pk"))
    )


def pages_in_scope(user, action: Action | str = Action.VIEW) -> QuerySet[Page]:
    """Pages (drafts included) in the parts of the tree of the units `user` may reach for `action`."""
    paths = scope_paths(user, action)
    if paths is None:
        return Page.objects.all()
    if not paths:
        return Page.objects.none()
    unit_filter = Q()
    for path in paths:
        unit_filter |= Q(unit__path__startswith=path)
    roots = list(HomePage.objects.filter(unit_filter).values_list("path", flat=True)) + list(
        UnitPage.objects.filter(unit_filter).values_list("path", flat=True)
    )
    tops = [p for p in sorted(roots) if not any(p != q and p.startswith(q) for q in roots)]
    if not tops:
        return Page.objects.none()
    tree = Q()
    for path in tops:
        tree |= Q(path__startswith=path)
    return Page.objects.filter(tree)


def content_in_scope(model, user, action: Action | str = Action.VIEW) -> QuerySet:
    """Content pages of `model` (drafts included) owned by units `user` may reach."""
    from lantoa.units.selectors import scope

    return scope(model.objects.all(), user, action)


def published(model) -> QuerySet:
    """What a reader of the portal may see: live, public pages of `model`."""
    return model.objects.live().public()
