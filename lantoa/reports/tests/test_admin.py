"""The admin screens: the dashboard with its map and statuses, a report's form and workflow buttons, templates."""

import pytest
from django.core import mail
from django.urls import reverse

from lantoa.reports import services
from lantoa.reports.models import Reminder, Report

from .conftest import Q2, open_

pytestmark = pytest.mark.django_db


def test_the_centre_dashboard_shows_national_figures_statuses_and_the_province_map(client, quarter, template, staff):
    client.force_login(staff["centre_approver"])
    response = client.get(
        reverse("reports_dashboard"),
        {"template": template.pk, "year": 2026, "period": 2, "indicator": "leaflets_distributed"},
    )
    assert response.status_code == 200
    body = response.text
    # 500 + 750 (Hà Nội) + 300 (Huế), from the two approved province reports.
    assert 'data-code="leaflets_distributed"' in body and 'data-value="1550"' in body
    assert 'data-unit="01" data-state="approved"' in body and 'data-unit="46" data-state="approved"' in body
    assert body.count("<circle cx=") >= 2 and 'data-code="01"' in body and "Quần đảo Trường Sa" in body
    assert "Báo cáo định kỳ" in body


def test_the_dashboard_offers_named_periods_and_units_by_name_within_scope(client, quarter, template, staff):
    client.force_login(staff["centre_approver"])
    body = client.get(reverse("reports_dashboard"), {"template": template.pk, "start": "2026-04-01"}).text
    assert '<option value="2026-04-01" selected>Quý II/2026</option>' in body
    assert 'type="number" name="period"' not in body and '<select name="year"' not in body
    assert "---------" not in body
    assert '<option value="VSS" selected>— Toàn quốc —</option>' in body
    # An older link naming year and period number selects the same named period.
    legacy = client.get(reverse("reports_dashboard"), {"template": template.pk, "year": 2026, "period": 2}).text
    assert '<option value="2026-04-01" selected>Quý II/2026</option>' in legacy
    assert client.get(reverse("reports_dashboard"), {"template": template.pk, "start": "2026-05-01"}).status_code == 400

    client.force_login(staff["hue_approver"])
    body = client.get(reverse("reports_dashboard"), {"template": template.pk, "start": "2026-04-01"}).text
    assert '<option value="46" selected>' in body
    assert "Toàn quốc" not in body and '<option value="01"' not in body


def test_the_map_draws_labelled_proportional_circles_with_a_legend_and_a_table(client, quarter, template, staff):
    client.force_login(staff["centre_approver"])
    body = client.get(
        reverse("reports_dashboard"),
        {"template": template.pk, "start": "2026-04-01", "indicator": "leaflets_distributed"},
    ).text
    # Hà Nội 1.250, Huế 300: the larger value draws the larger circle; names and figures on hover and focus.
    assert 'aria-label="Thành phố Hà Nội: 1.250"' in body
    assert "<title>Thành phố Hà Nội: 1.250</title>" in body
    assert 'class="code' not in body  # no unreadable two-digit codes
    assert 'id="cap-duoi"' in body and 'href="#cap-duoi"' in body and "Kích thước:" in body
    assert 'class="lt-table-scroll"' in body and 'class="lt-sticky"' in body


def test_a_province_dashboard_shows_its_communes_and_a_late_one(client, quarter, template, staff):
    client.force_login(staff["hue_approver"])
    body = client.get(reverse("reports_dashboard"), {"template": template.pk, "year": 2026, "period": 2}).text
    assert 'data-unit="19774" data-state="approved"' in body
    assert 'data-unit="19753" data-state="late"' in body
    assert 'class="lt-map"' not in body  # the map is the centre's view of the provinces


def test_bad_dashboard_parameters_get_a_400_not_an_error(client, template, staff):
    client.force_login(staff["centre_approver"])
    for query in (
        {"template": "x"},
        {"template": template.pk, "year": 1900, "period": 1},
        {"template": template.pk, "year": 2026, "period": 9},
        {"template": template.pk, "year": 2026, "period": 1, "indicator": "<script>"},
        {"template": template.pk, "year": 2026, "period": 1, "unit": "99999"},
    ):
        response = client.get(reverse("reports_dashboard"), query)
        assert response.status_code == 400, query
        assert "<script>" not in response.text
    assert client.get(reverse("reports_parts"), {"template": "1; DROP", "unit": "x"}).status_code == 404


