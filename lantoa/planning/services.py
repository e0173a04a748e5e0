"""Writes of the planning app: plans derived from the parent unit's, targets, activities, scenarios and templates."""

import difflib
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lantoa.metrics import Indicator, is_computable
from lantoa.outreach.models import Partner
from lantoa.units.models import Unit
from lantoa.units.roles import Action
from lantoa.units.selectors import user_can

from .models import Activity, Channel, EventLink, Format, Plan, Scenario, ScenarioMaterial, ScenarioRevision, Target
from .selectors import activity_of

MAX_MATERIALS = 50


def _require(user, action: Action, unit: Unit) -> None:
    if not user_can(user, action, unit):
        raise PermissionDenied(_("Bạn không có quyền với kế hoạch của đơn vị này."))


def _codes(values, allowed: list[str], field_name: str, message: str) -> list[str]:
    values = list(dict.fromkeys(values or []))
    if any(value not in allowed for value in values):
        raise ValidationError({field_name: message})
    return values


def default_title(unit: Unit, year: int) -> str:
    return _("Kế hoạch truyền thông năm %(year)s – %(unit)s") % {"year": year, "unit": unit.office_name}


@transaction.atomic
def create_plan(*, user, unit: Unit, year: int, title: str = "", summary: str = "") -> Plan:
    """Create `unit`'s plan for `year`; below the centre it derives from the parent unit's plan of that year.

    Deriving copies the parent's targets (as a starting point to edit) and the activities the parent unit leads
    itself; plans of the units below made before this one now derive from it.
    """
    _require(user, Action.EDIT, unit)
    parent = Plan.objects.filter(unit_id=unit.parent_id, year=year).first() if unit.parent_id else None
    plan = Plan(
        unit=unit,
        year=year,
        parent=parent,
        title=(title or "").strip() or default_title(unit, year),
        summary=(summary or "").strip(),
        created_by=user,
    )
    plan.full_clean()
    plan.save()
    if parent is not None:
        _copy_from(parent, plan)
    Plan.objects.filter(unit__parent=unit, year=year, parent__isnull=True).update(parent=plan)
    return plan


def _copy_from(parent: Plan, plan: Plan) -> None:
    Target.objects.bulk_create(
        Target(plan=plan, indicator=target.indicator, value=target.value, note=target.note)
        for target in parent.targets.all()
    )
    # Activities the parent delegated to one unit below stay in the parent's plan and count for that unit;
    # those it leads itself are what each unit below is asked to do too. Budgets are each unit's own.
    own = parent.activities.filter(responsible_unit=parent.unit).exclude(status=Activity.Status.CANCELLED)
    for source in own.prefetch_related("target_groups", "policy_areas", "languages"):
        copy = Activity.objects.create(
            plan=plan,
            derived_from=source,
            kind=source.kind,
            title=source.title,
            description=source.description,
            starts_on=source.starts_on,
            ends_on=source.ends_on,
            budget=0,
            responsible_unit=plan.unit,
            partners=list(source.partners),
            channels=list(source.channels),
        )
        copy.target_groups.set(source.target_groups.all())
        copy.policy_areas.set(source.policy_areas.all())
        copy.languages.set(source.languages.all())


@transaction.atomic
def update_plan(*, user, plan: Plan, title: str, summary: str = "") -> Plan:
    _require(user, Action.EDIT, plan.unit)
    plan.title = (title or "").strip() or default_title(plan.unit, plan.year)
    plan.summary = (summary or "").strip()
    plan.full_clean()
    plan.save()
    return plan


@transaction.atomic
def save_target(
    *, user, plan: Plan, indicator: str, value: int, manual_actual: int | None = None, note: str = ""
) -> Target:
    """Set the plan's target for `indicator` (one per indicator); a result is typed only when it cannot be computed."""
    _require(user, Action.EDIT, plan.unit)
    if indicator not in Indicator.values:
        raise ValidationError({"indicator": _("Chỉ tiêu không hợp lệ.")})
    if manual_actual is not None and is_computable(indicator):
        raise ValidationError({"manual_actual": _("Chỉ tiêu này được tính tự động từ hệ thống, không nhập tay.")})
    target = Target.objects.filter(plan=plan, indicator=indicator).first() or Target(plan=plan, indicator=indicator)
    target.value, target.manual_actual, target.note = value, manual_actual, (note or "").strip()
    target.full_clean()
    target.save()
    return target


