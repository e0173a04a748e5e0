"""Figures read the Vietnamese way in the admin's tables and charts: 1.759.995; 3,9 %; 31/12/2026."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import formats, translation

from lantoa.formats import figure, percent
from lantoa.planning import services
from lantoa.planning.charts import achievement_bars
from lantoa.units.roles import Role


def test_figures_and_percentages_in_vietnamese_and_english():
    with translation.override("vi"):
        assert [figure(1759995), figure(1500000.5), percent(3.9), percent(150), figure(None)] == [
            "1.759.995",
            "1.500.000,5",
            "3,9\u00a0%",
            "150\u00a0%",
            "–",
        ]
        assert formats.date_format(datetime.date(2026, 12, 31)) == "31/12/2026"
        assert formats.date_format(datetime.date(2026, 12, 31), "SHORT_DATE_FORMAT") == "31/12/2026"
    with translation.override("en"):
        assert (figure(1759995), percent(3.9)) == ("1,759,995", "3.9\u00a0%")


def test_templates_group_digits_with_intcomma_but_leave_plain_values_alone():
    template = Template("{% load humanize %}{{ n|intcomma }}|{{ n }}|{{ d|intcomma }}")
    with translation.override("vi"):
        assert template.render(Context({"n": 1759995, "d": 3.9})) == "1.759.995|1759995|3,9"


def test_plan_chart_writes_percentages_like_its_table():
    rows = [SimpleNamespace(label="Lượt truy cập", percent=3.9), SimpleNamespace(label="Tờ rơi", percent=None)]
    with translation.override("vi"):
        chart = achievement_bars(rows)

    assert [bar.percent_text for bar in chart["bars"]] == ["3,9\u00a0%", "—"]
    assert [g["label"] for g in chart["grid"]] == ["0\u00a0%", "50\u00a0%", "100\u00a0%", "150\u00a0%"]


@pytest.mark.django_db
def test_plan_versus_actual_shows_targets_with_thousands_separators(client, units, make_staff):
    author = make_staff(units["hanoi"], Role.AUTHOR)
    plan = services.create_plan(user=author, unit=units["hanoi"], year=datetime.date.today().year)
    services.save_target(user=author, plan=plan, indicator="leaflets_distributed", value=1500000)
    client.force_login(author)

    html = client.get(reverse("planning_plan", args=[plan.pk])).content.decode()

    assert "1.500.000" in html
    assert "1500000" not in html.replace(f"/{plan.pk}/", "/")
