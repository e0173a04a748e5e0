"""Load the demo: the unit tree, the page tree, staff for every role at five units, and 300+ published pages;
then the 2026 plans, scenarios, events, loudspeaker bulletins with their broadcasts and quarterly reports
(`plans.py`, `bulletins.py`, `reports.py`).

Everything is planned from a fixed random seed, so a second run finds each planned page by its
slug under its unit and creates nothing new.
"""

import datetime
import os
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale, Page

from lantoa.content.models import ArticlePage, DocumentAttachment, DocumentPage, QuestionPage, RelatedDocument, UnitPage
from lantoa.content.permissions import unit_collection
from lantoa.content.services import ensure_unit_page, publish, setup_site, translate_page
from lantoa.content.slugs import page_slug
from lantoa.taxonomy.models import PolicyArea, TargetGroup
from lantoa.units.models import Unit
from lantoa.units.roles import Role
from lantoa.units.services import grant_membership, import_units

from . import corpus
from .activity import AnalyticsResult, FollowUpResult, load_analytics, load_follow_up
from .bulletins import BulletinsResult, load_bulletins
from .channels import ChannelsResult, load_channels
from .lists import load_participant_lists
from .media import docx_bytes, pdf_bytes, wagtail_document, wagtail_image
from .plans import FOLLOW_UP, PlansResult, load_plans
from .reports import ReportsResult, load_reports
from .review import create_drafts_in_review

DEFAULT_PASSWORD = "lantoa-demo-2026"  # noqa: S105 - the documented demo password, overridable by env
SEED = 2026

# (unit level, code, login prefix): the units whose staff get demo accounts.
STAFF_UNITS = [
    (Unit.Level.CENTRE, Unit.CENTRE_CODE, "trunguong"),
    (Unit.Level.PROVINCE, "01", "hanoi"),
    (Unit.Level.PROVINCE, "15", "laocai"),
    (Unit.Level.COMMUNE, "00070", "hoankiem"),
    (Unit.Level.COMMUNE, "03006", "sapa"),
]
# Communes that get their own news besides the two with staff.
OTHER_COMMUNES = ["00004", "00073", "02839", "03037"]
ROLE_LOGINS = {
    Role.VIEWER: "xem",
    Role.AUTHOR: "tacgia",
    Role.EDITOR: "bientap",
    Role.APPROVER: "pheduyet",
    Role.UNIT_ADMIN: "quantri",
}

IMAGE_ALT_PREFIX = {"en": "Illustration: ", "hmn": ""}

Progress = Callable[[int, int, str], None]


@dataclass
class Login:
    username: str
    role: str
    unit: str


@dataclass
class DemoResult:
    pages_created: int = 0
    translations_created: int = 0
    users_created: int = 0
    logins: list[Login] = field(default_factory=list)
    # Plans, activities, scenarios, events and registrations (demo.plans); reports (demo.reports).
    plans: PlansResult = field(default_factory=PlansResult)
    reports: ReportsResult = field(default_factory=ReportsResult)
    # Loudspeaker bulletins and the broadcasts the communes logged (demo.bulletins).
    bulletins: BulletinsResult = field(default_factory=BulletinsResult)
    # Signs of life (demo.activity, demo.channels): visits, follow-up, posts and engagement.
    analytics: AnalyticsResult = field(default_factory=AnalyticsResult)
    follow_up: FollowUpResult = field(default_factory=FollowUpResult)
    channels: ChannelsResult = field(default_factory=ChannelsResult)
    # New participants from the demo's participant lists (demo.lists), matched to the registrations.
    participants_listed: int = 0


def demo_password() -> str:
    return os.environ.get("LANTOA_DEMO_PASSWORD") or DEFAULT_PASSWORD


def slug_for(text: str, limit: int = 80) -> str:
    # The portal's slug (folded through lantoa.folding), with "158/2025" kept apart rather than glued into "1582025".
    return page_slug(text.replace("/", " "), max_length=limit) or "trang"


def place_name(unit: Unit) -> str:
    """How a sentence names the unit's area: "Hà Nội", "phường Hoàn Kiếm", "các địa phương"."""
    if unit.level == Unit.Level.CENTRE:
        return "các địa phương"
    if unit.level == Unit.Level.PROVINCE:
        return unit.name.removeprefix("Thành phố ").removeprefix("Tỉnh ")
    kind, _sep, rest = unit.name.partition(" ")
    return f"{kind.lower()} {rest}"


