"""Factories for the cross-app tests: units, staff with a role, pages (live, draft, in review), events,
registrations and plans, each made through the service that makes it in the product."""

import datetime
import itertools

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.coreutils import cautious_slugify
from wagtail.models import Page

from lantoa.units.models import Unit
from lantoa.units.roles import Role

_slugs = itertools.count(1)


class UnitFactory(factory.django.DjangoModelFactory):
    """A unit below `parent` (a province below the centre, a commune below a province)."""

    class Meta:
        model = Unit

    level = Unit.Level.COMMUNE
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    name = factory.Sequence(lambda n: f"Phường Thử Nghiệm {n}")
    codename = factory.Sequence(lambda n: f"phuong_thu_nghiem_{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"can-bo-{n}")
    password = factory.django.Password("mat-khau-thu-1")


def staff(unit: Unit, role: str = Role.AUTHOR, **kwargs):
    """A member of staff holding `role` in `unit`, with the groups and page permissions that follow."""
    from lantoa.units.services import grant_membership

    user = UserFactory(**kwargs)
    grant_membership(user=user, unit=unit, role=role)
    return user


def article(parent: Page, title: str, *, live: bool = False, **kwargs):
    """An article under `parent` (a unit's page); a draft unless `live`."""
    from lantoa.content.models import ArticlePage

    page = ArticlePage(
        title=title, slug=f"{cautious_slugify(title)}-{next(_slugs)}", live=live, date=datetime.date(2026, 11, 20)
    )
    page.summary = kwargs.pop("summary", "Tóm tắt.")
    page = parent.add_child(instance=page)
    page.save_revision(user=kwargs.get("user"))
    if live:
        page.get_latest_revision().publish()
    return page


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
    from lantoa.outreach.models import Event
    from lantoa.outreach.services import save_event

    values = {
        "kind": Event.Kind.DIALOGUE,
        "starts_at": timezone.now() + datetime.timedelta(days=10),
        "place": "Nhà văn hoá",
        **fields,
    }
    return save_event(user=user, event=Event(unit=unit, title=title, **values), partners=[])


def registration(commune: Unit, name: str, phone: str):
    from lantoa.outreach.services import register_interest

    created, _ = register_interest(
        name=name,
        phone=phone,
        commune=commune,
        interest="bhyt-ho-gia-dinh",
        contact_time="any",
        consent_text="Đồng ý",
    )
    return created


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
