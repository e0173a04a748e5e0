"""The planning API's shapes: what it answers and what it takes (`api.py` serves them)."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import StringConstraints

from lantoa.api_inputs import Day, Id, LanguageCode, Slug, StrictSchema, UnitCode
from lantoa.metrics import Indicator

from .models import MAX_YEAR, MIN_YEAR, Activity

IndicatorCode = Literal[tuple(Indicator.values)]  # type: ignore[valid-type]
ActivityKind = Literal[tuple(Activity.Kind.values)]  # type: ignore[valid-type]
ActivityStatus = Literal[tuple(Activity.Status.values)]  # type: ignore[valid-type]
Code = Annotated[str, StringConstraints(pattern=r"^[a-z_]{1,40}$")]
Title = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Text = Annotated[str, StringConstraints(max_length=5000)]
Budget = Annotated[Decimal, Field(ge=0, max_digits=15, decimal_places=0)]
Year = Annotated[int, Field(ge=MIN_YEAR, le=MAX_YEAR)]
Count = Annotated[int, Field(ge=0, le=10**12)]


# Outputs


class PlanOut(Schema):
    id: int
    unit_code: str
    unit_name: str
    year: int
    title: str
    summary: str
    parent_id: int | None


class PlanPage(Schema):
    count: int
    page: int
    page_size: int
    items: list[PlanOut]


class TargetOut(Schema):
    indicator: str
    label: str
    value: int
    manual_actual: int | None
    note: str


class ActivityOut(Schema):
    id: int
    plan_id: int
    derived_from_id: int | None
    kind: str
    title: str
    description: str
    starts_on: Day
    ends_on: Day
    budget: Decimal
    responsible_unit_code: str
    partners: list[str]
    channels: list[str]
    target_groups: list[str]
    policy_areas: list[str]
    languages: list[str]
    status: str
    quantity: int | None
    event_ids: list[int]


class PlanDetail(PlanOut):
    targets: list[TargetOut]
    activities: list[ActivityOut]


class ActualRow(Schema):
    indicator: str
    label: str
    target: int
    actual: float | None
    percent: float | None
    computed: bool


class ChildActual(Schema):
    plan_id: int
    unit_code: str
    unit_name: str
    rows: list[ActualRow]


class PlanActual(Schema):
    plan_id: int
    unit_code: str
    year: int
    start: datetime.date
    end: datetime.date
    rows: list[ActualRow]
    children: list[ChildActual]
    units_without_plan: int


class PlanningIndicatorOut(Schema):
    code: str
    label: str
    computed: bool


class MaterialOut(Schema):
    id: int
    title: str


class ScenarioOut(Schema):
    id: int
    unit_code: str
    target_group: str
    title: str
    key_messages: str
    channels: list[str]
    formats: list[str]
    languages: list[str]
    timing: str
    material_ids: list[int]
    materials: list[MaterialOut]
    is_template: bool
    is_published: bool
    version: int
    template_id: int | None
    template_version: int | None
    template_changed: bool
    template_changes: list[str]


class UpdateFromTemplateOut(Schema):
    updated: list[str]
    kept: list[str]
    scenario: ScenarioOut


# Inputs


class PlanFilters(StrictSchema):
    year: Year | None = None
    unit: UnitCode | None = None


class PlanIn(StrictSchema):
    unit_code: UnitCode
    year: Year
    title: Annotated[str, StringConstraints(max_length=200)] = ""
    summary: Text = ""


class PlanPatch(StrictSchema):
    title: Title | None = None
    summary: Text | None = None


class TargetIn(StrictSchema):
    value: Count
    manual_actual: Count | None = None
    note: Annotated[str, StringConstraints(max_length=255)] = ""


class ActivityIn(StrictSchema):
    kind: ActivityKind
    title: Title
    description: Text = ""
    starts_on: Day
    ends_on: Day
    budget: Budget = Decimal(0)
    responsible_unit_code: UnitCode | None = None
    partners: list[Code] = Field(default_factory=list, max_length=20)
    channels: list[Code] = Field(default_factory=list, max_length=20)
    target_groups: list[Slug] = Field(default_factory=list, max_length=20)
    policy_areas: list[Slug] = Field(default_factory=list, max_length=20)
    languages: list[LanguageCode] = Field(default_factory=list, max_length=20)
    status: ActivityStatus = "planned"
    quantity: Annotated[int, Field(ge=0, le=10**9)] | None = None
    event_ids: list[Id] | None = Field(None, max_length=200)


class ActivityPatch(StrictSchema):
    kind: ActivityKind | None = None
    title: Title | None = None
    description: Text | None = None
    starts_on: Day | None = None
    ends_on: Day | None = None
    budget: Budget | None = None
    responsible_unit_code: UnitCode | None = None
    partners: list[Code] | None = Field(None, max_length=20)
    channels: list[Code] | None = Field(None, max_length=20)
    target_groups: list[Slug] | None = Field(None, max_length=20)
    policy_areas: list[Slug] | None = Field(None, max_length=20)
    languages: list[LanguageCode] | None = Field(None, max_length=20)
    status: ActivityStatus | None = None
    quantity: Annotated[int, Field(ge=0, le=10**9)] | None = None
    event_ids: list[Id] | None = Field(None, max_length=200)


class ScenarioFilters(StrictSchema):
    templates: bool | None = None
    target_group: Slug | None = None


class ScenarioIn(StrictSchema):
    unit_code: UnitCode
    target_group: Slug
    title: Title
    key_messages: Annotated[str, StringConstraints(min_length=1, max_length=5000)]
    channels: list[Code] = Field(default_factory=list, max_length=20)
    formats: list[Code] = Field(default_factory=list, max_length=20)
    languages: list[LanguageCode] = Field(default_factory=list, max_length=20)
    timing: Annotated[str, StringConstraints(max_length=2000)] = ""
    material_ids: list[Id] = Field(default_factory=list, max_length=50)
    is_template: bool = False
    is_published: bool = False


class ScenarioPatch(StrictSchema):
    title: Title | None = None
    key_messages: Annotated[str, StringConstraints(min_length=1, max_length=5000)] | None = None
    channels: list[Code] | None = Field(None, max_length=20)
    formats: list[Code] | None = Field(None, max_length=20)
    languages: list[LanguageCode] | None = Field(None, max_length=20)
    timing: Annotated[str, StringConstraints(max_length=2000)] | None = None
    material_ids: list[Id] | None = Field(None, max_length=50)
    is_template: bool | None = None
    is_published: bool | None = None


class AdaptIn(StrictSchema):
    unit_code: UnitCode
    title: Annotated[str, StringConstraints(max_length=200)] = ""


# Helpers
