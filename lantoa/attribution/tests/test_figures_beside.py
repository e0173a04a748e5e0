"""The figures of the participant lists beside those staff type: plan versus actual and the quarterly report."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lantoa.attribution.models import Enrolment, ParticipantList
from lantoa.digests import Hasher
from lantoa.planning.services import save_target
from lantoa.tests.factories import plan
from lantoa.units.models import Role

pytestmark = pytest.mark.django_db


def test_plan_versus_actual_shows_the_lists_new_participants_beside_the_officers(units, make_staff, client):
    today = timezone.localdate()
    approver = make_staff(units["hanoi"], Role.APPROVER)
    hanoi_plan = plan(units["hanoi"], "Kế hoạch", user=approver, year=today.year)
    save_target(user=approver, plan=hanoi_plan, indicator="new_voluntary_si", value=100)
    save_target(user=approver, plan=hanoi_plan, indicator="registrations", value=500)
    job = ParticipantList.objects.create(unit=units["hanoi"], file_name="ds.csv", file_sha256="1" * 64, status="done")
    hasher = Hasher()
    for n, commune in enumerate(["hanoi_a", "hanoi_b", "hanoi_b", "hue_a"]):
        Enrolment.objects.create(
            participant_list=job,
            commune=units[commune],
            scheme="bhxh-tu-nguyen",
            start_date=today - datetime.timedelta(days=1),
            person=hasher.insurance_number(f"{n:010d}"),
        )
    client.force_login(approver)

    page = client.get(reverse("planning_plan", args=[hanoi_plan.pk])).content.decode()

    row = page[page.index('data-indicator="new_voluntary_si"') :]
    row = row[: row.index("</tr>")]
    assert 'data-listed="3"' in row and "theo danh sách người tham gia: 3" in row  # Huế's is not Hà Nội's
    registrations = page[page.index('data-indicator="registrations"') :]
    assert "data-listed" not in registrations[: registrations.index("</tr>")]


def test_the_seeded_quarterly_template_carries_the_lists_figures_after_the_typed_ones():
    from lantoa.reports.models import TemplateIndicator

    codes = list(
        TemplateIndicator.objects.filter(template__code="ket-qua-truyen-thong-quy")
        .order_by("order")
        .values_list("code", flat=True)
    )
    assert codes[codes.index("new_voluntary_si") + 1] == "new_voluntary_si_listed"
    assert codes[codes.index("new_household_hi") + 1] == "new_household_hi_listed"
    conversion = TemplateIndicator.objects.get(template__code="ket-qua-truyen-thong-quy", code="verified_conversion")
    assert (conversion.numerator_code, conversion.denominator_code, conversion.scale) == (
        "registrants_enrolled_verified",
        "registrations",
        100,
    )
