"""The loudspeaker broadcasts indicator, from the broadcast log (no longer a number typed on a plan activity)."""

from lantoa.metrics import Indicator, batch, local_days, over_ranges, provider, range_totals, subtree_totals

from .models import Broadcast


def _played_in(start, end):
    # Local days (Asia/Ho_Chi_Minh): a broadcast at 06:00 counts on its local day.
    return Broadcast.objects.filter(local_days("played_at", start, end))


@provider(Indicator.LOUDSPEAKER_BROADCASTS)
def loudspeaker_broadcasts(unit, start, end) -> int:
    return _played_in(start, end).filter(unit__path__startswith=unit.path).count()


@batch(loudspeaker_broadcasts)
def loudspeaker_broadcasts_many(units, start, end):
    return subtree_totals(units, _played_in(start, end), "unit__path")


@over_ranges(loudspeaker_broadcasts)
def loudspeaker_broadcasts_ranges(unit, ranges):
    return range_totals(_played_in, unit, ranges, "played_at", "unit__path")