@transaction.atomic
def delete_target(*, user, target: Target) -> None:
    _require(user, Action.EDIT, target.plan.unit)
    target.delete()


# The fields of an activity and of a scenario a caller may change by name (`changes`: what an API payload carries).
ACTIVITY_FIELDS = (
    "kind",
    "title",
    "description",
    "starts_on",
    "ends_on",
    "budget",
    "status",
    "quantity",
    "responsible_unit",
)
SCENARIO_FIELDS = ("title", "key_messages", "channels", "formats", "timing", "is_template", "is_published")


def _apply(instance, changes: dict | None, allowed: tuple[str, ...]) -> None:
    unknown = set(changes or ()) - set(allowed)
    if unknown:
        raise ValueError(f"Not changeable by name: {', '.join(sorted(unknown))}")
    for name, value in (changes or {}).items():
        setattr(instance, name, value)


@transaction.atomic
def save_activity(
    *,
    user,
    activity: Activity,
    changes: dict | None = None,
    partners=(),
    channels=(),
    target_groups=(),
    policy_areas=(),
    languages=(),
    events=None,
) -> Activity:
    """Create or change an activity of a plan the user may edit, with `changes` (field → value, `ACTIVITY_FIELDS`)
    applied first; `events` (when given) replaces the linked events."""
    plan = activity.plan
    _require(user, Action.EDIT, plan.unit)
    if activity.pk:
        _require(user, Action.EDIT, Activity.objects.select_related("plan__unit").get(pk=activity.pk).plan.unit)
    _apply(activity, changes, ACTIVITY_FIELDS)
    errors = {}
    try:
        activity.partners = _codes(partners, Partner.values, "partners", _("Đơn vị phối hợp không hợp lệ."))
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        activity.channels = _codes(channels, Channel.values, "channels", _("Kênh truyền thông không hợp lệ."))
    except ValidationError as error:
        errors.update(error.message_dict)
    if activity.responsible_unit_id and not activity.responsible_unit.is_within(plan.unit):
        errors["responsible_unit"] = [_("Đơn vị chủ trì phải là đơn vị của kế hoạch hoặc đơn vị cấp dưới.")]
    if activity.starts_on and activity.starts_on.year != plan.year:
        errors["starts_on"] = [_("Hoạt động phải bắt đầu trong năm của kế hoạch.")]
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        errors["ends_on"] = [_("Ngày kết thúc không được trước ngày bắt đầu.")]
    try:
        activity.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    activity.save()
    activity.target_groups.set(target_groups)
    activity.policy_areas.set(policy_areas)
    activity.languages.set(languages)
    if events is not None:
        link_events(activity=activity, events=events)
    return activity


def link_events(*, activity: Activity, events) -> None:
    """Make `events` exactly the ones carrying out `activity`; each must be an event of the plan's unit or below."""
    events = list(events)
    outside = [event for event in events if not event.unit.is_within(activity.plan.unit)]
    if outside:
        raise ValidationError({"events": _("Sự kiện phải do đơn vị của kế hoạch hoặc đơn vị cấp dưới tổ chức.")})
    taken = EventLink.objects.filter(event__in=events).exclude(activity=activity)
    if taken.exists():
        raise ValidationError({"events": _("Có sự kiện đã gắn với một hoạt động khác.")})
    EventLink.objects.filter(activity=activity).exclude(event__in=events).delete()
    linked = set(EventLink.objects.filter(activity=activity).values_list("event_id", flat=True))
    EventLink.objects.bulk_create(
        EventLink(activity=activity, event=event) for event in events if event.pk not in linked
    )


