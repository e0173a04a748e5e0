"""API of the outreach app: public events, and registrations and the funnel for the staff of their unit."""

import datetime
from typing import Literal

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.security import django_auth

from lantoa.api_inputs import Id, PageParams, StrictSchema, page_of

from . import selectors, services
from .models import Registration

router = Router(tags=["outreach"])


class EventOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: datetime.datetime
    place: str
    description: str
    title_en: str
    place_en: str
    description_en: str
    unit_code: str = Field(alias="unit.code")
    commune_code: str = Field(alias="commune.code")
    commune_name: str = Field(alias="commune.name")
    partners: list[str]
    expected_attendees: int
    actual_attendees: int | None
    url: str = Field(alias="get_absolute_url")


class EventPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[EventOut]


class RegistrationOut(Schema):
    id: int
    unit_code: str
    interest: str
    status: str
    source: str
    event_id: int | None
    page_id: int | None
    utm_campaign: str
    touches: int
    created_at: datetime.datetime
    scheme: str
    enrolled_on: datetime.date | None
    erased: bool


class RegistrationDetail(RegistrationOut):
    name: str
    phone: str
    contact_time: str
    decline_reason: str


class RegistrationPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[RegistrationOut]


class RegistrationFilters(StrictSchema):
    status: Literal["new", "contacted", "advised", "enrolled", "declined"] | None = None
    event: Id | None = None


class FunnelParams(StrictSchema):
    by: Literal["event", "source", "campaign", "article", "commune", "province"] | None = None


class FunnelRow(Schema):
    key: str | int | None
    label: str | int | None
    total: int
    new: int
    contacted: int
    advised: int
    enrolled: int
    declined: int
    conversion_rate: float
    avg_days_to_enrolment: float | None


def _registration_out(registration: Registration) -> dict:
    return {
        "id": registration.pk,
        "unit_code": registration.unit.code,
        "interest": registration.interest,
        "status": registration.status,
        "source": registration.source,
        "event_id": registration.event_id,
        "page_id": registration.page_id,
        "utm_campaign": registration.utm_campaign,
        "touches": registration.touches,
        "created_at": registration.created_at,
        "scheme": registration.scheme,
        "enrolled_on": registration.enrolled_on,
        "erased": registration.erased_at is not None,
        "name": registration.name,
        "phone": registration.phone,
        "contact_time": registration.contact_time,
        "decline_reason": registration.decline_reason,
    }


@router.get("/events", response=EventPage, auth=None, summary="Public list of outreach events")
def list_events(request, paging: Query[PageParams]):
    items, count = page_of(selectors.public_events(), paging)
    return {"count": count, "page": paging.page, "page_size": paging.page_size, "items": items}


@router.get("/registrations", response=RegistrationPage, auth=django_auth, summary="Registrations of your units")
def list_registrations(request, filters: Query[RegistrationFilters], paging: Query[PageParams]):
    qs = selectors.registrations_for(request.user)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.event:
        qs = qs.filter(event_id=filters.event)
    # The list carries no personal fields, so it needs no access-log entry; the detail does.
    items, count = page_of(qs, paging)
    return {
        "count": count,
        "page": paging.page,
        "page_size": paging.page_size,
        "items": [_registration_out(item) for item in items],
    }


@router.get("/registrations/{registration_id}", response=RegistrationDetail, auth=django_auth)
def registration_detail(request, registration_id: Id):
    registration = get_object_or_404(selectors.registrations_for(request.user), pk=registration_id)
    services.record_access(user=request.user, registration=registration, via="api")
    return _registration_out(registration)


@router.get("/funnel", response=list[FunnelRow], auth=django_auth, summary="Funnel of your units' registrations")
def funnel(request, params: Query[FunnelParams]):
    rows = selectors.funnel(request.user, by=params.by)
    return [{**row, "key": row["key"], "label": row["label"]} for row in rows]
