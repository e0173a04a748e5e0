"""Reads of content, scoped by unit: what a reader may see and what a staff member may reach."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.conf import settings
from django.db import connection
from django.db.models import Count, F, Q, QuerySet, prefetch_related_objects
from django.db.models.functions import Coalesce
from wagtail.models import Page, PageViewRestriction

from lantoa import cache
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import active_memberships, request_cache, scope_paths

from .models import ArticlePage, DocumentPage, HomePage, QuestionPage, UnitPage

CONTENT_MODELS = (ArticlePage, DocumentPage, QuestionPage)


def page_unit(page: Page) -> Unit | None:
    """The unit that owns `page`: its own `unit`, or that of the nearest unit root above it."""
    specific = page.specific_deferred if hasattr(page, "specific_deferred") else page.specific
    unit = getattr(specific, "unit", None)
    if unit is not None:
        return unit
    roots = unit_roots().filter(path__in=[page.path[:i] for i in range(Page.steplen, len(page.path), Page.steplen)])
    root = roots.order_by("-depth").first()
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


def member_root_pages(user) -> list[Page]:
    """The root pages (home or office page, every language) of each unit `user` holds a role in, each with
    `root_unit_id` and `root_unit_path`; read once a request, for scope and for Wagtail's permissions."""
    cache = request_cache(user)
    if "_lantoa_member_roots" not in cache:
        units = {m.unit_id for m in active_memberships(user)}
        # The two kinds of root page by their unit, each through its own index (an OR over the two joins made the
        # database scan every page: 60 ms at 100,000 pages, on every screen).
        roots = HomePage.objects.filter(unit_id__in=units).order_by().values("pk")
        roots = roots.union(UnitPage.objects.filter(unit_id__in=units).order_by().values("pk"), all=True)
        cache["_lantoa_member_roots"] = (
            list(
                Page.objects.filter(pk__in=roots).annotate(
                    root_unit_id=Coalesce("homepage__unit_id", "unitpage__unit_id"),
                    root_unit_path=Coalesce("homepage__unit__path", "unitpage__unit__path"),
                )
            )
            if units
            else []
        )
    return cache["_lantoa_member_roots"]


def page_scope_paths(user, action: Action | str = Action.VIEW) -> list[str] | None:
    """Tree paths of the top pages `user` reaches for `action` (None: everywhere); kept on the user for the request."""
    paths = scope_paths(user, action)
    if paths is None:
        return None
    cache = request_cache(user).setdefault("_lantoa_page_scope_paths", {})
    if action not in cache:
        # The root pages (every language) of the user's top units; a top unit without an office page of its
        # own reaches through the root pages of the units below it.
        def roots(unit_filter: Q) -> list[tuple[str, str]]:
            return [
                row
                for model in (HomePage, UnitPage)
                for row in model.objects.filter(unit_filter).values_list("unit__path", "path")
            ]

        found = [(page.root_unit_path, page.path) for page in member_root_pages(user) if page.root_unit_path in paths]
        missing = set(paths) - {unit_path for unit_path, _path in found}
        if missing:
            found += roots(reduce(or_, (Q(unit__path__startswith=p) for p in missing)))
        tops: list[str] = []
        for path in sorted(page_path for _unit_path, page_path in found):
            if not tops or not path.startswith(tops[-1]):
                tops.append(path)
        cache[action] = tops
    return cache[action]


def pages_in_scope(user, action: Action | str = Action.VIEW) -> QuerySet[Page]:
    """Pages (drafts included) in the parts of the tree of the units `user` may reach for `action`."""
    tops = page_scope_paths(user, action)
    if tops is None:
        return Page.objects.all()
    if not tops:
        return Page.objects.none()
    tree = Q()
    for path in tops:
        tree |= Q(path__startswith=path)
    return Page.objects.filter(tree)


def page_in_scope(user, page: Page, action: Action | str = Action.VIEW) -> bool:
    """Whether `page` lies in the part of the tree `user` reaches for `action` (no query once the scope is read)."""
    tops = page_scope_paths(user, action)
    return tops is None or any(page.path.startswith(top) for top in tops)


