"""Scope: a province reads its own reports and its communes', never another province's (admin, API, export)."""

import pytest
from django.urls import reverse

from lantoa.reports import services
from lantoa.reports.models import ReportExport

from .conftest import Q2

pytestmark = pytest.mark.django_db


def test_a_province_user_cannot_read_another_provinces_reports_anywhere(
    client, quarter, template, units, make_staff, django_capture_on_commit_callbacks
):
    from lantoa.units.roles import Role

    hue_viewer = make_staff(units["hue"], Role.VIEWER)
    client.force_login(hue_viewer)
    hanoi_report, hue_commune = quarter["hanoi_a"], quarter["hue_a"]

    # Admin: the report page, the list, the traceability view, the dashboard for Hà Nội.
    assert client.get(reverse("reports_detail", args=[hanoi_report.pk])).status_code == 404
    assert client.get(reverse("reports_detail", args=[hue_commune.pk])).status_code == 200
    listing = client.get(reverse("reports_list")).text
    assert "Phường Thuận Hóa" in listing and "Phường Hoàn Kiếm" not in listing
    parts = f"{reverse('reports_parts')}?template={template.pk}&unit=01&indicator=leaflets_distributed&start={Q2}"
    assert client.get(parts).status_code == 404
    dashboard = client.get(
        reverse("reports_dashboard"), {"template": template.pk, "year": 2026, "period": 2, "unit": "01"}
    )
    assert dashboard.status_code == 400
    assert "Phường Hoàn Kiếm" not in dashboard.text

    # API: the list, one report, aggregates, parts and statuses of Hà Nội.
    listed = client.get("/api/v1/reports/reports").json()
    assert {item["unit_code"] for item in listed["items"]} == {"46", "19774"}
    assert client.get(f"/api/v1/reports/reports/{hanoi_report.pk}").status_code == 404
    for path in ("aggregates", "status"):
        assert (
            client.get(f"/api/v1/reports/{path}", {"template": template.pk, "unit": "01", "start": Q2}).status_code
            == 404
        )
    assert (
        client.get(f"/api/v1/reports/{path}", {"template": template.pk, "unit": "VSS", "start": Q2}).status_code == 404
    )
    assert (
        client.get(
            "/api/v1/reports/aggregates/parts",
            {"template": template.pk, "unit": "01", "start": Q2, "indicator": "leaflets_distributed"},
        ).status_code
        == 404
    )

    # Export: asking for Hà Nội is refused; another user's finished export cannot be downloaded.
    response = client.post(
        reverse("reports_export_request"),
        {"template": template.pk, "year": 2026, "period": 2, "unit": "01", "kind": "xlsx"},
    )
    assert response.status_code == 400
    assert not ReportExport.objects.filter(user=hue_viewer).exists()
    hanoi_user = make_staff(units["hanoi"], Role.VIEWER)
    with django_capture_on_commit_callbacks(execute=True):
        theirs = services.request_export(
            user=hanoi_user,
            kind="xlsx",
            template=template,
            unit=units["hanoi"],
            period_start=Q2,
            period_end=quarter["hanoi"].period_end,
        )
    theirs.refresh_from_db()
    assert theirs.status == "done"
    assert client.get(reverse("reports_export", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("reports_export_download", args=[theirs.pk])).status_code == 404


def test_a_commune_officer_sees_only_their_commune(client, quarter, units, staff):
    client.force_login(staff["hanoi_a_author"])
    assert client.get(reverse("reports_detail", args=[quarter["hanoi_b"].pk])).status_code == 404
    assert client.get(reverse("reports_detail", args=[quarter["hanoi"].pk])).status_code == 404
    assert {i["unit_code"] for i in client.get("/api/v1/reports/reports").json()["items"]} == {"00070"}


def test_staff_without_a_unit_and_anonymous_callers_get_nothing(client, django_user_model, template):
    assert client.get("/api/v1/reports/reports").status_code == 401
    assert client.get("/api/v1/reports/templates").status_code == 401
    nobody = django_user_model.objects.create_user("khong-don-vi", password="x")
    client.force_login(nobody)
    assert client.get("/api/v1/reports/templates").json() == []
    assert client.get("/api/v1/reports/reports").json()["count"] == 0
    assert client.get(reverse("reports_dashboard")).status_code in (302, 403)
