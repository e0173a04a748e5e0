"""API of the planning app: plans, targets, activities, plan versus actual and scenarios, scoped by role."""

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.security import django_auth
from wagtail.models import Page

from lantoa.api_inputs import (
    ApiError,
    Id,
    PageParams,
    not_found,
    page_of,
)
from lantoa.metrics import Indicator
from lantoa.outreach.selectors import events_for
from lantoa.taxonomy.models import ContentLanguage, PolicyArea, TargetGroup
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import units_for

from . import selectors, services
from .models import Activity, Plan, Scenario
from .schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    AdaptIn,
    IndicatorCode,
    PlanActual,
    PlanDetail,
    PlanFilters,
    PlanIn,
    PlanningIndicatorOut,
    PlanPage,
    PlanPatch,
    ScenarioFilters,
    ScenarioIn,
    ScenarioOut,
    ScenarioPatch,
    TargetIn,
    TargetOut,
    UpdateFromTemplateOut,
)

router = Router(tags=["planning"], auth=django_auth)


def _unit(user, code: str) -> Unit:
    unit = units_for(user, Action.VIEW).filter(code=code, is_active=True).first()
    if unit is None:
        raise not_found(_("Không tìm thấy đơn vị “%(code)s” trong phạm vi của bạn.") % {"code": code})
    return unit


def _plan(user, plan_id: int) -> Plan:
    plan = selectors.plans_for(user).filter(pk=plan_id).first()
    if plan is None:
        raise not_found(_("Không tìm thấy kế hoạch."))
    return plan


def _terms(model, slugs: list[str], name: str):
    terms = list(model.objects.filter(slug__in=slugs, is_active=True))
    if len(terms) != len(set(slugs)):
        raise ApiError(422, _("Có “%(field)s” không có trong danh mục.") % {"field": name})
    return terms


def _languages(codes: list[str]):
    languages = list(ContentLanguage.objects.filter(code__in=codes, is_active=True))
    if len(languages) != len(set(codes)):
        raise ApiError(422, _("Có ngôn ngữ không có trong danh mục."))
    return languages


def _pages(ids: list[int]):
    """The live pages of `ids`, in the order given (a repeat counts once)."""
    pages = {page.pk: page for page in Page.objects.live().filter(pk__in=ids)}
    if len(pages) != len(set(ids)):
        raise ApiError(422, _("Có mã trang không tồn tại hoặc chưa đăng."))
    return [pages[pk] for pk in dict.fromkeys(ids)]


def _plan_out(plan: Plan) -> dict:
    return {
        "id": plan.pk,
        "unit_code": plan.unit.code,
        "unit_name": plan.unit.office_name,
        "year": plan.year,
        "title": plan.title,
        "summary": plan.summary,
        "parent_id": plan.parent_id,
    }


def _activity_out(activity: Activity) -> dict:
    return {
        "id": activity.pk,
        "plan_id": activity.plan_id,
        "derived_from_id": activity.derived_from_id,
        "kind": activity.kind,
        "title": activity.title,
        "description": activity.description,
        "starts_on": activity.starts_on,
        "ends_on": activity.ends_on,
        "budget": activity.budget,
        "responsible_unit_code": activity.responsible_unit.code,
        "partners": activity.partners,
        "channels": activity.channels,
        "target_groups": [term.slug for term in activity.target_groups.all()],
        "policy_areas": [term.slug for term in activity.policy_areas.all()],
        "languages": [language.code for language in activity.languages.all()],
        "status": activity.status,
        "quantity": activity.quantity,
        "event_ids": sorted(event.pk for event in activity.events.all()),
    }


def _plan_detail(plan: Plan) -> dict:
    labels = dict(Indicator.choices)
    targets = [
        {
            "indicator": target.indicator,
            "label": str(labels.get(target.indicator, target.indicator)),
            "value": target.value,
            "manual_actual": target.manual_actual,
            "note": target.note,
        }
        for target in selectors._ordered(plan.targets.all())
    ]
    activities = plan.activities.select_related("responsible_unit").prefetch_related(
        "target_groups", "policy_areas", "languages", "events"
    )
    return {**_plan_out(plan), "targets": targets, "activities": [_activity_out(a) for a in activities]}