def content_in_scope(model, user, action: Action | str = Action.VIEW) -> QuerySet:
    """Content pages of `model` (drafts included) owned by units `user` may reach."""
    from lantoa.units.selectors import scope

    return scope(model.objects.all(), user, action)


def published(model) -> QuerySet:
    """What a reader of the portal may see: live, public pages of `model`."""
    return live_public(model.objects)


def live_public(pages) -> QuerySet:
    """`pages.live().public()`, with the view restrictions read from this process's memory (`_private_q`)."""
    return pages.live().exclude(_private_q())


def _private_q() -> Q:
    """Pages in a private section (a view restriction on them or above them): Wagtail's `public()`
    reads the restrictions for every queryset; they are few and rarely change, so each process keeps
    them until the portal's cache generation changes (a restriction saved or deleted bumps it)."""
    paths = private_section_paths()
    if not paths:
        return Q(pk__in=[])
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def in_private_section(path: str) -> bool:
    """Whether a page at `path` is in a private section (a view restriction on it or above it)."""
    return any(path.startswith(private) for private in private_section_paths())


def private_section_paths() -> tuple[str, ...]:
    """`restricted_paths()`, kept per process until the portal's cache generation changes (a view restriction
    saved or deleted bumps it)."""
    from lantoa.cache import per_generation

    return per_generation("private_paths", restricted_paths)


def restricted_paths() -> tuple[str, ...]:
    """The paths of the pages with a view restriction, in tree order.

    Read from the few restrictions to their pages: joined the other way, SQLite without statistics walks every
    page and looks each up among the restrictions (13 ms at 100,000 pages, against 0.02)."""
    restricted = Page.objects.filter(pk__in=PageViewRestriction.objects.values("page_id"))
    return tuple(restricted.order_by("path").values_list("path", flat=True))


# Readers' listings: what the public portal shows. Live and public only, in one language.


def published_in(model, locale) -> QuerySet:
    """Live, public pages of `model` in `locale`."""
    return published(model).filter(locale=locale)


def _newest_first(model, locale, unit: Unit | None) -> QuerySet:
    """Live, public pages of a content model in `locale` (within `unit`'s subtree), newest first.

    Written so that the database walks the model's date index and stops after the few rows a
    page shows, even at 100,000 pages and on SQLite without planner statistics: the locale is
    compared as `locale_id + 0` (the same rows, but no locale index — every page of a language
    shares one value — to tempt the planner into reading them all and sorting), and a commune,
    which has no units below it, is matched by its id.
    """
    qs = published(model).alias(locale_plus=F("locale_id") + 0).filter(locale_plus=locale.pk)
    if unit is not None:
        qs = qs.filter(unit=unit) if unit.level == Unit.Level.COMMUNE else qs.filter(unit__path__startswith=unit.path)
    return qs.order_by("-date", "-pk")


def latest_news(locale, *, unit: Unit | None = None) -> QuerySet[ArticlePage]:
    """Published news and articles in `locale`, newest first; with `unit`, those of it and the units below it."""
    return _newest_first(ArticlePage, locale, unit).select_related("unit", "lead_image")


# Each office's newest articles in a language, for the "more news" of its articles (`more_news`): kept per process for
# each version of the office's `more_tag`, no longer than the page cache keeps a response. Read once for all the
# articles of the office instead of once an article (the query built and its pages made: a fifth of an article's
# whole render).
_unit_news = cache.Fragments(size=4096)


def more_news(page) -> list[ArticlePage] | QuerySet[ArticlePage]:
    """The "more news" of an article: its office's (and the units' below it) newest articles but itself
    (`cache.TOP`). In a cached render they come from the office's list kept per process, which is as fresh as a
    cached page (a new article reaches it within the page cache's lifetime; one that goes away bumps the tag at
    once); outside one (staff, a preview, the page cache off) they are read."""
    shown = cache.TOP["article", "unit"] - 1
    if cache.render_started() is None:
        return latest_news(page.locale, unit=page.unit).exclude(pk=page.pk)[:shown]
    newest = cache.kept_for_tag(
        _unit_news,
        (page.locale_id, page.unit_id),
        cache.more_tag(page.locale.language_code, page.unit.path),
        lambda: list(latest_news(page.locale, unit=page.unit)[: shown + 1]),
    )
    return [article for article in newest if article.pk != page.pk][:shown]