def sentence(template: str, unit: Unit, **extra) -> str:
    text = template.format(place=place_name(unit), office=unit.office_name, **extra)
    return text[0].upper() + text[1:]


def content_units() -> list[Unit]:
    codes = [(level, code) for level, code, _prefix in STAFF_UNITS]
    codes += [(Unit.Level.COMMUNE, code) for code in OTHER_COMMUNES]
    return [Unit.objects.get(level=level, code=code) for level, code in codes]


# --- staff ---------------------------------------------------------------------------------


def ensure_staff(*, password: str) -> tuple[int, list[Login]]:
    """A login for each role at each staff unit, plus the superuser `admin`; existing accounts are left alone."""
    user_model = get_user_model()
    created = 0
    logins: list[Login] = []
    # Every demo account has the same published password: hashed once (PBKDF2 takes ~0.4 s a hash, 26 of them
    # were a tenth of loading the demo), each account then stores that hash.
    hashed = make_password(password)
    admin, was_created = user_model.objects.get_or_create(
        username="admin", defaults={"is_superuser": True, "is_staff": True, "email": "admin@example.invalid"}
    )
    if was_created:
        admin.password = hashed
        admin.save()
        created += 1
    logins.append(Login("admin", "superuser", "—"))
    for level, code, prefix in STAFF_UNITS:
        unit = Unit.objects.get(level=level, code=code)
        for role, suffix in ROLE_LOGINS.items():
            username = f"{prefix}.{suffix}"
            user, was_created = user_model.objects.get_or_create(username=username, defaults={"is_staff": False})
            if was_created:
                user.password = hashed
                user.save()
                created += 1
                grant_membership(user=user, unit=unit, role=role)
            logins.append(Login(username, str(Role(role).label), unit.office_name))
    return created, logins


# --- planning ------------------------------------------------------------------------------


@dataclass
class Planned:
    kind: str  # article, document, question
    unit: Unit
    slug: str
    build: Callable[[], Page]
    after: Callable[[Page], None] | None = None
    key: str = ""


