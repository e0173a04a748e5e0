"""Knobs of the analytics app: a Django setting ANALYTICS_X, else the environment variable LANTOA_ANALYTICS_X."""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from lantoa.settings.env import env_bool, env_int, env_str

# name: (environment reader, default)
_KNOBS = {
    # "django" (the embedded default, on the project's database) or "clickhouse".
    "ANALYTICS_STORE": (env_str, "django"),
    "ANALYTICS_CLICKHOUSE_URL": (env_str, "http://127.0.0.1:8123"),
    "ANALYTICS_CLICKHOUSE_DATABASE": (env_str, "lantoa"),
    "ANALYTICS_CLICKHOUSE_USER": (env_str, "default"),
    "ANALYTICS_CLICKHOUSE_PASSWORD": (env_str, ""),
    # Raw events are deleted this many days after the day they were rolled up.
    "ANALYTICS_RAW_RETENTION_DAYS": (env_int, 30),
    # "thread": a background thread per process writes batches; "inline": written during the request.
    "ANALYTICS_FLUSH_MODE": (env_str, "thread"),
    "ANALYTICS_BATCH_SIZE": (env_int, 500),
    "ANALYTICS_FLUSH_INTERVAL_MS": (env_int, 500),
    # Events held in memory while the store is slow or down; beyond this they are dropped (and counted).
    "ANALYTICS_BUFFER_MAX": (env_int, 50_000),
    # Beacons one visitor may send in a minute before the rest are refused as a flood.
    "ANALYTICS_MAX_EVENTS_PER_MINUTE": (env_int, 60),
    # New visitors one address (whatever the User-Agent) may add in a day; beyond it, its new visitors count as
    # one. An office or a carrier's NAT puts many readers behind one address: keep it well above a real office.
    "ANALYTICS_NEW_VISITORS_PER_ADDRESS": (env_int, 100),
    # Beacons one address (all its visitors together) may send in a minute before the rest are refused as a burst.
    "ANALYTICS_MAX_EVENTS_PER_ADDRESS_PER_MINUTE": (env_int, 600),
    # Distinct sources (referrer hosts, utm_source) and campaigns one unit's rollup keeps per day, the most
    # viewed first; the rest are one "other" row, so made-up utm_source values cannot multiply the rows.
    "ANALYTICS_MAX_SOURCES_PER_DAY": (env_int, 100),
    # The same beacon again from the same visitor within this many seconds is a replay and is dropped.
    "ANALYTICS_REPLAY_SECONDS": (env_int, 5),
    # How the embedded store rolls a day up: "python" (the sessionizer of rollup.py, every database) or, on
    # PostgreSQL, "database" (set-based SQL: nothing travels to the app; slower than Python on the 2-core bench machine,
    # worth it only when the database has cores to spare).
    "ANALYTICS_ROLLUP_ENGINE": (env_str, "python"),
    # Behind one proxy: the same as LANTOA_TRUSTED_PROXIES=1 (lantoa/clientaddr.py), which takes precedence.
    "ANALYTICS_TRUST_X_FORWARDED_FOR": (env_bool, False),
}


# Read once per process: the beacon asks for several knobs on every request.
_values: dict[str, object] = {}


def knob(name: str):
    try:
        return _values[name]
    except KeyError:
        pass
    if hasattr(settings, name):
        value = getattr(settings, name)
    else:
        reader, default = _KNOBS[name]
        value = reader(f"LANTOA_{name}", default)
    _values[name] = value
    return value


@receiver(setting_changed)
def _forget(**kwargs) -> None:
    # Tests change settings (override_settings): read them again.
    _values.clear()
