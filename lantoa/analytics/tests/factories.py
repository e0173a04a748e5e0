"""Events made directly for the store, for tests of what is read back (collection has its own tests)."""

import datetime

from django.utils import timezone

from lantoa.analytics.collection import Event


def event(day: datetime.date, minute: int, visitor: str, path: str = "/", unit_path: str = "VSS/", **extra) -> Event:
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(8)) + datetime.timedelta(minutes=minute))
    fields = {"source_kind": "direct", "device": "mobile", "language": "vi", "content_type": "articlepage"}
    fields.update(extra)
    return Event(
        occurred_at=moment, day=day, site="testserver", visitor=visitor, path=path, unit_path=unit_path, **fields
    )