def latest_of(model, locale, *, unit: Unit | None = None) -> QuerySet:
    """Published pages of a content model in `locale`, newest first, optionally within `unit`'s subtree."""
    return _newest_first(model, locale, unit).select_related("unit")


def tagged_content(locale, *, policy_area=None, target_group=None) -> QuerySet[Page]:
    """Published articles, documents and Q&A in `locale` tagged with a policy area or a target group, newest first."""
    field, term = ("policy_areas", policy_area) if policy_area is not None else ("target_groups", target_group)
    if term is None:
        return Page.objects.none()
    tagged = Q()
    for model in CONTENT_MODELS:
        tagged |= Q(pk__in=model.objects.filter(**{field: term}).values("pk"))
    if policy_area is not None:
        # A question's main area counts as a tag too.
        tagged |= Q(pk__in=QuestionPage.objects.filter(policy_area=policy_area).values("pk"))
    return (
        live_public(Page.objects)
        .filter(locale=locale)
        .filter(tagged)
        .annotate(sort_date=Coalesce("articlepage__date", "documentpage__date", "questionpage__date"))
        .order_by("-sort_date", "-pk")
        .specific()
    )


def topic_pages(locale) -> QuerySet:
    """Published topic pages in `locale`, or the Vietnamese ones where that language has none."""
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale

    from .models import TopicPage

    # `pk__in` the few topic pages: SQLite then starts from them rather than from every page of the locale.
    topics = published(TopicPage).filter(pk__in=TopicPage.objects.values("pk"))
    qs = topics.filter(locale=locale)
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if locale.language_code != default and not qs.exists():
        qs = topics.filter(locale__language_code=Locale.get_default().language_code)
    return qs.select_related("policy_area", "target_group").order_by("path")


def topic_links(locale, *, policy_areas=(), target_groups=()) -> list[tuple[str, str | None]]:
    """(label, topic page URL) for each term a page is tagged with; the URL is None where no topic page exists."""
    from lantoa.cache import per_generation

    by_area, by_group = per_generation("topic_urls", _topic_urls, locale)
    links = [(term.localized_name, by_area.get(term.pk)) for term in policy_areas]
    links += [(term.localized_name, by_group.get(term.pk)) for term in target_groups]
    return links


def _topic_urls(locale) -> tuple[dict[int, str], dict[int, str]]:
    """URLs of the topic pages in `locale` by policy area id and by target group id (`topic_links`)."""
    topics = list(topic_pages(locale))
    by_area = {t.policy_area_id: t.url for t in topics if t.policy_area_id}
    by_group = {t.target_group_id: t.url for t in topics if t.target_group_id}
    return by_area, by_group


def child_unit_pages(page: Page) -> QuerySet[UnitPage]:
    """Published office pages of the units directly below the unit of `page`, by name."""
    return live_public(UnitPage.objects.child_of(page)).select_related("unit").order_by("title")


def page_terms(page) -> tuple[list, list]:
    """A tagged page's policy areas and target groups, each in its order (position, name), read once a render and kept
    on the page: its tag links, its tag list and its entry points all show them.

    In a cached render one query reads the ids of both (Django's prefetch took one query each, a tenth of an article's
    whole render) and the terms come from the lists kept per process until the global tag changes (a term edited
    bumps it); otherwise (staff, previews, whose draft's terms the revision holds) Django's prefetch reads them."""
    kept = page.__dict__.get("_lantoa_terms")
    if kept is not None:
        return kept
    if cache.render_started() is None or page.pk is None or getattr(page, "_cluster_related_objects", None):
        prefetch_related_objects([page], "policy_areas", "target_groups")
        kept = (list(page.policy_areas.all()), list(page.target_groups.all()))
    else:
        kept = _terms_by_id(page)
    page.__dict__["_lantoa_terms"] = kept
    return kept