class Planner:
    """Builds the list of pages to create; deterministic for a given seed and unit set."""

    def __init__(self, today: datetime.date):
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not security
        self.today = today
        self.areas = {a.slug: a for a in PolicyArea.objects.all()}
        self.groups = {g.slug: g for g in TargetGroup.objects.all()}
        self.items: list[Planned] = []
        self.slugs: set[tuple[int, str]] = set()
        self.documents_by_key: dict[str, DocumentPage] = {}
        self._collections: dict[int, object] = {}

    def collection(self, unit: Unit):
        """The unit's media collection, looked up once per run rather than once per file."""
        if unit.pk not in self._collections:
            self._collections[unit.pk] = unit_collection(unit)
        return self._collections[unit.pk]

    def date(self, max_days: int = 729) -> datetime.date:
        return self.today - datetime.timedelta(days=self.rng.randint(0, max_days))

    def unique_slug(self, unit: Unit, text: str) -> str:
        base = slug_for(text)
        slug, n = base, 2
        while (unit.pk, slug) in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add((unit.pk, slug))
        return slug

    # articles

    def article(
        self,
        unit: Unit,
        *,
        title: str,
        summary: str,
        paragraphs: list[str],
        quote,
        area: str,
        groups,
        kind: str,
        date: datetime.date,
        key: str = "",
        alt: str | None = None,
    ) -> None:
        slug = self.unique_slug(unit, title)
        colour = list(self.areas).index(area) if area in self.areas else 0
        body = [("paragraph", f"<p>{p}</p>") for p in paragraphs[:2]]
        if quote:
            body.append(("quote", {"text": quote[0], "source": quote[1]}))
        body += [("paragraph", f"<p>{p}</p>") for p in paragraphs[2:]]
        alt_text = alt or f"Ảnh minh họa: {title}"

        def build() -> Page:
            image = wagtail_image(
                title=title,
                colour=colour,
                collection=self.collection(unit),
                filename=f"{slug[:60]}.jpg",
            )
            return ArticlePage(
                title=title,
                slug=slug,
                date=date,
                summary=summary[:600],
                kind=kind,
                lead_image=image,
                lead_image_alt=alt_text[:250],
                body=body,
            )

        self.items.append(Planned("article", unit, slug, build, self._tagger([area], groups), key=key))

    def _tagger(self, area_slugs, group_slugs):
        areas = [self.areas[s] for s in area_slugs if s in self.areas]
        groups = [self.groups[s] for s in group_slugs if s in self.groups]

        def tag(page: Page) -> None:
            page.policy_areas.set(areas)
            page.target_groups.set(groups)

        return tag

    def area_articles(self, unit: Unit, *, titles_per_area: int | None = None) -> None:
        for area_slug, area in corpus.AREAS.items():
            titles = area["titles"] if titles_per_area is None else self.rng.sample(area["titles"], titles_per_area)
            for title in titles:
                paragraphs = self.rng.sample(area["paragraphs"], min(3, len(area["paragraphs"])))
                paragraphs.append(self.rng.choice(corpus.GENERAL_PARAGRAPHS))
                self.article(
                    unit,
                    title=sentence(title, unit),
                    summary=sentence(self.rng.choice(area["summaries"]), unit),
                    paragraphs=[sentence(p, unit) for p in paragraphs],
                    quote=tuple(sentence(q, unit) for q in area["quote"]) if self.rng.random() < 0.6 else None,
                    area=area_slug,
                    groups=self.rng.sample(area["groups"], self.rng.randint(1, len(area["groups"]))),
                    kind=ArticlePage.Kind.ARTICLE if unit.level == Unit.Level.CENTRE else ArticlePage.Kind.NEWS,
                    date=self.date(),
                )

    def event_articles(self, unit: Unit) -> None:
        for title, area_slug in corpus.EVENT_TITLES:
            area = corpus.AREAS[area_slug]
            paragraphs = [self.rng.choice(corpus.GENERAL_PARAGRAPHS), *self.rng.sample(area["paragraphs"], 2)]
            paragraphs.append(corpus.GENERAL_PARAGRAPHS[5])
            self.article(
                unit,
                title=sentence(title, unit),
                summary=sentence(self.rng.choice(area["summaries"]), unit),
                paragraphs=[sentence(p, unit) for p in paragraphs],
                quote=tuple(sentence(q, unit) for q in area["quote"]),
                area=area_slug,
                groups=area["groups"],
                kind=ArticlePage.Kind.NEWS,
                date=self.date(),
                alt=f"Quang cảnh buổi tuyên truyền tại {place_name(unit)}, người dân nghe cán bộ bảo hiểm xã hội "
                f"giới thiệu chính sách",
            )

    def featured(self, unit: Unit, index: int, item: dict) -> None:
        vi = item["vi"]
        self.article(
            unit,
            title=vi["title"],
            summary=vi["summary"],
            paragraphs=vi["paragraphs"],
            quote=None,
            area=item["area"],
            groups=item["groups"],
            kind=ArticlePage.Kind.ARTICLE,
            date=self.date(120),
            key=f"featured-{index}",
        )

    # documents

    def document(
        self,
        unit: Unit,
        *,
        title: str,
        number: str,
        issuer: str,
        issued: datetime.date,
        effective: datetime.date | None,
        status: str,
        areas,
        summary: str,
        files=(),
        related=(),
        key: str = "",
    ) -> None:
        slug = self.unique_slug(unit, f"{number} {title}")
        body = f"<p>{summary}</p>"

        def build() -> Page:
            return DocumentPage(
                title=title,
                slug=slug,
                document_number=number,
                issuing_body=issuer,
                issued_on=issued,
                effective_from=effective,
                status=status,
                date=max(issued, self.today - datetime.timedelta(729)),
                summary=summary[:600],
                body=body,
            )

        tag = self._tagger(areas, [])

        def after(page: Page) -> None:
            tag(page)
            collection = self.collection(unit)
            for ext, label in files:
                if ext == "pdf":
                    data = pdf_bytes(f"{number} - {title}", [summary])
                else:
                    data = docx_bytes(f"{number} — {title}", [summary, f"Nơi ban hành: {issuer}."])
                doc = wagtail_document(
                    title=f"{label} {number}", data=data, filename=f"{slug_for(number)}.{ext}", collection=collection
                )
                DocumentAttachment.objects.create(page=page, document=doc, title=f"{label} {number}")
            for target_key, relation in related:
                target = self.documents_by_key.get(target_key)
                if target is not None:
                    RelatedDocument.objects.create(page=page, target=target, relation=relation)

        self.items.append(Planned("document", unit, slug, build, after, key=key))

    def national_documents(self, unit: Unit) -> None:
        for key, title, number, issuer, issued, effective, status, areas, summary, related in corpus.NATIONAL_DOCUMENTS:
            files = [("pdf", "Toàn văn")]
            if number.endswith("NĐ-CP"):
                files.append(("docx", "Phụ lục, biểu mẫu kèm theo"))
            self.document(
                unit,
                title=title,
                number=number,
                issuer=issuer,
                issued=datetime.date.fromisoformat(issued),
                effective=datetime.date.fromisoformat(effective),
                status=status,
                areas=areas,
                summary=summary,
                files=files,
                related=related,
                key=key,
            )

    def unit_documents(self, unit: Unit, templates, issuer: str) -> None:
        for year_back in (1, 0):
            for title, number, areas, summary in templates:
                issued = self.date(364) - datetime.timedelta(days=365 * year_back)
                fill = {"year": issued.year, "month": issued.month, "n": self.rng.randint(12, 380)}
                self.document(
                    unit,
                    title=sentence(title, unit, **fill),
                    number=number.format(**fill),
                    issuer=issuer,
                    issued=issued,
                    effective=issued,
                    status=DocumentPage.Status.IN_FORCE,
                    areas=areas,
                    summary=sentence(summary, unit, **fill),
                    files=[("docx", "Tệp văn bản")] if number.startswith("{n}/KH") else (),
                )

    # questions

    def questions(self, unit: Unit, chosen) -> None:
        for area_slug, group_slugs, title, question, answer in chosen:
            asker = self.rng.choice(corpus.ASKERS)
            where = place_name(unit) if unit.level != Unit.Level.CENTRE else self.rng.choice(["Hà Nội", "Lào Cai"])
            slug = self.unique_slug(unit, title)
            area = self.areas.get(area_slug)
            date = self.date()
            text = f"{asker} ({where}) hỏi: {question}"
            html = "".join(f"<p>{p}</p>" for p in answer)

            def build(slug=slug, title=title, text=text, html=html, area=area, date=date) -> Page:
                return QuestionPage(title=title, slug=slug, question=text, answer=html, policy_area=area, date=date)

            self.items.append(Planned("question", unit, slug, build, self._tagger([area_slug], group_slugs)))

    def plan(self, units: list[Unit]) -> list[Planned]:
        centre_unit, hanoi, laocai = units[0], units[1], units[2]
        communes = units[3:]
        for index, item in enumerate(corpus.FEATURED):
            self.featured(centre_unit if index % 3 == 0 else (hanoi if index % 3 == 1 else laocai), index, item)
        self.national_documents(centre_unit)
        self.area_articles(centre_unit)
        self.questions(centre_unit, corpus.QUESTIONS)
        for province in (hanoi, laocai):
            self.area_articles(province)
            self.unit_documents(province, corpus.UNIT_DOCUMENTS, province.office_name)
            self.questions(province, corpus.QUESTIONS)
        for n, commune in enumerate(communes):
            self.event_articles(commune)
            self.area_articles(commune, titles_per_area=1)
            self.unit_documents(commune, corpus.COMMUNE_DOCUMENTS, f"Ủy ban nhân dân {place_name(commune)}")
            self.questions(commune, [corpus.QUESTIONS[(n * 4 + i) % len(corpus.QUESTIONS)] for i in range(4)])
        return self.items