def _row_out(row) -> dict:
    return {
        "indicator": row.indicator,
        "label": row.label,
        "target": row.target,
        "actual": None if row.actual is None else float(row.actual),
        "percent": row.percent,
        "computed": row.computed,
    }


def _scenario_out(scenario: Scenario) -> dict:
    prefetched = "material_links" in getattr(scenario, "_prefetched_objects_cache", {})
    links = list(scenario.material_links.all() if prefetched else scenario.material_links.select_related("page"))
    return {
        "id": scenario.pk,
        "unit_code": scenario.unit.code,
        "target_group": scenario.target_group.slug,
        "title": scenario.title,
        "key_messages": scenario.key_messages,
        "channels": scenario.channels,
        "formats": scenario.formats,
        "languages": sorted(scenario.languages.values_list("code", flat=True)),
        "timing": scenario.timing,
        "material_ids": [link.page_id for link in links],
        "materials": [{"id": link.page_id, "title": link.page.title} for link in links],
        "is_template": scenario.is_template,
        "is_published": scenario.is_published,
        "version": scenario.version,
        "template_id": scenario.template_id,
        "template_version": scenario.template_version,
        "template_changed": scenario.template_changed,
        "template_changes": [change.name for change in services.template_changes(scenario)],
    }


# Endpoints


@router.get("/indicators", response=list[PlanningIndicatorOut], summary="Chỉ tiêu (indicators, and which are computed)")
def list_indicators(request):
    return selectors.indicators()


@router.get("/plans", response=PlanPage, summary="Kế hoạch truyền thông (plans in scope)")
def list_plans(request, filters: Query[PlanFilters], paging: Query[PageParams]):
    plans = selectors.plans_for(request.user)
    if filters.year:
        plans = plans.filter(year=filters.year)
    if filters.unit:
        plans = plans.filter(unit__code=filters.unit)
    items, count = page_of(plans, paging)
    return {"count": count, "page": paging.page, "page_size": paging.page_size, "items": [_plan_out(p) for p in items]}


@router.post("/plans", response={201: PlanDetail}, summary="Lập kế hoạch (create, derived from the parent's)")
def create_plan(request, data: PlanIn):
    unit = _unit(request.user, data.unit_code)
    plan = services.create_plan(user=request.user, unit=unit, year=data.year, title=data.title, summary=data.summary)
    return Status(201, _plan_detail(plan))


@router.get("/plans/{plan_id}", response=PlanDetail, summary="Một kế hoạch với chỉ tiêu và hoạt động")
def get_plan(request, plan_id: Id):
    return _plan_detail(_plan(request.user, plan_id))


@router.patch("/plans/{plan_id}", response=PlanDetail, summary="Sửa tên, mục tiêu của kế hoạch")
def patch_plan(request, plan_id: Id, data: PlanPatch):
    plan = _plan(request.user, plan_id)
    services.update_plan(
        user=request.user,
        plan=plan,
        title=data.title if data.title is not None else plan.title,
        summary=data.summary if data.summary is not None else plan.summary,
    )
    return _plan_detail(plan)


@router.put("/plans/{plan_id}/targets/{indicator}", response=TargetOut, summary="Đặt chỉ tiêu (set a target)")
def put_target(request, plan_id: Id, indicator: IndicatorCode, data: TargetIn):
    plan = _plan(request.user, plan_id)
    target = services.save_target(
        user=request.user,
        plan=plan,
        indicator=indicator,
        value=data.value,
        manual_actual=data.manual_actual,
        note=data.note,
    )
    return {
        "indicator": target.indicator,
        "label": str(target.get_indicator_display()),
        "value": target.value,
        "manual_actual": target.manual_actual,
        "note": target.note,
    }


