"""A sent report is a record: when the data change after it was sent, screens show "as reported" and "computed now"."""

from decimal import Decimal

from django.urls import reverse

from lantoa.reports import selectors
from lantoa.reports.models import Report
from lantoa.reports.periods import period_starting

from .conftest import Q2, value_of


def test_late_data_keep_the_sent_figure_and_show_the_one_computed_now_beside_it(
    client, quarter, template, units, staff, by_unit
):
    # Hà Nội sent 20 articles for Q2 (its communes 5 and 7); three more were counted late.
    assert value_of(quarter["hanoi"], "articles_published") == 20
    by_unit("articles_published", {"00070": 5, "00073": 7, "19774": 3, "01": 23, "46": 9})
    period = period_starting(template.periodicity, Q2)

    figure = selectors.figures(template, units["hanoi"], period.start, period.end)["articles_published"]
    assert (figure.value, figure.reported, figure.differs) == (Decimal(23), Decimal(20), True)
    report = Report.objects.get(pk=quarter["hanoi"].pk)
    assert value_of(report, "articles_published") == 20  # the record did not move
    assert selectors.computed_now(report) == {"articles_published": Decimal(23)}

    client.force_login(staff["centre_approver"])
    page = client.get(reverse("reports_detail", args=[report.pk])).content.decode()
    assert 'data-now="23"' in page and "Tính lại hiện nay" in page
    dashboard = client.get(
        reverse("reports_dashboard"), {"template": template.pk, "unit": "01", "year": 2026, "period": 2}
    )
    assert dashboard.status_code == 200
    assert 'data-reported="20"' in dashboard.content.decode()

    # The centre's list of its provinces says the same of Hà Nội: 23 computed now, 20 as it reported.
    centre = client.get(
        reverse("reports_dashboard"),
        {"template": template.pk, "year": 2026, "period": 2, "indicator": "articles_published"},
    ).content.decode()
    row = centre.split('data-unit="01"', 1)[1].split("</tr>", 1)[0]
    assert ">23" in row and 'data-reported="20"' in row

    api = client.get("/api/v1/reports/aggregates", {"template": template.pk, "unit": "01", "start": str(Q2)})
    articles = next(f for f in api.json()["figures"] if f["code"] == "articles_published")
    assert (articles["value"], articles["reported"], articles["computed"]) == (23, 20, True)


def test_a_figure_that_did_not_change_shows_once(client, quarter, template, units):
    period = period_starting(template.periodicity, Q2)
    figure = selectors.figures(template, units["hanoi"], period.start, period.end)["articles_published"]
    assert (figure.value, figure.reported, figure.differs) == (Decimal(20), Decimal(20), False)
    assert selectors.computed_now(Report.objects.get(pk=quarter["hanoi"].pk)) == {}
