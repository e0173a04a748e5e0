"""Factories for the cross-app tests: units, staff with a role, pages (live, draft, in review), events,
registrations, reports and plans, each made through the service that makes it in the product.

The factories are factory-boy ones (`UnitFactory(parent=…)`, `MembershipFactory(unit=…, role=…)`,
`ArticlePageFactory(parent=…, live=True)`, `EventFactory`, `RegistrationFactory`, `ReportFactory`); the
functions below them (`staff`, `article`, `event`, …) are the short forms the tests call.
"""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.coreutils import cautious_slugify
from wagtail.models import Page

from lantoa.units.models import Membership, Unit
from lantoa.units.roles import Role


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit below `parent` (a province below the centre, a commune below a province); a commune by default.

    Without `parent` the unit is a root of its own: pass `parent=`, or use CommuneFactory / ProvinceFactory.
    """

    class Meta:
        model = Unit

    level = Unit.Level.COMMUNE
    parent = None
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử Nghiệm {n}")
    codename = factory.Sequence(lambda n: f"phuong_thu_nghiem_{n}")


class CentreFactory(UnitFactory):
    """The centre (Vietnam Social Security), made once per database."""

    class Meta:
        django_get_or_create = ("level", "code")

    level = Unit.Level.CENTRE
    code = Unit.CENTRE_CODE
    name = "Bảo hiểm xã hội Việt Nam"
    codename = ""


class ProvinceFactory(UnitFactory):
    level = Unit.Level.PROVINCE
    parent = factory.SubFactory(CentreFactory)
    code = factory.Sequence(lambda n: f"{90 + n}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    codename = factory.Sequence(lambda n: f"tinh_thu_nghiem_{n}")


class CommuneFactory(UnitFactory):
    parent = factory.SubFactory(ProvinceFactory)


# The shared tree of the tests (conftest's `units`): key → (level, official code, name, codename, parent key).
UNIT_TREE = {
    "centre": (Unit.Level.CENTRE, Unit.CENTRE_CODE, "Bảo hiểm xã hội Việt Nam", "", None),
    "hanoi": (Unit.Level.PROVINCE, "01", "Thành phố Hà Nội", "ha_noi", "centre"),
    "hue": (Unit.Level.PROVINCE, "46", "Thành phố Huế", "hue", "centre"),
    "hanoi_a": (Unit.Level.COMMUNE, "00070", "Phường Hoàn Kiếm", "phuong_hoan_kiem", "hanoi"),
    "hanoi_b": (Unit.Level.COMMUNE, "00073", "Phường Cửa Nam", "phuong_cua_nam", "hanoi"),
    "hue_a": (Unit.Level.COMMUNE, "19774", "Phường Thuận Hóa", "phuong_thuan_hoa", "hue"),
    "hue_b": (Unit.Level.COMMUNE, "19753", "Phường Phú Xuân", "phuong_phu_xuan", "hue"),
}


def unit_tree() -> dict[str, Unit]:
    """The centre, Hà Nội and Huế, two communes in each, with their official codes and names (keys of UNIT_TREE)."""
    units: dict[str, Unit] = {}
    for key, (level, code, name, codename, parent) in UNIT_TREE.items():
        units[key] = UnitFactory(
            level=level, code=code, name=name, codename=codename, parent=units[parent] if parent else None
        )
    return units


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"can-bo-{n}")
    password = factory.django.Password("mat-khau-thu-1")


class MembershipFactory(factory.django.DjangoModelFactory):
    """A role in a unit, granted through `grant_membership` (which also gives the unit's groups and permissions)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(CommuneFactory)
    role = Role.AUTHOR

    @classmethod
    def _create(cls, model_class, *, user, unit, role, granted_by=None):
        from lantoa.units.services import grant_membership

        return grant_membership(user=user, unit=unit, role=role, granted_by=granted_by)


class ArticlePageFactory(factory.django.DjangoModelFactory):
    """An article added under `parent` (a unit's page) through Wagtail's tree; a draft unless `live`.

    A revision is saved (by `user`, if given); a live article has it published.
    """

    class Meta:
        model = "content.ArticlePage"

    parent = None  # required: given to Wagtail's add_child, not a field
    user = None  # who saves the revision
    title = factory.Sequence(lambda n: f"Tin hoạt động số {n}")
    slug = factory.LazyAttributeSequence(lambda o, n: f"{cautious_slugify(o.title)}-{n}")
    live = False
    date = datetime.date(2026, 11, 20)
    summary = "Tóm tắt."

    @classmethod
    def _create(cls, model_class, *args, parent: Page | None = None, user=None, **kwargs):
        if parent is None:
            raise TypeError("ArticlePageFactory needs parent= (the page to add the article under).")
        page = parent.add_child(instance=model_class(**kwargs))
        page.save_revision(user=user)
        if page.live:
            page.get_latest_revision().publish()
        return page


def _commune_within(unit: Unit) -> Unit:
    """`unit` when it is a commune, else a new commune below it (below a new province for the centre)."""
    if unit.level == Unit.Level.COMMUNE:
        return unit
    if unit.level == Unit.Level.PROVINCE:
        return CommuneFactory(parent=unit)
    return CommuneFactory(parent__parent=unit)


class EventFactory(factory.django.DjangoModelFactory):
    """An event of `unit`: saved through `save_event` when `user` is given (it checks their scope), else validated."""

    class Meta:
        model = "outreach.Event"

    user = None  # not a field: who saves it through the service
    unit = factory.SubFactory(CommuneFactory)
    commune = factory.LazyAttribute(lambda o: _commune_within(o.unit))
    kind = "dialogue"
    title = factory.Sequence(lambda n: f"Đối thoại chính sách số {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=10))
    place = "Nhà văn hoá"

    @classmethod
    def _create(cls, model_class, *args, user=None, partners=(), **kwargs):
        from lantoa.outreach.services import save_event

        event = model_class(**kwargs)
        if user is not None:
            return save_event(user=user, event=event, partners=list(partners))
        event.partners = list(partners)
        event.full_clean()
        event.save()
        return event


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A registration of interest in a commune, recorded through `register_interest` (the phone normalised, a
    repeat within the window merged into the earlier registration)."""

    class Meta:
        model = "outreach.Registration"

    unit = factory.SubFactory(CommuneFactory)
    name = factory.Sequence(lambda n: f"Nguyễn Thị Thử {n}")
    phone = factory.Sequence(lambda n: f"0912{n % 1000000:06d}")
    interest = "bhyt-ho-gia-dinh"
    contact_time = "any"
    consent_text = "Tôi đồng ý để cơ quan bảo hiểm xã hội liên hệ tư vấn."

    @classmethod
    def _create(cls, model_class, *args, unit, **kwargs):
        from lantoa.outreach.services import register_interest

        registration, _created = register_interest(commune=unit, **kwargs)
        return registration


def quarterly_template():
    """The quarterly outreach results template the migrations seed."""
    from lantoa.reports.models import ReportTemplate

    return ReportTemplate.objects.get(code="ket-qua-truyen-thong-quy")


class ReportFactory(factory.django.DjangoModelFactory):
    """A unit's report on the seeded quarterly template for a closed quarter, opened through `open_report` by
    `user` (by default an author of the unit, made for it)."""

    class Meta:
        model = "reports.Report"

    user = None  # not a field: who opens it
    unit = factory.SubFactory(CommuneFactory)
    template = factory.LazyFunction(lambda: quarterly_template())
    period_start = datetime.date(2026, 4, 1)

    @classmethod
    def _create(cls, model_class, *args, template, unit, period_start, user=None):
        from lantoa.reports.services import open_report

        user = user or staff(unit, Role.AUTHOR)
        return open_report(template=template, unit=unit, period_start=period_start, user=user)


def staff(unit: Unit, role: str = Role.AUTHOR, **kwargs):
    """A member of staff holding `role` in `unit`, with the groups and page permissions that follow."""
    return MembershipFactory(user=UserFactory(**kwargs), unit=unit, role=role).user


def article(parent: Page, title: str, *, live: bool = False, **kwargs):
    """An article under `parent` (a unit's page); a draft unless `live`."""
    return ArticlePageFactory(parent=parent, title=title, live=live, **kwargs)


def draft_in_review(parent: Page, title: str, *, user):
    """An unpublished article submitted by `user` to the editorial workflow (waiting at its first step)."""
    page = article(parent, title, user=user)
    page.get_workflow().start(page, user)
    return page


def live_with_newer_draft(parent: Page, live_title: str, draft_title: str, *, user):
    """A published article whose latest revision (not yet published) changes its title."""
    page = article(parent, live_title, live=True, user=user)
    page.title = draft_title
    page.save_revision(user=user)
    return page


def event(unit: Unit, title: str, *, user, **fields):
    return EventFactory(unit=unit, title=title, user=user, **fields)


def registration(commune: Unit, name: str, phone: str):
    return RegistrationFactory(unit=commune, name=name, phone=phone)


def plan(unit: Unit, title: str, *, user, year: int = 2026):
    from lantoa.planning.services import create_plan

    return create_plan(user=user, unit=unit, year=year, title=title)


def image(unit: Unit, title: str):
    """An image in `unit`'s collection (a small PNG)."""
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from lantoa.content.permissions import unit_collection

    return Image.objects.create(title=title, file=get_test_image_file(size=(8, 8)), collection=unit_collection(unit))


def document(unit: Unit, title: str):
    """A document in `unit`'s collection."""
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document

    from lantoa.content.permissions import unit_collection

    return Document.objects.create(
        title=title, file=ContentFile(b"%PDF-1.4\n", name="tai-lieu.pdf"), collection=unit_collection(unit)
    )