@router.delete("/plans/{plan_id}/targets/{indicator}", response={204: None}, summary="Bỏ chỉ tiêu")
def delete_target(request, plan_id: Id, indicator: IndicatorCode):
    plan = _plan(request.user, plan_id)
    target = plan.targets.filter(indicator=indicator).first()
    if target is None:
        raise not_found(_("Kế hoạch không có chỉ tiêu này."))
    services.delete_target(user=request.user, target=target)
    return Status(204, None)


@router.get("/plans/{plan_id}/actual", response=PlanActual, summary="Kế hoạch so với thực hiện (plan vs actual)")
def plan_actual(request, plan_id: Id):
    plan = _plan(request.user, plan_id)
    start, end = selectors.plan_period(plan)
    rollup = selectors.rollup(plan)
    return {
        "plan_id": plan.pk,
        "unit_code": plan.unit.code,
        "year": plan.year,
        "start": start,
        "end": end,
        "rows": [_row_out(row) for row in selectors.plan_vs_actual(plan)],
        "children": [
            {
                "plan_id": row.plan.pk,
                "unit_code": row.plan.unit.code,
                "unit_name": row.plan.unit.office_name,
                "rows": [_row_out(cell) for cell in row.cells],
            }
            for row in rollup.rows
        ],
        "units_without_plan": rollup.units_without_plan,
    }


def _apply_activity(request, activity: Activity, data, fields: set[str]) -> Activity:
    values = data.model_dump(include=fields)
    changes = {name: values[name] for name in services.ACTIVITY_FIELDS if name in values}
    if values.get("responsible_unit_code"):
        changes["responsible_unit"] = _unit(request.user, values["responsible_unit_code"])
    keep = activity.pk is not None
    events = None
    if values.get("event_ids") is not None:
        ids = set(values["event_ids"])
        # Only events the caller may see: another unit's event is refused as if it did not exist.
        events = list(events_for(request.user).filter(pk__in=ids))
        if len(events) != len(ids):
            raise ApiError(422, _("Có sự kiện không tồn tại."))

    def chosen(name, resolve):
        if values.get(name) is not None:
            return resolve(values[name])
        return list(getattr(activity, name).all()) if keep else []

    with transaction.atomic():
        return services.save_activity(
            user=request.user,
            activity=activity,
            changes=changes,
            partners=values.get("partners") if values.get("partners") is not None else activity.partners,
            channels=values.get("channels") if values.get("channels") is not None else activity.channels,
            target_groups=chosen("target_groups", lambda slugs: _terms(TargetGroup, slugs, "target_groups")),
            policy_areas=chosen("policy_areas", lambda slugs: _terms(PolicyArea, slugs, "policy_areas")),
            languages=chosen("languages", _languages),
            events=events,
        )


@router.get("/plans/{plan_id}/activities", response=list[ActivityOut], summary="Hoạt động của kế hoạch")
def list_activities(request, plan_id: Id):
    plan = _plan(request.user, plan_id)
    return _plan_detail(plan)["activities"]


@router.post("/plans/{plan_id}/activities", response={201: ActivityOut}, summary="Thêm hoạt động")
def create_activity(request, plan_id: Id, data: ActivityIn):
    plan = _plan(request.user, plan_id)
    activity = Activity(plan=plan, responsible_unit=plan.unit, partners=[], channels=[])
    activity = _apply_activity(request, activity, data, set(ActivityIn.model_fields))
    return Status(201, _activity_out(activity))


def _activity(user, activity_id: int) -> Activity:
    activity = selectors.activities_for(user).filter(pk=activity_id).first()
    if activity is None:
        raise not_found(_("Không tìm thấy hoạt động."))
    return activity


@router.patch("/activities/{activity_id}", response=ActivityOut, summary="Sửa hoạt động (e.g. mark it done)")
def patch_activity(request, activity_id: Id, data: ActivityPatch):
    activity = _activity(request.user, activity_id)
    activity = _apply_activity(request, activity, data, data.model_fields_set)
    return _activity_out(activity)


