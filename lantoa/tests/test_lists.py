"""Lists that grow with the number of units or people are searched with or without diacritics, a page at a time."""

import pytest
from django.urls import reverse

from lantoa.listing import folded_match
from lantoa.tests import factories
from lantoa.units.models import Unit
from lantoa.units.roles import Role


@pytest.fixture
def centre_admin(units, make_staff):
    return make_staff(units["centre"], Role.UNIT_ADMIN, username="quan-tri-trung-uong")


def _html(client, name, **params) -> str:
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    return response.content.decode()


def test_folded_match_finds_the_same_rows_with_and_without_diacritics(units):
    units_qs = Unit.objects.all()

    with_marks = set(folded_match(units_qs, "Hoàn Kiếm", ["name"]))
    without = set(folded_match(units_qs, "hoan kiem", ["name"]))

    assert with_marks == without == {units["hanoi_a"]}
    assert not folded_match(units_qs, "hoan xyz", ["name"]).exists()  # every word must match


@pytest.mark.parametrize("query", ["nguyen van an", "Nguyễn Văn An", "cua nam"])
def test_the_memberships_list_is_searched_without_diacritics(client, units, make_staff, centre_admin, query):
    member = make_staff(units["hanoi_b"], Role.EDITOR, username="bien-tap-cua-nam")
    member.first_name = "Nguyễn Văn An"
    member.save()
    make_staff(units["hue_a"], Role.EDITOR, username="bien-tap-thuan-hoa")
    client.force_login(centre_admin)

    html = _html(client, "unit_memberships:index", q=query)

    assert "bien-tap-cua-nam" in html
    assert "bien-tap-thuan-hoa" not in html


def test_the_units_list_is_searched_without_diacritics(client, units, centre_admin):
    client.force_login(centre_admin)

    html = _html(client, "units:index", q="thuan hoa")

    assert "Thuận Hóa" in html
    assert "Hoàn Kiếm" not in html


def test_the_plans_list_comes_a_page_at_a_time_and_is_searched_by_unit(client, units, centre_admin, make_staff):
    author = make_staff(units["centre"], Role.APPROVER, username="lap-ke-hoach")
    for year in range(2020, 2075):
        factories.plan(units["hanoi"], f"Kế hoạch truyền thông Hà Nội {year}", user=author, year=year)
    factories.plan(units["hue"], "Kế hoạch truyền thông Huế", user=author)
    client.force_login(centre_admin)

    first, second = _html(client, "planning_plans"), _html(client, "planning_plans", p=2)
    found = _html(client, "planning_plans", q="hue")

    assert first.count("Kế hoạch truyền thông Hà Nội") + first.count("Huế</a>") == 50
    assert "Trang 1/2" in first and "Trang 2/2" in second
    assert "Kế hoạch truyền thông Huế" in found and "Kế hoạch truyền thông Hà Nội" not in found


def test_the_events_list_is_searched_by_commune_without_diacritics(client, units, make_staff):
    editor = make_staff(units["hanoi"], Role.EDITOR, username="bien-tap-ha-noi")
    factories.event(units["hanoi_a"], "Đối thoại ở Hoàn Kiếm", user=editor)
    factories.event(units["hanoi_b"], "Đối thoại ở Cửa Nam", user=editor)
    client.force_login(editor)

    html = _html(client, "outreach_events", q="hoan kiem")

    assert "Đối thoại ở Hoàn Kiếm" in html and "Đối thoại ở Cửa Nam" not in html


def test_the_follow_up_queue_is_searched_by_commune_phone_or_number(client, units, make_staff):
    officer = make_staff(units["hanoi"], Role.EDITOR, username="can-bo-ha-noi")
    a = factories.registration(units["hanoi_a"], "Lê Thị Hoa", "0912 000 111")
    b = factories.registration(units["hanoi_b"], "Trần Văn Nam", "0987 222 333")
    client.force_login(officer)

    def numbers(**params) -> set[int]:
        html = _html(client, "outreach_queue", **params)
        return {r.pk for r in (a, b) if f"#{r.pk}</a>" in html}

    assert numbers(q="cua nam") == {b.pk}
    assert numbers(q="Cửa Nam") == {b.pk}
    assert numbers(q="0912000") == {a.pk}
    assert numbers(q=f"#{a.pk}") == {a.pk}
    assert numbers(q="<script>") == set()
    assert numbers() == {a.pk, b.pk}