def _terms_by_id(page) -> tuple[list, list]:
    from lantoa.taxonomy.models import PolicyArea, TargetGroup

    fields = [page._meta.get_field("policy_areas"), page._meta.get_field("target_groups")]
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(
        f"SELECT {n}, {quote(field.m2m_reverse_name())} FROM {quote(field.m2m_db_table())} "  # noqa: S608 - names
        f"WHERE {quote(field.m2m_column_name())} = %s"
        for n, field in enumerate(fields)
    )
    chosen: tuple[set[int], set[int]] = (set(), set())
    with connection.cursor() as cursor:
        cursor.execute(sql, [page.pk] * len(fields))
        for n, term_id in cursor.fetchall():
            chosen[n].add(term_id)
    every = cache.per_generation("terms", lambda: (list(PolicyArea.objects.all()), list(TargetGroup.objects.all())))
    areas, groups = ([term for term in terms if term.pk in ids] for terms, ids in zip(every, chosen, strict=True))
    return areas, groups


# Each page's live versions in every language, kept per process for each version of its `page_tag`
# (`cache.kept_for_tag`), which every publish, unpublish, move, rename or delete of any of them bumps (a view
# restriction bumps the global tag, which empties the store): read once for the first hits of a page rather than at
# every render of it.
_translations = cache.Fragments(size=4096)


def live_translations(page: Page) -> list[Page]:
    """The live versions of `page` in every language, itself included, in the order languages are configured."""
    tag = cache.page_tag(page.translation_key)
    return list(cache.kept_for_tag(_translations, (page.translation_key,), tag, lambda: _read_live_translations(page)))


def _read_live_translations(page: Page) -> list[Page]:
    # The switcher names each language from `ContentLanguage` itself (`portal.selectors.language_links`).
    order = {code: i for i, (code, _name) in enumerate(settings.WAGTAIL_CONTENT_LANGUAGES)}
    # Plain pages (their URL and locale are all a language link needs), not one wide join per page type.
    translations = live_public(Page.objects.filter(translation_key=page.translation_key))
    pages = list(translations.select_related("locale"))
    return sorted(pages, key=lambda p: order.get(p.locale.language_code, len(order)))


def related_documents(page: DocumentPage) -> list[tuple[DocumentPage, str]]:
    """(document, relation) for each published document linked from `page`."""
    from lantoa import cache

    links = page.related_links.select_related("target").all()
    cache.depends_on(*(cache.page_tag(link.target.translation_key) for link in links))
    return [(link.target, link.relation) for link in links if link.target.live]


@dataclass(frozen=True)
class TranslationOverview:
    """Which content exists in which language, for the units a staff member may see."""

    languages: list[tuple[str, str]]  # (code, name) of every content language, Vietnamese first
    totals: dict[str, int]  # live content pages per language
    units: list[tuple[Unit, dict[str, int]]]  # the units with the most content, with their counts per language
    missing: list[tuple[Page, list[str]]]  # the newest Vietnamese pages and the languages they still lack
    most_read: list[tuple[Page, list[str]]]  # the most read Vietnamese pages still lacking a translation


def _lacking(pages: list[Page], wanted: list[str], names: dict[str, str]) -> list[tuple[Page, list[str]]]:
    """Each page with the names of the `wanted` languages it has no translation in (one query for all)."""
    present: dict = {}
    translations = Page.objects.filter(translation_key__in=[page.translation_key for page in pages])
    for key, code in translations.values_list("translation_key", "locale__language_code"):
        present.setdefault(key, set()).add(code)
    return [
        (page, [names[code] for code in wanted if code not in present.get(page.translation_key, set())])
        for page in pages
    ]


def _vietnamese_live(user, **filters) -> list[Page]:
    pages = []
    for model in CONTENT_MODELS:
        pages += list(
            content_in_scope(model, user)
            .filter(live=True, locale__language_code="vi", **filters)
            .only("pk", "title", "url_path", "translation_key", "first_published_at", "unit_id")
        )
    return pages


