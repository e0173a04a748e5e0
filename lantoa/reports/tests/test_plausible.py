"""A count typed by hand beyond what a unit plausibly reaches is not saved until the person confirms it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lantoa.reports import services

from .conftest import open_, value_of


def test_an_extra_zero_needs_a_confirmation_and_nothing_is_lost_meanwhile(template, units, staff, fill):
    author = staff["hanoi_a_author"]
    report = open_(template, units["hanoi_a"], author)
    fill(report, author)  # 500 leaflets
    with pytest.raises(ValidationError) as refused:
        services.save_values(report=report, user=author, values={"leaflets_distributed": "5000000"})
    assert [e.code for e in refused.value.error_dict["leaflets_distributed"]] == ["confirm"]
    assert refused.value.message_dict["leaflets_distributed"][0].startswith("lớn hơn 100")
    assert value_of(report, "leaflets_distributed") == 500  # the saved value stays
    services.save_values(
        report=report, user=author, values={"leaflets_distributed": "5000000"}, confirmed=["leaflets_distributed"]
    )
    assert value_of(report, "leaflets_distributed") == 5_000_000


def test_the_report_page_asks_for_the_confirmation_box_and_saves_once_it_is_ticked(
    client, template, units, staff, fill
):
    author = staff["hanoi_a_author"]
    report = open_(template, units["hanoi_a"], author)
    fill(report, author)
    client.force_login(author)
    url = reverse("reports_detail", args=[report.pk])
    form = {"action": "save", "v_leaflets_distributed": "900000", "narrative": "Quý II."}
    page = client.post(url, form)
    assert page.status_code == 400 and 'name="confirm_large"' in page.content.decode()
    assert value_of(report, "leaflets_distributed") == 500
    assert client.post(url, {**form, "confirm_large": "on"}).status_code == 302
    assert value_of(report, "leaflets_distributed") == 900_000


def test_the_api_takes_the_confirmation_by_indicator_code(client, template, units, staff, fill):
    author = staff["hanoi_a_author"]
    report = open_(template, units["hanoi_a"], author)
    fill(report, author)
    client.force_login(author)
    url = f"/api/v1/reports/reports/{report.pk}/values"
    body = {"values": {"leaflets_distributed": 700_000}}
    refused = client.put(url, body, content_type="application/json")
    assert refused.status_code == 422 and "leaflets_distributed" in refused.json()["errors"]
    body["confirm"] = ["leaflets_distributed"]
    assert client.put(url, body, content_type="application/json").status_code == 200
    assert value_of(report, "leaflets_distributed") == 700_000
