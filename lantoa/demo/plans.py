"""Demo plans: the centre's 2026 national communication plan, Hà Nội's, Lào Cai's and Phường Hoàn Kiếm's derived
from it, two scenario templates with Lào Cai's adaptation, and the outreach events (with a few registrations) that
carry out the plans' activities.

Everything goes through the planning and outreach services, as staff would do it, and is looked up before it is
created: a second run creates nothing.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from lantoa import phones
from lantoa.content.models import ArticlePage
from lantoa.outreach import services as outreach
from lantoa.outreach.models import Event, Registration, Source
from lantoa.planning import services as planning
from lantoa.planning.models import Activity, Plan, Scenario
from lantoa.taxonomy.models import ContentLanguage, PolicyArea, TargetGroup
from lantoa.units.models import Unit

from .plan_data import (
    ACTIVITIES,
    ADAPTATION,
    EVENT_TITLES_EN,
    EVENTS,
    REGISTRATIONS,
    SCENARIOS,
    TARGETS,
    TEMPLATE_UPDATE,
    VSS,
    YEAR,
    S,
    d,
)


@dataclass
class PlansResult:
    plans: int = 0
    activities: int = 0
    scenarios: int = 0
    events: int = 0
    registrations: int = 0


def staff(username: str):
    return get_user_model().objects.get(username=username)


def _unit(code: str) -> Unit:
    level = Unit.Level.CENTRE if code == VSS else Unit.Level.PROVINCE if len(code) == 2 else Unit.Level.COMMUNE
    return Unit.objects.get(level=level, code=code)


EDITORS = {VSS: "trunguong.bientap", "01": "hanoi.bientap", "15": "laocai.bientap", "00070": "hoankiem.bientap"}
# Who follows registrations up in each commune (a commune without staff of its own: the province's).
FOLLOW_UP = {"00070": "hoankiem.tacgia", "00073": "hanoi.tacgia", "03006": "sapa.tacgia"}


def _place(unit: Unit) -> str:
    kind, _sep, rest = unit.name.partition(" ")
    return f"{kind.lower()} {rest}"


def _place_en(unit: Unit) -> str:
    """The venue in English: the commune's cultural house, the commune named as Unit.display_name names it."""
    with translation.override("en"):
        return f"Cultural house, {unit.display_name}"


def _at(day: datetime.date, hour: int = 8) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Vocab:
    def __init__(self):
        self.groups = {g.slug: g for g in TargetGroup.objects.all()}
        self.areas = {a.slug: a for a in PolicyArea.objects.all()}
        self.languages = {lang.code: lang for lang in ContentLanguage.objects.all()}

    def pick(self, table: dict, keys) -> list:
        return [table[key] for key in keys if key in table]


def ensure_plans(result: PlansResult, vocab: _Vocab) -> dict[str, Plan]:
    plans = {}
    for code in (VSS, "01", "15", "00070"):  # parents first: each derives from the one above
        unit = _unit(code)
        plan = Plan.objects.filter(unit=unit, year=YEAR).first()
        if plan is None:
            plan = planning.create_plan(user=staff(EDITORS[code]), unit=unit, year=YEAR)
            result.plans += 1
            if code == VSS:
                plan.summary = (
                    "Đưa chính sách BHXH, BHYT đến mọi người dân, chú trọng lao động tự do, nông dân, đồng bào "
                    "dân tộc thiểu số; chuyển mạnh sang truyền thông số, đo được kết quả."
                )
                plan.save(update_fields=["summary"])
            # A derived plan starts from its parent's targets: the unit sets its own and drops the others.
            for indicator, value in TARGETS[code].items():
                planning.save_target(user=staff(EDITORS[code]), plan=plan, indicator=indicator, value=value)
            for target in plan.targets.exclude(indicator__in=TARGETS[code]):
                planning.delete_target(user=staff(EDITORS[code]), target=target)
            # The centre's activities copied into the plan that ended before the summer were carried out.
            plan.activities.filter(derived_from__isnull=False, ends_on__lt=d(7, 1)).update(status=S.DONE)
        plans[code] = plan
        for item in (a for a in ACTIVITIES if a.unit == code):
            if plan.activities.filter(title=item.title, derived_from__isnull=True).exists():
                continue
            activity = Activity(
                plan=plan,
                kind=item.kind,
                title=item.title,
                description=item.description,
                starts_on=item.starts_on,
                ends_on=item.ends_on,
                budget=item.budget,
                responsible_unit=_unit(item.responsible),
                status=item.status,
                quantity=item.quantity,
            )
            planning.save_activity(
                user=staff(EDITORS[code]),
                activity=activity,
                partners=item.partners,
                channels=item.channels,
                target_groups=vocab.pick(vocab.groups, item.groups),
                policy_areas=vocab.pick(vocab.areas, item.areas),
                languages=vocab.pick(vocab.languages, item.languages),
            )
            result.activities += 1
    return plans