def translation_overview(
    user, *, unit_rows: int = 30, recent: int = 15, most_read_paths: Sequence[str] = ()
) -> TranslationOverview:
    """Counts of live content pages per language and per unit in `user`'s scope, and the newest (and, given the
    portal paths most read, the most read) Vietnamese pages without a translation into English or into a
    minority language that already has content."""
    languages = [(code, str(name)) for code, name in settings.LANGUAGES]
    totals = dict.fromkeys((code for code, _name in languages), 0)
    per_unit: dict[int, dict[str, int]] = {}
    for model in CONTENT_MODELS:
        rows = (
            content_in_scope(model, user)
            .filter(live=True)
            .order_by()
            .values_list("unit_id", "locale__language_code")
            .annotate(count=Count("pk"))
        )
        for unit_id, code, count in rows:
            totals[code] = totals.get(code, 0) + count
            counts = per_unit.setdefault(unit_id, {})
            counts[code] = counts.get(code, 0) + count
    biggest = sorted(per_unit, key=lambda unit_id: -sum(per_unit[unit_id].values()))[:unit_rows]
    units = Unit.objects.in_bulk(biggest)
    wanted = [code for code, _name in languages if code != "vi" and (code == "en" or totals.get(code))]
    names = dict(languages)
    newest = []
    for model in CONTENT_MODELS:
        newest += list(
            content_in_scope(model, user)
            .filter(live=True, locale__language_code="vi")
            .order_by("-first_published_at")
            .only("pk", "title", "translation_key", "first_published_at", "unit_id")[:recent]
        )
    newest = sorted(newest, key=lambda page: page.first_published_at, reverse=True)[:recent]
    most_read = []
    home = HomePage.objects.filter(locale__language_code="vi").only("url_path").first()
    if most_read_paths and home is not None:
        # A portal path is the page's url_path below the Vietnamese home page.
        prefix = home.url_path.rstrip("/")
        by_path = {
            page.url_path: page for page in _vietnamese_live(user, url_path__in=[prefix + p for p in most_read_paths])
        }
        most_read = [by_path[prefix + p] for p in most_read_paths if prefix + p in by_path][:recent]
    return TranslationOverview(
        languages=languages,
        totals=totals,
        units=[(units[unit_id], per_unit[unit_id]) for unit_id in biggest if unit_id in units],
        missing=_lacking(newest, wanted, names),
        most_read=[row for row in _lacking(most_read, wanted, names) if row[1]],
    )


def review_confirmation(task_state) -> str:
    """What a reviewer is told after acting on a workflow step: what they did and where the page goes next."""
    from django.utils.translation import gettext as _
    from wagtail.models import TaskState, WorkflowState

    task_state = task_state.specific if hasattr(task_state, "specific") else task_state
    page = task_state.workflow_state.content_object
    title = page.get_admin_display_title() if hasattr(page, "get_admin_display_title") else str(page)
    step = task_state.task.name
    workflow_state = task_state.workflow_state
    if task_state.status == TaskState.STATUS_REJECTED:
        message = _("Đã yêu cầu sửa “%(title)s” ở bước %(step)s: trang trở lại cho tác giả.") % {
            "title": title,
            "step": step,
        }
    elif task_state.status == TaskState.STATUS_APPROVED:
        next_state = workflow_state.current_task_state
        if workflow_state.status == WorkflowState.STATUS_IN_PROGRESS and next_state and next_state.pk != task_state.pk:
            message = _("Đã duyệt “%(title)s” ở bước %(step)s. Trang chuyển sang bước %(next)s.") % {
                "title": title,
                "step": step,
                "next": next_state.task.name,
            }
        elif page.live and not page.has_unpublished_changes:
            message = _("Đã duyệt “%(title)s” ở bước %(step)s. Quy trình duyệt đã xong, trang đã được xuất bản.") % {
                "title": title,
                "step": step,
            }
        else:
            message = _("Đã duyệt “%(title)s” ở bước %(step)s. Quy trình duyệt đã xong.") % {
                "title": title,
                "step": step,
            }
    else:
        message = _("Đã ghi nhận thao tác của bạn trên “%(title)s”.") % {"title": title}
    if task_state.comment:
        message += " " + _("Ý kiến của bạn đã được lưu kèm.")
    return message


def latest_review_by(user, page):
    """The workflow step this user most recently finished on `page` (None if none)."""
    from wagtail.models import TaskState

    return (
        TaskState.objects.filter(finished_by=user, workflow_state__object_id=str(page.pk))
        .exclude(finished_at=None)
        .select_related("task", "workflow_state")
        .order_by("-finished_at", "-pk")
        .first()
    )