@transaction.atomic
def set_event_activity(*, user, event, activity: Activity | None) -> None:
    """Make `activity` the one the outreach `event` carries out (None: none).

    The user must be able to edit the plans of both the activity linked before and the new one; the event must be
    organised by the plan's unit or one below it, in the plan's year, and the activity not cancelled.
    """
    current = activity_of(event)
    if (current.pk if current else None) == (activity.pk if activity else None):
        return
    message = _("Bạn không có quyền gắn sự kiện với hoạt động của kế hoạch này.")
    for plan_unit in [a.plan.unit for a in (current, activity) if a is not None]:
        if not user_can(user, Action.EDIT, plan_unit):
            raise ValidationError({"activity": message})
    if activity is not None:
        if activity.status == Activity.Status.CANCELLED:
            raise ValidationError({"activity": _("Hoạt động này đã huỷ.")})
        if not event.unit.is_within(activity.plan.unit):
            raise ValidationError({"activity": _("Sự kiện phải do đơn vị của kế hoạch hoặc đơn vị cấp dưới tổ chức.")})
        if timezone.localtime(event.starts_at).year != activity.plan.year:
            raise ValidationError({"activity": _("Sự kiện phải diễn ra trong năm của kế hoạch.")})
    EventLink.objects.filter(event=event).delete()
    if activity is not None:
        EventLink.objects.create(activity=activity, event=event)


@transaction.atomic
def delete_activity(*, user, activity: Activity) -> None:
    _require(user, Action.EDIT, activity.plan.unit)
    activity.delete()


# Scenarios and templates


def scenario_content(scenario: Scenario) -> dict:
    """What a scenario says, in a form that compares equal when nothing changed (the revision's content)."""
    return {
        "title": scenario.title,
        "key_messages": scenario.key_messages,
        "channels": list(scenario.channels),
        "formats": list(scenario.formats),
        "languages": sorted(scenario.languages.values_list("code", flat=True)) if scenario.pk else [],
        "timing": scenario.timing,
        # In the scenario's order: moving a material up or down is a change too.
        "materials": list(scenario.material_links.values_list("page_id", flat=True)) if scenario.pk else [],
    }


def _set_materials(scenario: Scenario, pages) -> None:
    """Make `pages` (live pages, in order; a repeat counts once) the scenario's materials."""
    pages = list({page.pk: page for page in pages}.values())
    if len(pages) > MAX_MATERIALS:
        raise ValidationError({"materials": _("Tối đa %(n)s tài liệu.") % {"n": MAX_MATERIALS}})
    if any(not page.live for page in pages):
        raise ValidationError({"materials": _("Tài liệu phải là trang nội dung đã đăng.")})
    wanted = [page.pk for page in pages]
    if list(scenario.material_links.values_list("page_id", flat=True)) == wanted:
        return
    scenario.material_links.all().delete()
    ScenarioMaterial.objects.bulk_create(
        ScenarioMaterial(scenario=scenario, page_id=pk, sort_order=order) for order, pk in enumerate(wanted)
    )


@transaction.atomic
def save_scenario(*, user, scenario: Scenario, changes: dict | None = None, languages=(), materials=()) -> Scenario:
    """Create or change a scenario, with `changes` (field → value, `SCENARIO_FIELDS`) applied first; a change of
    what it says bumps its version and keeps a revision."""
    _require(user, Action.EDIT, scenario.unit)
    previous = None
    if scenario.pk:
        stored = Scenario.objects.select_related("unit").get(pk=scenario.pk)
        _require(user, Action.EDIT, stored.unit)
        previous = scenario_content(stored)
    _apply(scenario, changes, SCENARIO_FIELDS)
    errors = {}
    try:
        scenario.channels = _codes(scenario.channels, Channel.values, "channels", _("Kênh truyền thông không hợp lệ."))
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        scenario.formats = _codes(scenario.formats, Format.values, "formats", _("Hình thức không hợp lệ."))
    except ValidationError as error:
        errors.update(error.message_dict)
    if scenario.is_template and scenario.unit.level != Unit.Level.CENTRE:
        errors["is_template"] = [_("Chỉ Trung ương ban hành kịch bản mẫu.")]
    if scenario.is_template and scenario.template_id:
        errors["is_template"] = [_("Kịch bản điều chỉnh từ mẫu không thể là mẫu.")]
    try:
        scenario.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages)
    if errors:
        raise ValidationError(errors)
    if not scenario.is_template:
        scenario.is_published = False
    scenario.save()
    scenario.languages.set(languages)
    _set_materials(scenario, materials)
    content = scenario_content(scenario)
    if previous is None or content != previous:
        if previous is not None:
            scenario.version += 1
            scenario.save(update_fields=["version", "updated_at"])
        ScenarioRevision.objects.create(scenario=scenario, version=scenario.version, content=content, created_by=user)
    return scenario


