"""Where an event meets the plan activity it carries out, without outreach importing planning.

Planning builds on outreach: it owns the event ↔ activity link (`planning.EventLink`) and registers, in its
`AppConfig.ready`, how that link is read, offered and changed (`register`). Outreach only calls what was
registered; with nothing registered an event has no activity and the event form no activity field.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import QuerySet


@dataclass(frozen=True)
class ActivityLink:
    activity_of: Callable  # (event) -> activity | None
    linkable: Callable  # (user, *, keep) -> QuerySet of the activities the user may link an event to
    set_activity: Callable  # (*, user, event, activity | None) -> None; raises ValidationError({"activity": ...})
    label: Callable  # (activity) -> str, the choice's label in the event form
    url_for: Callable  # (user, activity) -> str | None, the activity's admin page when the user may open it
    with_activities: Callable  # (events queryset) -> the same, with each event's activity loaded
    title_of: Callable  # (event loaded by with_activities) -> str, "" for none


_link: ActivityLink | None = None


def register(link: ActivityLink) -> None:
    global _link
    _link = link


def registered() -> ActivityLink | None:
    return _link


def activity_of(event):
    return _link.activity_of(event) if _link else None


def with_activities(events: QuerySet) -> QuerySet:
    return _link.with_activities(events) if _link else events


def title_of(event) -> str:
    return _link.title_of(event) if _link else ""


def url_for(user, activity) -> str | None:
    return _link.url_for(user, activity) if _link and activity is not None else None


def set_activity(*, user, event, activity) -> None:
    if _link:
        _link.set_activity(user=user, event=event, activity=activity)
