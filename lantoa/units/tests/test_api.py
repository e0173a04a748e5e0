import pytest

from lantoa.units.roles import Role
from lantoa.units.services import grant_membership

LIST = "/api/v1/units/"


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def test_units_are_listed_in_tree_order(client, units):
    assert codes(client.get(LIST)) == ["VSS", "01", "00070", "00073", "46", "19753", "19774"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("level=province", ["01", "46"]),
        ("parent=46", ["19753", "19774"]),
        ("q=hoàn kiếm", ["00070"]),
        ("parent=99", []),
    ],
)
def test_units_can_be_filtered(client, units, query, expected):
    assert codes(client.get(f"{LIST}?{query}")) == expected


def test_unit_detail_names_its_parent(client, units):
    body = client.get(f"{LIST}00070").json()
    assert body["office_name"] == "Bảo hiểm xã hội Phường Hoàn Kiếm"
    assert body["parent_code"] == "01"


def test_unknown_unit_is_not_found_in_vietnamese(client, units):
    response = client.get(f"{LIST}12345")
    assert response.status_code == 404
    assert response.json()["detail"] == "Không tìm thấy đơn vị có mã “12345”."


def test_my_units_need_a_session(client, units):
    response = client.get(f"{LIST}mine")
    assert response.status_code == 401
    assert "đăng nhập" in response.json()["detail"]


def test_my_units_show_memberships_and_the_parts_of_the_tree_reached(client, units, make_staff):
    user = make_staff(units["hanoi"], Role.EDITOR)
    grant_membership(user=user, unit=units["hue_a"], role=Role.VIEWER)
    grant_membership(user=user, unit=units["hanoi_a"], role=Role.VIEWER)
    client.force_login(user)
    body = client.get(f"{LIST}mine").json()
    assert [(m["unit"]["code"], m["role"]) for m in body["memberships"]] == [
        ("01", "editor"),
        ("00070", "viewer"),
        ("19774", "viewer"),
    ]
    assert "review" in body["memberships"][0]["actions"]
    assert sorted(unit["code"] for unit in body["reach"]) == ["01", "19774"]


@pytest.mark.parametrize(
    ("url", "field"),
    [
        (f"{LIST}?level=district", "level"),
        (f"{LIST}?parent=<script>", "parent"),
        (f"{LIST}?q=" + "x" * 10_000, "q"),
        (f"{LIST}?page=-1", "page"),
        (f"{LIST}?page_size=100000", "page_size"),
        (f"{LIST}?page=abc", "page"),
        (f"{LIST}?levle=province", "levle"),
        (f"{LIST}00070?expand=1", "expand"),
        (f"{LIST}" + "9" * 300, "code"),
    ],
)
def test_malformed_unit_input_is_refused_with_vietnamese_message(client, db, url, field):
    response = client.get(url)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["message"].startswith("Dữ liệu không hợp lệ:")
    assert f"“{field}”" in body["message"]
    assert b"<script>" not in response.content


def test_my_units_refuse_unknown_parameters_after_authentication(client, units, make_staff):
    assert client.get(f"{LIST}mine?unit=01").status_code == 401
    client.force_login(make_staff(units["hanoi"], Role.VIEWER))
    response = client.get(f"{LIST}mine?unit=01")
    assert response.status_code == 422
    assert "không hỗ trợ tham số “unit”" in response.json()["message"]