@transaction.atomic
def adapt_scenario(*, user, template: Scenario, unit: Unit, title: str = "") -> Scenario:
    """A copy of a published template for `unit` to adapt, remembering the template and its version."""
    _require(user, Action.EDIT, unit)
    if not (template.is_template and template.is_published):
        raise ValidationError(_("Chỉ điều chỉnh được kịch bản mẫu đã công bố."))
    copy = Scenario(
        unit=unit,
        target_group=template.target_group,
        title=(title or "").strip() or template.title,
        key_messages=template.key_messages,
        channels=list(template.channels),
        formats=list(template.formats),
        timing=template.timing,
        template=template,
        template_version=template.version,
    )
    return save_scenario(
        user=user, scenario=copy, languages=template.languages.all(), materials=template.ordered_materials()
    )


@dataclass
class FieldChange:
    """One field the template changed since the adaptation last followed it."""

    name: str
    before: object
    after: object
    mine: object
    # The adaptation changed this field itself: taking the template's new value would lose its own wording.
    adapted_locally: bool
    diff: list[tuple[str, str]] = field(default_factory=list)


def _line_diff(before: str | None, after: str | None) -> list[tuple[str, str]]:
    """(“+”, “-” or “ ”, line) pairs of a line diff; the template escapes them like any text."""
    lines = difflib.ndiff((before or "").splitlines(), (after or "").splitlines())
    return [(line[0], line[2:]) for line in lines if line[:1] in ("+", "-", " ")]


def template_changes(scenario: Scenario) -> list[FieldChange]:
    """What the template changed between the version the adaptation follows and its current version."""
    if not scenario.template_changed:
        return []
    template, version = scenario.template, scenario.template_version
    if template is None or version is None:  # never: `template_changed` implies both are set
        return []
    revision = ScenarioRevision.objects.filter(scenario=template, version=version).first()
    before = revision.content if revision else {}
    after, mine = scenario_content(template), scenario_content(scenario)
    changes = []
    for name, value in after.items():
        old = before.get(name)
        if old == value:
            continue
        diff = _line_diff(old, value) if isinstance(value, str) else []
        changes.append(FieldChange(name, old, value, mine.get(name), mine.get(name) != old, diff))
    return changes


@transaction.atomic
def update_from_template(*, user, scenario: Scenario) -> tuple[list[str], list[str]]:
    """Take the template's changes into the adaptation: fields it did not adapt take the new value, adapted ones stay.

    Returns (fields updated, fields kept as adapted); the adaptation then follows the template's current version.
    """
    _require(user, Action.EDIT, scenario.unit)
    changes = template_changes(scenario)
    template = scenario.template
    if template is None:
        raise ValidationError(_("Kịch bản này không theo mẫu nào."))
    updated, kept = [], []
    languages = list(scenario.languages.all())
    materials = scenario.ordered_materials()
    for change in changes:
        if change.adapted_locally:
            kept.append(change.name)
            continue
        updated.append(change.name)
        if change.name == "languages":
            languages = list(template.languages.all())
        elif change.name == "materials":
            materials = template.ordered_materials()
        else:
            setattr(scenario, change.name, change.after)
    scenario.template_version = template.version
    save_scenario(user=user, scenario=scenario, languages=languages, materials=materials)
    return updated, kept