def test_a_commune_enters_values_in_the_form_sees_a_warning_and_hostile_text_is_escaped(
    client, template, units, staff, fill
):
    author = staff["hanoi_a_author"]
    before = services.open_report(
        template=template, unit=units["hanoi_a"], period_start=Q2.replace(month=1), user=author
    )
    fill(before, author, leaflets_distributed="100")
    report = open_(template, units["hanoi_a"], author)
    client.force_login(author)
    form = {"action": "save", "v_leaflets_distributed": "400", "n_leaflets_distributed": "<b>chiến dịch</b>"}
    form["narrative"] = "<script>alert(1)</script> Quý II"
    response = client.post(reverse("reports_detail", args=[report.pk]), form, follow=True)
    assert response.status_code == 200
    assert "khác nhiều so với kỳ trước" in response.text  # 400 against 100: a warning, yet saved
    assert report.values.get(indicator__code="leaflets_distributed").value == 400
    assert "<script>alert(1)</script>" not in response.text and "&lt;script&gt;" in response.text
    assert "<b>chiến dịch</b>" not in response.text

    bad = client.post(reverse("reports_detail", args=[report.pk]), {"action": "save", "v_leaflets_distributed": "mười"})
    assert bad.status_code == 400 and "phải là một số" in bad.text
    assert client.post(reverse("reports_detail", args=[report.pk]), {"action": "delete"}).status_code == 400
    incomplete = client.post(reverse("reports_detail", args=[report.pk]), {"action": "submit"})
    assert incomplete.status_code == 400 and "Chưa nhập đủ" in incomplete.text


def test_approving_locks_the_form_and_only_the_parent_sees_the_approval_buttons(client, template, units, staff, fill):
    author = staff["hanoi_a_author"]
    report = open_(template, units["hanoi_a"], author)
    fill(report, author)
    client.force_login(author)
    assert client.post(reverse("reports_detail", args=[report.pk]), {"action": "submit"}).status_code == 302
    page = client.get(reverse("reports_detail", args=[report.pk])).text
    assert 'value="approve"' not in page and 'name="v_leaflets_distributed"' not in page
    assert client.post(reverse("reports_detail", args=[report.pk]), {"action": "approve"}).status_code == 403

    client.force_login(staff["hanoi_approver"])
    assert 'value="approve"' in client.get(reverse("reports_detail", args=[report.pk])).text
    client.post(reverse("reports_detail", args=[report.pk]), {"action": "approve"})
    assert Report.objects.get(pk=report.pk).status == "approved"
    locked = client.post(reverse("reports_detail", args=[report.pk]), {"action": "save", "v_leaflets_distributed": "1"})
    assert locked.status_code == 400 and "mở lại" in locked.text
    assert 'value="reopen"' in client.get(reverse("reports_detail", args=[report.pk])).text


def test_only_the_centre_edits_templates(client, template, staff):
    listing = reverse("wagtailsnippets_reports_reporttemplate:list")
    client.force_login(staff["centre_admin"])
    assert client.get(listing).status_code == 200
    assert client.get(reverse("wagtailsnippets_reports_reporttemplate:edit", args=[template.pk])).status_code == 200
    client.force_login(staff["hanoi_admin"])
    assert client.get(listing).status_code in (302, 403)


def test_reminders_go_once_to_the_units_that_have_not_sent(template, units, staff, fill, settings):
    import datetime

    for key in ("hanoi_a", "hanoi_b", "hue_a", "hue_b"):
        user = staff[f"{key}_author"]
        user.email = f"{key}@bhxh.example"
        user.save()
    staff["hanoi_admin"].email = "province@bhxh.example"
    staff["hanoi_admin"].save()
    report = open_(template, units["hanoi_a"], staff["hanoi_a_author"])
    fill(report, staff["hanoi_a_author"])
    services.submit(report=report, user=staff["hanoi_a_author"])

    due_soon = datetime.date(2026, 7, 8)  # Q2's commune deadline is 10 July
    assert services.send_reminders(today=due_soon) == 3
    assert sorted(message.to[0] for message in mail.outbox) == [
        "hanoi_b@bhxh.example",
        "hue_a@bhxh.example",
        "hue_b@bhxh.example",
    ]
    assert "10/07/2026" in mail.outbox[0].body
    assert services.send_reminders(today=due_soon) == 0  # a second run sends nothing
    assert services.send_reminders(today=datetime.date(2026, 7, 11)) == 3  # now late: one overdue reminder each
    assert "quá hạn" in mail.outbox[-1].subject
    # Phường Hoàn Kiếm has sent its report; the provinces are not due until 15 July.
    assert Reminder.objects.filter(kind="overdue").count() == 3
    assert not Reminder.objects.filter(unit__level="province").exists()
    assert services.send_reminders(today=datetime.date(2026, 7, 1)) == 0  # Q2 has just closed: not due yet
