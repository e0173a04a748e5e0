"""Wagtail admin views of the planning app: plans with plan versus actual, targets, activities and scenarios."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lantoa import metrics
from lantoa.admin_forms import add_errors
from lantoa.inputs import query_integer
from lantoa.listing import folded_match, page_of, search_text
from lantoa.units.roles import Action
from lantoa.units.selectors import has_scope, user_can

from . import charts, selectors, services
from .forms import ActivityForm, AdaptForm, PlanCreateForm, PlanForm, ScenarioForm, TargetForm, material_formset
from .models import MAX_YEAR, MIN_YEAR, Activity, Scenario, Target


def menu_is_shown(request) -> bool:
    return has_scope(request.user, Action.VIEW)


def _require_staff(request) -> None:
    if not menu_is_shown(request):
        raise PermissionDenied


def _require_edit(request, unit) -> None:
    # The plan was found in the user's reach, so this refuses a viewer, not a stranger (who gets a 404).
    if not user_can(request.user, Action.EDIT, unit):
        raise PermissionDenied


def _form_page(request, context: dict):
    # Reached on a POST only when the form was refused: say so with the status too.
    return render(request, "planning/admin/form.html", context, status=400 if request.method == "POST" else 200)


def _year(request) -> int | None:
    return query_integer(request.GET, "nam", minimum=MIN_YEAR, maximum=MAX_YEAR)


# Plans


@require_safe
def plans(request):
    _require_staff(request)
    qs = selectors.plans_for(request.user)
    year = _year(request)
    if year:
        qs = qs.filter(year=year)
    years = sorted(set(selectors.plans_for(request.user).values_list("year", flat=True)), reverse=True)
    query = search_text(request)
    if query:
        qs = folded_match(qs, query, ["title", "unit__name", "unit__code"])
    context = {
        "plans": page_of(request, qs.select_related("unit", "parent__unit")),
        "q": query,
        "year": year,
        "years": years,
        "can_add": selectors.editable_units(request.user).exists(),
    }
    return render(request, "planning/admin/plans.html", context)


@require_http_methods(["GET", "POST"])
def plan_add(request):
    units = selectors.editable_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = PlanCreateForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã tạo kế hoạch."))
            return redirect("planning_plan", plan.pk)
    return _form_page(request, {"form": form, "title": _("Thêm kế hoạch"), "back": "plans"})


@require_safe
def plan_detail(request, plan_id: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=plan_id)
    rows = selectors.plan_vs_actual(plan)
    context = {
        "plan": plan,
        "rows": rows,
        "chart": charts.achievement_bars(rows),
        "activities": plan.activities.select_related("responsible_unit").prefetch_related("events"),
        "rollup": selectors.rollup(plan),
        "can_edit": user_can(request.user, Action.EDIT, plan.unit),
        "period": selectors.plan_period(plan),
    }
    return render(request, "planning/admin/plan.html", context)


@require_http_methods(["GET", "POST"])
def plan_edit(request, plan_id: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=plan_id)
    _require_edit(request, plan.unit)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_plan(user=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("planning_plan", plan.pk)
    return _form_page(request, {"form": form, "title": plan.title, "plan": plan})


# Targets


@require_http_methods(["GET", "POST"])
def target_edit(request, plan_id: int, target_id: int | None = None):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=plan_id)
    _require_edit(request, plan.unit)
    target = get_object_or_404(Target, pk=target_id, plan=plan) if target_id else Target(plan=plan)
    form = TargetForm(request.POST or None, instance=target, computable=metrics.computable())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_target(
                user=request.user,
                plan=plan,
                indicator=target.indicator if target.pk else data["indicator"],
                value=data["value"],
                manual_actual=data["manual_actual"],
                note=data["note"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu chỉ tiêu."))
            return redirect("planning_plan", plan.pk)
    title = _("Sửa chỉ tiêu") if target.pk else _("Thêm chỉ tiêu")
    return _form_page(request, {"form": form, "title": title, "plan": plan})


@require_POST
def target_delete(request, plan_id: int, target_id: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=plan_id)
    target = get_object_or_404(Target, pk=target_id, plan=plan)
    services.delete_target(user=request.user, target=target)
    messages.success(request, _("Đã xoá chỉ tiêu."))
    return redirect("planning_plan", plan.pk)


# Activities


@require_http_methods(["GET", "POST"])
def activity_edit(request, plan_id: int, activity_id: int | None = None):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=plan_id)
    _require_edit(request, plan.unit)
    activity = get_object_or_404(Activity, pk=activity_id, plan=plan) if activity_id else Activity(plan=plan)
    if not activity.pk:
        activity.responsible_unit = plan.unit
    units = selectors.editable_units(request.user).filter(path__startswith=plan.unit.path)
    form = ActivityForm(request.POST or None, instance=activity, units=units, events=selectors.linkable_events(plan))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_activity(
                user=request.user,
                activity=form.instance,
                partners=data["partners"],
                channels=data["channels"],
                target_groups=data["target_groups"],
                policy_areas=data["policy_areas"],
                languages=data["languages"],
                events=data["events"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu hoạt động."))
            return redirect("planning_plan", plan.pk)
    title = _("Sửa hoạt động") if activity.pk else _("Thêm hoạt động")
    return _form_page(request, {"form": form, "title": title, "plan": plan})


@require_POST
def activity_delete(request, plan_id: int, activity_id: int):
    plan = get_object_or_404(selectors.plans_for(request.user), pk=plan_id)
    activity = get_object_or_404(Activity, pk=activity_id, plan=plan)
    services.delete_activity(user=request.user, activity=activity)
    messages.success(request, _("Đã xoá hoạt động."))
    return redirect("planning_plan", plan.pk)


# Scenarios


@require_safe
def scenarios(request):
    _require_staff(request)
    editable = selectors.editable_units(request.user)
    context = {
        "scenarios": selectors.scenarios_for(request.user).filter(is_template=False),
        "templates": selectors.scenarios_for(request.user).filter(is_template=True),
        "can_add": editable.exists(),
        "adapt_form": AdaptForm(units=editable) if editable.exists() else None,
    }
    return render(request, "planning/admin/scenarios.html", context)


@require_http_methods(["GET", "POST"])
def scenario_edit(request, scenario_id: int | None = None):
    units = selectors.editable_units(request.user)
    if scenario_id:
        scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=scenario_id)
        _require_edit(request, scenario.unit)
    else:
        if not units.exists():
            raise PermissionDenied
        scenario = Scenario()
    form = ScenarioForm(request.POST or None, instance=scenario, units=units)
    materials = material_formset(request.POST or None, scenario=scenario)
    if request.method == "POST" and form.is_valid() & materials.is_valid():
        data, adding = form.cleaned_data, form.instance.pk is None
        form.instance.channels, form.instance.formats = data["channels"], data["formats"]
        try:
            services.save_scenario(
                user=request.user, scenario=form.instance, languages=data["languages"], materials=materials.pages()
            )
        except ValidationError as error:
            if adding:
                form.instance.pk = None  # the save was rolled back
            add_errors(form, error)
        else:
            messages.success(request, _("Đã lưu kịch bản."))
            return redirect("planning_scenario", form.instance.pk)
    title = _("Sửa kịch bản") if scenario.pk else _("Thêm kịch bản truyền thông")
    return _form_page(request, {"form": form, "materials": materials, "title": title, "back": "scenarios"})


@require_safe
def scenario_detail(request, scenario_id: int):
    scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=scenario_id)
    context = {
        "scenario": scenario,
        "changes": services.template_changes(scenario),
        "can_edit": user_can(request.user, Action.EDIT, scenario.unit),
        "adaptations": scenario.adaptations.count() if scenario.is_template else 0,
    }
    return render(request, "planning/admin/scenario.html", context)


@require_POST
def scenario_adapt(request, scenario_id: int):
    template = get_object_or_404(selectors.published_templates(), pk=scenario_id)
    form = AdaptForm(request.POST, units=selectors.editable_units(request.user))
    if not form.is_valid():
        raise PermissionDenied
    try:
        scenario = services.adapt_scenario(user=request.user, template=template, unit=form.cleaned_data["unit"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("planning_scenarios")
    messages.success(request, _("Đã tạo bản điều chỉnh từ kịch bản mẫu."))
    return redirect("planning_scenario_edit", scenario.pk)


@require_POST
def scenario_update_from_template(request, scenario_id: int):
    scenario = get_object_or_404(selectors.scenarios_for(request.user), pk=scenario_id)
    _require_edit(request, scenario.unit)
    updated, kept = services.update_from_template(user=request.user, scenario=scenario)
    messages.success(
        request,
        _("Đã cập nhật từ mẫu: %(updated)s mục theo mẫu mới, %(kept)s mục giữ nội dung đã điều chỉnh.")
        % {"updated": len(updated), "kept": len(kept)},
    )
    return redirect("planning_scenario", scenario.pk)
