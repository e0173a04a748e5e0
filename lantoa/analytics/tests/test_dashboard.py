import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook

from lantoa.analytics.services import rollup_days
from lantoa.units.roles import Role

from .factories import event

DAY = datetime.date(2026, 3, 10)
URL = "/admin/thong-ke/"
PERIOD = {"period": "custom", "start": "2026-03-10", "end": "2026-03-10"}


@pytest.fixture
def figures(units, store):
    """Hà Nội: 3 visitors on one article; Huế: 1 visitor on one article; the centre: 1 visitor on its home page."""
    hanoi, hue = units["hanoi_a"].path, units["hue"].path
    events = [
        event(DAY, 0, "a" * 16, "/ha-noi/tin/", hanoi, page_title="Tin Hà Nội", source_kind="search", source="google"),
        event(DAY, 5, "a" * 16, "/", "VSS/", page_title="Trang chủ", content_type="homepage"),
        event(DAY, 1, "b" * 16, "/ha-noi/tin/", hanoi, page_title="Tin Hà Nội", source_kind="social", source="zalo"),
        event(DAY, 2, "c" * 16, "/ha-noi/tin/", hanoi, page_title="Tin Hà Nội", device="desktop"),
        event(
            DAY, 3, "d" * 16, "/hue/bai/", hue, page_title='=HYPERLINK("x")', source_kind="social", source="facebook"
        ),
    ]
    store.record_many(events)
    rollup_days(days=[DAY])


def test_centre_sees_every_unit_and_provincial_viewer_only_its_province(client, figures, units, make_staff):
    client.force_login(make_staff(units["centre"], Role.VIEWER))
    page = client.get(URL, PERIOD).content.decode()
    assert "Tin Hà Nội" in page and "HYPERLINK" in page
    client.force_login(make_staff(units["hanoi"], Role.VIEWER))
    response = client.get(URL, PERIOD)
    page = response.content.decode()
    assert "Tin Hà Nội" in page
    assert "HYPERLINK" not in page and "Trang chủ" not in page
    cards = {card["metric"]: card["current"] for card in response.context["cards"]}
    assert (cards["visits"], cards["visitors"], cards["pageviews"]) == (3, 3, 3)
    assert "<svg" in page and "<polyline" in page


def test_dashboard_is_refused_to_staff_without_a_unit_and_anonymous_readers(client, figures, django_user_model):
    assert client.get(URL).status_code == 302
    client.force_login(django_user_model.objects.create_user("khach", password="x"))
    assert client.get(URL).status_code in (302, 403)


def test_menu_item_shows_for_unit_staff_only(client, figures, units, make_staff, django_user_model):
    client.force_login(make_staff(units["hue"], Role.VIEWER))
    assert URL in client.get("/admin/").content.decode()
    outsider = django_user_model.objects.create_user("ngoai", password="x")
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert URL not in client.get("/admin/").content.decode()


def test_exports_respect_scope_and_defuse_formulas(client, figures, units, make_staff):
    client.force_login(make_staff(units["centre"], Role.VIEWER))
    csv_text = client.get(f"{URL}xuat/page.csv", PERIOD).content.decode("utf-8-sig")
    assert "Tin Hà Nội" in csv_text
    assert "'=HYPERLINK" in csv_text
    xlsx = client.get(f"{URL}xuat/source.xlsx", PERIOD)
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = {row[1]: row[2] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows == {"search:google": 1, "social:zalo": 1, "direct:": 1, "social:facebook": 1}
    client.force_login(make_staff(units["hue"], Role.VIEWER))
    csv_text = client.get(f"{URL}xuat/page.csv", PERIOD).content.decode("utf-8-sig")
    assert "Tin Hà Nội" not in csv_text
    assert client.get(f"{URL}xuat/bogus.csv", PERIOD).status_code == 404
    daily = client.get(f"{URL}xuat/daily.csv", PERIOD).content.decode("utf-8-sig")
    assert "2026-03-10,1,1,1,1" in daily


def test_period_is_compared_with_the_previous_period_and_a_year_before(client, units, make_staff, store):
    year_before = datetime.date(2025, 3, 10)
    store.record_many([event(DAY, 0, f"{i:016x}") for i in range(4)] + [event(year_before, 0, "f" * 16)])
    rollup_days(days=[DAY, year_before])
    client.force_login(make_staff(units["centre"], Role.VIEWER))
    cards = {card["metric"]: card for card in client.get(URL, PERIOD).context["cards"]}
    assert cards["visits"]["year_before"] == 1
    assert cards["visits"]["ratio_year_before"] == 4
    assert cards["visits"]["ratio_previous"] is None


def test_bad_period_shows_a_vietnamese_error_and_falls_back(client, figures, units, make_staff):
    client.force_login(make_staff(units["centre"], Role.VIEWER))
    response = client.get(URL, {"period": "custom", "start": "2026-03-10", "end": "2026-01-01"})
    assert response.status_code == 200
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in response.content.decode()


def test_the_period_select_shows_the_period_that_is_drawn(client, figures, units, make_staff):
    client.force_login(make_staff(units["centre"], Role.VIEWER))
    for query, shown in [({}, "30d"), ({"period": "7d"}, "7d"), (PERIOD, "custom")]:
        body = client.get(URL, query).content.decode()
        assert f'<option value="{shown}" selected>' in body
    refused = client.get(URL, {"period": "custom", "start": "2026-03-10", "end": "2026-01-01"}).content.decode()
    assert '<option value="30d" selected>' in refused and "Đang hiển thị 30 ngày qua." in refused


def test_the_chart_axis_counts_in_even_steps_and_keeps_the_last_date_inside():
    from lantoa.analytics.charts import WIDTH, line_chart, nice_ticks

    assert nice_ticks(5) == [0, 1, 2, 3, 4, 5]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(7) == [0, 2, 4, 6, 8]
    assert nice_ticks(1_759_995) == [0, 500_000, 1_000_000, 1_500_000, 2_000_000]
    days = [datetime.date(2026, 3, 1) + datetime.timedelta(days=n) for n in range(30)]
    chart = line_chart(days=days, lines=[("Kỳ này", "current", [n % 6 for n in range(30)])])
    assert [g["value"] for g in chart["grid"]] == ["0", "1", "2", "3", "4", "5"]
    last = chart["ticks"][-1]
    assert last["label"] == "30/03/2026" and last["anchor"] == "end" and float(last["x"]) <= WIDTH
    assert chart["ticks"][0]["anchor"] == "start"


def test_axis_figures_are_written_the_vietnamese_way():
    from django.utils import translation

    from lantoa.analytics.charts import line_chart

    days = [datetime.date(2026, 3, 1), datetime.date(2026, 3, 2)]
    with translation.override("vi"):
        chart = line_chart(days=days, lines=[("Kỳ này", "current", [1_500_000, 1_759_995])])
    assert chart["grid"][-1]["value"] == "2.000.000"