@router.delete("/activities/{activity_id}", response={204: None}, summary="Xoá hoạt động")
def delete_activity(request, activity_id: Id):
    activity = _activity(request.user, activity_id)
    services.delete_activity(user=request.user, activity=activity)
    return Status(204, None)


@router.get("/scenarios", response=list[ScenarioOut], summary="Kịch bản truyền thông (own, and published templates)")
def list_scenarios(request, filters: Query[ScenarioFilters]):
    scenarios = selectors.scenarios_for(request.user).prefetch_related("languages", "material_links__page")
    if filters.templates is not None:
        scenarios = scenarios.filter(is_template=filters.templates)
    if filters.target_group:
        scenarios = scenarios.filter(target_group__slug=filters.target_group)
    return [_scenario_out(scenario) for scenario in scenarios[:500]]


def _scenario(user, scenario_id: int) -> Scenario:
    scenario = selectors.scenarios_for(user).filter(pk=scenario_id).first()
    if scenario is None:
        raise not_found(_("Không tìm thấy kịch bản."))
    return scenario


@router.get("/scenarios/{scenario_id}", response=ScenarioOut, summary="Một kịch bản, và mẫu đã thay đổi gì")
def get_scenario(request, scenario_id: Id):
    return _scenario_out(_scenario(request.user, scenario_id))


@router.post("/scenarios", response={201: ScenarioOut}, summary="Thêm kịch bản (or a template, at the centre)")
def create_scenario(request, data: ScenarioIn):
    unit = _unit(request.user, data.unit_code)
    [target_group] = _terms(TargetGroup, [data.target_group], "target_group")
    scenario = Scenario(
        unit=unit,
        target_group=target_group,
        title=data.title,
        key_messages=data.key_messages,
        channels=data.channels,
        formats=data.formats,
        timing=data.timing,
        is_template=data.is_template,
        is_published=data.is_published,
    )
    languages, materials = _languages(data.languages), _pages(data.material_ids)
    services.save_scenario(user=request.user, scenario=scenario, languages=languages, materials=materials)
    return Status(201, _scenario_out(scenario))


@router.patch("/scenarios/{scenario_id}", response=ScenarioOut, summary="Sửa kịch bản (a template's version goes up)")
def patch_scenario(request, scenario_id: Id, data: ScenarioPatch):
    scenario = _scenario(request.user, scenario_id)
    values = data.model_dump(include=data.model_fields_set)
    changes = {name: values[name] for name in services.SCENARIO_FIELDS if values.get(name) is not None}
    languages = (
        _languages(values["languages"]) if values.get("languages") is not None else list(scenario.languages.all())
    )
    materials = (
        _pages(values["material_ids"]) if values.get("material_ids") is not None else list(scenario.materials.all())
    )
    services.save_scenario(
        user=request.user, scenario=scenario, changes=changes, languages=languages, materials=materials
    )
    return _scenario_out(Scenario.objects.get(pk=scenario.pk))


@router.post("/scenarios/{scenario_id}/adapt", response={201: ScenarioOut}, summary="Điều chỉnh một kịch bản mẫu")
def adapt_scenario(request, scenario_id: Id, data: AdaptIn):
    template = selectors.published_templates().filter(pk=scenario_id).first()
    if template is None:
        raise not_found(_("Không tìm thấy kịch bản mẫu đã công bố."))
    unit = _unit(request.user, data.unit_code)
    scenario = services.adapt_scenario(user=request.user, template=template, unit=unit, title=data.title)
    return Status(201, _scenario_out(scenario))


@router.post(
    "/scenarios/{scenario_id}/update-from-template",
    response=UpdateFromTemplateOut,
    summary="Cập nhật từ mẫu (take the template's changes, keep local adaptations)",
)
def update_from_template(request, scenario_id: Id):
    scenario = _scenario(request.user, scenario_id)
    updated, kept = services.update_from_template(user=request.user, scenario=scenario)
    return {"updated": updated, "kept": kept, "scenario": _scenario_out(Scenario.objects.get(pk=scenario.pk))}