# --- creating ------------------------------------------------------------------------------


def _create(item: Planned, parent: Page) -> Page:
    page = parent.add_child(instance=item.build())
    if item.after:
        item.after(page)
    page = publish(page)
    # Demo content reads as published on its own date.
    moment = timezone.make_aware(datetime.datetime.combine(page.specific.date, datetime.time(9, 0)))
    Page.objects.filter(pk=page.pk).update(first_published_at=moment, last_published_at=moment)
    return page


def create_content(units: list[Unit], *, progress: Progress | None = None) -> int:
    vi = Locale.objects.get(language_code="vi")
    parents = {unit.pk: Page.objects.get(pk=_root_page(unit, vi).pk) for unit in units}
    planner = Planner(timezone.localdate())
    items = planner.plan(units)
    existing = {
        (unit_pk, slug)
        for unit_pk, parent in parents.items()
        for slug in parent.get_children().values_list("slug", flat=True)
    }
    created = 0
    for done, item in enumerate(items, start=1):
        if (item.unit.pk, item.slug) in existing:
            if item.key:
                page = parents[item.unit.pk].get_children().get(slug=item.slug).specific
                planner.documents_by_key[item.key] = page
        else:
            with transaction.atomic():
                page = _create(item, parents[item.unit.pk])
            if item.key:
                planner.documents_by_key[item.key] = page.specific
            created += 1
        if progress:
            progress(done, len(items), item.slug)
    return created


