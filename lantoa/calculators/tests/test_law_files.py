"""The rules come from reviewed law files: a new database holds them, the command shows a change before
making it, a broken file changes nothing, and the centre's dashboard shows what ends soonest."""

from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from lantoa.calculators.law import FAMILIES, LAW_DIR, LawFileError, plan, read
from lantoa.calculators.models import BaseSalary, FundInterestRate, HouseholdHIRule
from lantoa.calculators.selectors import rules_horizon
from lantoa.units.roles import Role

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("calculator_rules", *args, stdout=out)
    return out.getvalue()


def test_a_migrated_database_holds_exactly_the_rules_of_the_files():
    assert [change.describe() for change in plan(apps)] == []
    assert "không có gì để thay đổi" in run()


def test_every_family_has_a_file_and_every_rule_cites_its_source():
    for family in FAMILIES:
        for record in read(family):
            assert record["legal_source"], (family.name, record["effective_from"])
    assert {path.stem for path in LAW_DIR.glob("*.toml")} == {family.name for family in FAMILIES}


def test_the_command_shows_a_change_then_applies_it_only_when_asked():
    BaseSalary.objects.filter(effective_from=date(2026, 7, 1)).update(amount=Decimal("2500000"))
    HouseholdHIRule.objects.get(effective_from=date(2025, 8, 15)).member_shares.filter(position=5).delete()
    BaseSalary.objects.create(effective_from=date(2030, 1, 1), amount=3_000_000, legal_source="Thêm trong admin")

    shown = run()
    assert "~ lương cơ sở (01/07/2026): amount: 2500000 → 2530000" in shown
    assert "shares: {2: 70, 3: 60, 4: 50} → {2: 70, 3: 60, 4: 50, 5: 40}" in shown
    assert "! lương cơ sở (01/01/2030): chỉ có trong cơ sở dữ liệu" in shown
    assert "2 quy định sẽ được thêm hoặc sửa" in shown
    assert BaseSalary.objects.get(effective_from=date(2026, 7, 1)).amount == 2_500_000
    with pytest.raises(CommandError, match="khác các tệp"):
        run("--check")

    assert "Đã áp dụng 2 thay đổi" in run("--apply")
    assert BaseSalary.objects.get(effective_from=date(2026, 7, 1)).amount == 2_530_000
    assert HouseholdHIRule.objects.get(effective_from=date(2025, 8, 15)).member_shares.count() == 4
    # What the centre added in the admin stays.
    assert BaseSalary.objects.filter(effective_from=date(2030, 1, 1)).exists()


def test_a_new_rule_in_a_file_is_added(tmp_path: Path):
    directory = tmp_path / "law"
    directory.mkdir()
    for family in FAMILIES:
        (directory / family.path.name).write_text(family.path.read_text(encoding="utf-8"), encoding="utf-8")
    (directory / "fund_interest_rate.toml").write_text(
        'family = "fund_interest_rate"\n\n[[rule]]\neffective_from = 2026-01-01\neffective_to = 2026-12-31\n'
        'monthly_rate_percent = "0.45"\nlegal_source = "Công văn thử nghiệm"\nnote = ""\n',
        encoding="utf-8",
    )
    assert "+ lãi suất đầu tư quỹ BHXH (01/01/2026)" in run("--dir", str(directory))
    assert not FundInterestRate.objects.exists()
    run("--dir", str(directory), "--apply")
    assert FundInterestRate.objects.get().monthly_rate_percent == Decimal("0.45")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("family = [", "không đọc được"),
        ('family = "base_salary"\n[[rule]]\neffective_from = "2026-01-01"\n', "effective_from phải là một ngày"),
        (
            'family = "base_salary"\n[[rule]]\neffective_from = 2026-01-01\neffective_to = 2025-01-01\n',
            "effective_to phải là một ngày không trước effective_from",
        ),
        ('family = "base_salary"\n[[rule]]\neffective_from = 2026-01-01\namount = 1\n', "legal_source"),
        (
            'family = "base_salary"\n[[rule]]\neffective_from = 2026-01-01\namount = -5\nlegal_source = "x"\n',
            "phải từ 1 đến 1000000000",
        ),
        (
            'family = "base_salary"\n[[rule]]\neffective_from = 2026-01-01\namount = "2,5"\nlegal_source = "x"\n',
            "không phải là một số",
        ),
        (
            'family = "base_salary"\n[[rule]]\neffective_from = 2026-01-01\namount = 1\nlegal_source = "x"\n'
            "colour = 1\n",
            "không biết trường colour",
        ),
        (
            'family = "base_salary"\n' + '[[rule]]\neffective_from = 2026-01-01\namount = 1\nlegal_source = "x"\n' * 2,
            "hai quy định cùng bắt đầu ngày 01/01/2026",
        ),
        ('family = "rural_poverty_line"\n', "dòng family phải là 'base_salary'"),
    ],
)
def test_a_broken_file_is_refused_with_a_vietnamese_message_and_nothing_changes(tmp_path, text, message):
    directory = tmp_path / "law"
    directory.mkdir()
    for family in FAMILIES:
        (directory / family.path.name).write_text(family.path.read_text(encoding="utf-8"), encoding="utf-8")
    (directory / "base_salary.toml").write_text(text, encoding="utf-8")
    before = list(BaseSalary.objects.values_list("effective_from", "amount"))
    with pytest.raises(LawFileError, match=message):
        plan(apps, directory=directory)
    with pytest.raises(CommandError, match="Chưa thay đổi gì"):
        run("--dir", str(directory), "--apply")
    assert list(BaseSalary.objects.values_list("effective_from", "amount")) == before


def test_the_horizon_puts_rules_without_successor_first():
    rows = rules_horizon(date(2026, 12, 3))
    # No fund rate in force: advance and catch-up payment cannot be calculated.
    assert rows[0].model is FundInterestRate and rows[0].needs_attention
    by_label = {row.label: row for row in rows}
    poverty = by_label["chuẩn nghèo khu vực nông thôn"]
    assert poverty.ends == date(2026, 12, 31) and poverty.successor.amount == 2_200_000
    assert not poverty.needs_attention
    base = by_label["lương cơ sở"]
    assert base.current.amount == 2_530_000 and base.ends is None


def test_the_centre_sees_the_horizon_on_its_dashboard_and_a_province_does_not(client, units, make_staff):
    client.force_login(make_staff(units["centre"], Role.APPROVER))
    body = client.get("/admin/").content.decode()
    assert "Quy định của máy tính mức đóng" in body
    assert "Chưa có quy định áp dụng hôm nay" in body
    client.force_login(make_staff(units["hanoi"], Role.APPROVER))
    assert "Quy định của máy tính mức đóng" not in client.get("/admin/").content.decode()