def ensure_events(result: PlansResult, vocab: _Vocab, plans: dict[str, Plan]) -> None:
    for commune, organiser, kind, title, month, day, attendees, expected, (plan_code, activity_title) in EVENTS:
        starts_at = _at(d(month, day))
        event = Event.objects.filter(commune=_unit(commune), title=title, starts_at=starts_at).first()
        if event is not None and not event.title_en and title in EVENT_TITLES_EN:
            # A demo loaded before events had English fields gets them once.
            Event.objects.filter(pk=event.pk).update(
                title_en=EVENT_TITLES_EN[title], place_en=_place_en(_unit(commune))
            )
        if event is None:
            activity = plans[plan_code].activities.filter(title=activity_title).order_by("pk").first()
            event = Event(
                unit=_unit(organiser),
                commune=_unit(commune),
                kind=kind,
                title=title,
                starts_at=starts_at,
                place=f"Nhà văn hoá {_place(_unit(commune))}",
                title_en=EVENT_TITLES_EN.get(title, ""),
                place_en=_place_en(_unit(commune)),
                expected_attendees=expected,
                actual_attendees=attendees,
                materials=activity.description if activity else "",
            )
            outreach.save_event(
                user=staff(EDITORS[organiser]),
                event=event,
                partners=list(activity.partners) if activity else [],
                target_groups=list(activity.target_groups.all()) if activity else [],
                policy_areas=list(activity.policy_areas.all()) if activity else [],
            )
            result.events += 1
            if activity is not None:
                linked = list(Event.objects.filter(plan_link__activity=activity))
                planning.link_events(activity=activity, events=[*linked, event])
    for commune, phone, name, interest, event_title, day, enrolled_on in REGISTRATIONS:
        if Registration.objects.filter(phone=phones.normalise(phone), interest=interest).exists():
            continue
        event = Event.objects.filter(commune=_unit(commune), title=event_title).first()
        registration, _created = outreach.register_interest(
            name=name,
            phone=phone,
            commune=_unit(commune),
            interest=interest,
            contact_time="any",
            consent_text="Tôi đồng ý để cơ quan BHXH liên hệ tư vấn (dữ liệu mẫu).",
            source=Source.EVENT,
            event=event,
            now=_at(day, 10),
        )
        result.registrations += 1
        if enrolled_on is not None:
            officer = staff(FOLLOW_UP[commune])
            outreach.transition(registration=registration, user=officer, to_status=Registration.Status.CONTACTED)
            outreach.transition(
                registration=registration,
                user=officer,
                to_status=Registration.Status.ENROLLED,
                scheme=interest,
                enrolled_on=enrolled_on,
            )


def ensure_scenarios(result: PlansResult, vocab: _Vocab) -> None:
    centre, editor = _unit(VSS), staff(EDITORS[VSS])
    templates = {}
    for spec in SCENARIOS:
        group = vocab.groups[spec["group"]]
        template = Scenario.objects.filter(unit=centre, is_template=True, title=spec["title"]).first()
        if template is None:
            template = Scenario(
                unit=centre,
                target_group=group,
                title=spec["title"],
                key_messages=spec["key_messages"],
                channels=spec["channels"],
                formats=spec["formats"],
                timing=spec["timing"],
                is_template=True,
                is_published=True,
            )
            materials = ArticlePage.objects.live().filter(unit=centre, target_groups=group).order_by("pk")[:2]
            planning.save_scenario(
                user=editor,
                scenario=template,
                languages=vocab.pick(vocab.languages, spec["languages"]),
                materials=list(materials),
            )
            result.scenarios += 1
        templates[spec["group"]] = template
    template = templates[ADAPTATION["group"]]
    province = _unit(ADAPTATION["unit"])
    if not Scenario.objects.filter(unit=province, template=template).exists():
        officer = staff(EDITORS[ADAPTATION["unit"]])
        adapted = planning.adapt_scenario(user=officer, template=template, unit=province, title=ADAPTATION["title"])
        adapted.key_messages = ADAPTATION["key_messages"]
        planning.save_scenario(
            user=officer,
            scenario=adapted,
            languages=list(adapted.languages.all()),
            materials=list(adapted.materials.all()),
        )
        result.scenarios += 1
        template.timing = TEMPLATE_UPDATE
        planning.save_scenario(
            user=editor,
            scenario=template,
            languages=list(template.languages.all()),
            materials=list(template.materials.all()),
        )


def load_plans() -> PlansResult:
    """The 2026 plans, scenarios, events and registrations of the demo; idempotent."""
    result = PlansResult()
    vocab = _Vocab()
    with transaction.atomic():
        plans = ensure_plans(result, vocab)
        ensure_events(result, vocab, plans)
        ensure_scenarios(result, vocab)
    return result
