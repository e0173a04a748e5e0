"""Planning's side of `lantoa.outreach.plan_link`: how an outreach event's plan activity is read, offered and set.

Registered in `PlanningConfig.ready`; planning imports outreach, never the reverse.
"""

from django.urls import reverse

from lantoa.outreach.plan_link import ActivityLink

from . import selectors, services


def _label(activity) -> str:
    return f"{activity.title} · {activity.plan.unit.office_name} · {activity.plan.year}"


def _url_for(user, activity) -> str | None:
    if selectors.plans_for(user).filter(pk=activity.plan_id).exists():
        return reverse("planning_plan", args=[activity.plan_id])
    return None


def _title_of(event) -> str:
    link = getattr(event, "plan_link", None)
    return link.activity.title if link is not None else ""


link = ActivityLink(
    activity_of=selectors.activity_of,
    linkable=selectors.linkable_activities,
    set_activity=services.set_event_activity,
    label=_label,
    url_for=_url_for,
    with_activities=lambda events: events.select_related("plan_link__activity__plan"),
    title_of=_title_of,
)
