"""Fixtures of the reports tests: a private export folder, a registry of indicator providers of our own, helpers."""

import datetime
from decimal import Decimal

import pytest

from lantoa import metrics
from lantoa.reports import services
from lantoa.reports.models import Report, ReportTemplate, ReportValue
from lantoa.units.roles import Role

Q2 = datetime.date(2026, 4, 1)  # a closed quarter: 1 April – 30 June 2026
Q1 = datetime.date(2026, 1, 1)


@pytest.fixture(autouse=True)
def providers(settings, tmp_path, monkeypatch):
    """An empty provider registry per test (restored after); register deterministic ones: `providers[code] = f`."""
    settings.LANTOA_REPORTS_EXPORT_DIR = tmp_path / "exports"
    registry: dict = {}
    monkeypatch.setattr(metrics, "_providers", registry)
    monkeypatch.setattr(metrics, "_discovered", True)
    return registry


@pytest.fixture
def template(db):
    return ReportTemplate.objects.prefetch_related("indicators").get(code="ket-qua-truyen-thong-quy")


@pytest.fixture
def by_unit(providers):
    """by_unit(code, {unit_code: value}) registers a provider that returns a fixed figure per unit (0 elsewhere)."""

    def register(code, figures):
        providers[code] = lambda unit, start, end: figures.get(unit.code, 0)

    return register


MANUAL = {
    "articles_published": "6",
    "documents_published": "2",
    "portal_visits": "1200",
    "social_posts": "14",
    "social_reach": "5.400",  # written the Vietnamese way: 5,400
    "events_held": "2",
    "event_attendees": "150",
    "registrations": "40",
    "registrants_enrolled_vsi": "8",
    "new_voluntary_si": "10",
    "new_household_hi": "25",
    "loudspeaker_broadcasts": "12",
    "leaflets_distributed": "500",
    "media_partnerships": "1",
    "satisfaction_score": "4,5",
}


@pytest.fixture
def fill():
    """fill(report, user, **overrides) enters a complete set of manual values (strings, as a form sends them)."""

    def enter(report, user, **overrides):
        editable = {
            v.indicator.code for v in report.values.select_related("indicator") if v.origin in ("manual", "rollup")
        }
        values = {code: value for code, value in {**MANUAL, **overrides}.items() if code in editable}
        return services.save_values(report=report, user=user, values=values, narrative="Kết quả quý II.")

    return enter


ROLE_SUFFIXES = {"author": Role.AUTHOR, "editor": Role.EDITOR, "approver": Role.APPROVER, "admin": Role.UNIT_ADMIN}


@pytest.fixture
def staff(units, make_staff):
    """staff["hanoi_a_author"], staff["hue_approver"], staff["centre_admin"], …: made on first use, one per key."""

    class Staff(dict):
        def __missing__(self, key):
            unit_key, _sep, suffix = key.rpartition("_")
            self[key] = user = make_staff(units[unit_key], ROLE_SUFFIXES[suffix])
            return user

    return Staff()


def dec(value) -> Decimal:
    return Decimal(str(value))


def open_(template, unit, user):
    return services.open_report(template=template, unit=unit, period_start=Q2, user=user)


def value_of(report, code):
    return ReportValue.objects.get(report=report, indicator__code=code).value


@pytest.fixture
def quarter(template, units, staff, by_unit, fill):
    """Three communes and two provinces through the whole workflow; hue_b never reports."""
    by_unit("articles_published", {"00070": 5, "00073": 7, "19774": 3, "01": 20, "46": 9})
    by_unit("documents_published", {"00070": 1, "00073": 0, "19774": 2, "01": 4, "46": 3})
    reports = {}
    for key, overrides in {
        "hanoi_a": {"leaflets_distributed": "500", "events_held": "2", "event_attendees": "150"},
        "hanoi_b": {"leaflets_distributed": "800", "events_held": "3", "event_attendees": "240"},
        "hue_a": {"leaflets_distributed": "300", "events_held": "1", "event_attendees": "60"},
    }.items():
        author = staff[f"{key}_author"]
        report = open_(template, units[key], author)
        fill(report, author, **overrides)
        services.submit(report=report, user=author)
        reports[key] = report

    # Hà Nội returns one commune's report with a comment; the commune corrects it and sends it again.
    services.review(report=reports["hanoi_b"], user=staff["hanoi_editor"])
    services.return_report(report=reports["hanoi_b"], user=staff["hanoi_editor"], comment="Số tờ rơi chưa khớp sổ.")
    fill(
        reports["hanoi_b"], staff["hanoi_b_author"], leaflets_distributed="750", events_held="3", event_attendees="240"
    )
    services.submit(report=reports["hanoi_b"], user=staff["hanoi_b_author"])
    for key, approver in (("hanoi_a", "hanoi_approver"), ("hanoi_b", "hanoi_approver"), ("hue_a", "hue_approver")):
        services.approve(report=reports[key], user=staff[approver])

    # Each province opens its own report: manual figures start from its approved communes, then go to the centre.
    for key in ("hanoi", "hue"):
        author = staff[f"{key}_author"]
        report = open_(template, units[key], author)
        services.save_values(report=report, user=author, values={"media_partnerships": "4"})
        services.submit(report=report, user=author)
        reports[key] = report
    services.return_report(report=reports["hue"], user=staff["centre_approver"], comment="Bổ sung thuyết minh.")
    services.save_values(report=reports["hue"], user=staff["hue_author"], values={}, narrative="Đã bổ sung.")
    services.submit(report=reports["hue"], user=staff["hue_author"])
    for key in ("hanoi", "hue"):
        services.approve(report=reports[key], user=staff["centre_approver"])
    return {key: Report.objects.get(pk=report.pk) for key, report in reports.items()}