def _root_page(unit: Unit, locale) -> Page:
    from lantoa.content.models import HomePage

    if unit.level == Unit.Level.CENTRE:
        return HomePage.objects.get(locale=locale)
    return UnitPage.objects.get(unit=unit, locale=locale)


def create_translations(units: list[Unit]) -> int:
    """English and Hmong versions of the featured articles and the home page; existing ones are kept."""
    vi = Locale.objects.get(language_code="vi")
    home = _root_page(units[0], vi)
    created = 0
    with transaction.atomic():
        if home.get_translation_or_none(Locale.objects.get(language_code="en")) is None:
            translate_page(home, "en", title="Vietnam Social Security")
            created += 1
        if home.get_translation_or_none(Locale.objects.get(language_code="hmn")) is None:
            translate_page(home, "hmn", title="Kev Pov Hwm Kev Sib Raug Zoo Nyab Laj")
            created += 1
    planner = Planner(timezone.localdate())
    featured = {item.key: item for item in planner.plan(units) if item.key.startswith("featured-")}
    for index, texts in enumerate(corpus.FEATURED):
        item = featured[f"featured-{index}"]
        source = _root_page(item.unit, vi).get_children().filter(slug=item.slug).first()
        if source is None:
            continue
        source = source.specific
        for code in ("en", "hmn"):
            if code not in texts or source.get_translation_or_none(Locale.objects.get(language_code=code)):
                continue
            text = texts[code]
            body = [("paragraph", f"<p>{p}</p>") for p in text["paragraphs"]]
            with transaction.atomic():
                translate_page(
                    source,
                    code,
                    title=text["title"],
                    summary=text["summary"],
                    body=body,
                    # The picture has no text; its alt text is the title in the reader's language.
                    lead_image_alt=f"{IMAGE_ALT_PREFIX[code]}{text['title']}",
                )
            created += 1
    return created


# The demo's stand-in for the fund's monthly rate VSS publishes each year (none is in the reviewed law files: no
# published figure was available), so that advance and catch-up payment can be tried on the demo. The
# calculator lists it with this source, so nobody takes it for the published rate.
DEMO_FUND_RATE = Decimal("0.4")
DEMO_FUND_RATE_SOURCE = "Giá trị minh hoạ của bản demo, không phải lãi suất Bảo hiểm xã hội Việt Nam công bố"


def load_fund_rate() -> None:
    """The demo's fund rate for this year and the next, unless the centre has entered a real one."""
    from lantoa.calculators.models import FundInterestRate

    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        start = datetime.date(year, 1, 1)
        if not FundInterestRate.objects.filter(
            effective_from__lte=datetime.date(year, 12, 31), effective_from__gte=start
        ).exists():
            FundInterestRate.objects.create(
                effective_from=start,
                effective_to=datetime.date(year, 12, 31),
                monthly_rate_percent=DEMO_FUND_RATE,
                legal_source=DEMO_FUND_RATE_SOURCE,
            )


def load_demo(*, quick: bool = False, password: str | None = None, progress_for=None) -> DemoResult:
    """The whole demo, idempotently. `progress_for(label)` returns a progress callback for one step."""
    progress_for = progress_for or (lambda label: None)
    result = DemoResult()
    import_units(progress=progress_for("Đơn vị "))
    setup_site(
        with_unit_pages=not quick,
        progress=progress_for("Trang đơn vị "),
        collection_progress=progress_for("Thư mục ảnh của đơn vị "),
    )
    units = content_units()
    for unit in units[1:]:
        ensure_unit_page(unit)
    result.users_created, result.logins = ensure_staff(password=password or demo_password())
    result.pages_created = create_content(units, progress=progress_for("Nội dung "))
    result.translations_created = create_translations(units)
    result.plans = load_plans()
    # Before the reports: their loudspeaker broadcasts are counted from the broadcasts logged.
    result.bulletins = load_bulletins()
    result.reports = load_reports()
    result.follow_up = load_follow_up(officers=FOLLOW_UP)
    result.participants_listed = load_participant_lists()
    result.channels = load_channels()
    result.analytics = load_analytics(progress=progress_for("Thống kê truy cập "))
    load_fund_rate()
    # Last, so that no translation copies a draft: a draft in review in every unit, what staff of another unit
    # must not read (docs/security-scope.md).
    create_drafts_in_review(units)
    return result
