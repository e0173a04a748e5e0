"""Only the centre edits contribution rules in the Wagtail admin; provincial staff are refused over HTTP."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from lantoa.calculators.models import BaseSalary, HouseholdHIRule
from lantoa.units.roles import Role

LIST = "/admin/snippets/calculators/basesalary/"
ADD = f"{LIST}add/"

NEW_SALARY = {
    "amount": "2700000",
    "effective_from": "2028-07-01",
    "effective_to": "",
    "legal_source": "Nghị định thử nghiệm, Điều 3",
    "note": "",
}


def current_salary() -> BaseSalary:
    return BaseSalary.objects.get(effective_from=date(2024, 7, 1))


@pytest.mark.parametrize("role", [Role.APPROVER, Role.UNIT_ADMIN])
def test_provincial_approver_cannot_list_add_or_change_rules(client, units, make_staff, role):
    client.force_login(make_staff(units["hanoi"], role))
    assert client.get("/admin/").status_code == 200  # they do reach the admin
    assert client.get(LIST).status_code in (302, 403)
    client.post(ADD, NEW_SALARY)
    assert not BaseSalary.objects.filter(effective_from=date(2028, 7, 1)).exists()
    salary = current_salary()
    client.post(f"{LIST}edit/{salary.pk}/", {**NEW_SALARY, "effective_from": "2024-07-01", "amount": "9"})
    assert current_salary().amount == Decimal("2340000")
    client.post(f"{LIST}delete/{salary.pk}/")
    assert BaseSalary.objects.filter(pk=salary.pk).exists()


def test_centre_author_cannot_edit_rules_either(client, units, make_staff):
    client.force_login(make_staff(units["centre"], Role.AUTHOR))
    assert client.get(LIST).status_code in (302, 403)


def test_centre_approver_adds_a_base_salary_that_the_calculator_then_uses(client, units, make_staff):
    client.force_login(make_staff(units["centre"], Role.APPROVER))
    listing = client.get(LIST)
    assert listing.status_code == 200
    assert "Nghị định 73/2024/NĐ-CP, Điều 3" in listing.content.decode()
    response = client.post(ADD, NEW_SALARY)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert BaseSalary.objects.get(effective_from=date(2028, 7, 1)).amount == Decimal("2700000")
    api = client.get("/api/v1/calculators/household-hi", {"members": 1, "on_date": "2028-07-01"}).json()
    assert api["total_per_month"] == 121_500  # 2.700.000 × 4,5%


def test_centre_admin_cannot_save_a_rule_ending_before_it_starts(client, units, make_staff):
    client.force_login(make_staff(units["centre"], Role.UNIT_ADMIN))
    response = client.post(ADD, {**NEW_SALARY, "effective_to": "2026-01-01"})
    assert response.status_code == 200
    assert "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực." in response.content.decode()
    assert not BaseSalary.objects.filter(effective_from=date(2028, 7, 1)).exists()


def test_superuser_can_edit_the_household_rule_and_its_member_shares(client, units):
    admin = get_user_model().objects.create_superuser("quantri", password="mat-khau-thu-1")
    client.force_login(admin)
    assert client.get("/admin/snippets/calculators/householdhirule/").status_code == 200
    rule = HouseholdHIRule.objects.get(effective_from=date(2025, 8, 15))
    edit = client.get(f"/admin/snippets/calculators/householdhirule/edit/{rule.pk}/")
    assert edit.status_code == 200
    assert "Nghị định 188/2025/NĐ-CP" in edit.content.decode()


def test_django_model_permissions_alone_do_not_open_the_rules_to_a_province(client, units, make_staff):
    from django.contrib.auth.models import Permission

    user = make_staff(units["hue"], Role.APPROVER)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="calculators"))
    client.force_login(user)
    assert client.get(LIST).status_code in (302, 403)
    client.post(ADD, NEW_SALARY)
    assert not BaseSalary.objects.filter(effective_from=date(2028, 7, 1)).exists()
