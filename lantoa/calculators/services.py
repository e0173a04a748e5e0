"""Contribution calculations: voluntary social insurance and household health insurance, from the rules in force.

Plain functions that read the effective-dated rules and write nothing. Money is `Decimal` in whole
đồng: each monthly amount is rounded half up to a whole đồng (money.round_dong), and amounts for a
period or a year are that monthly amount times the number of months, as a contribution notice shows.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from .models import (
    BaseSalary,
    EffectiveRule,
    HouseholdHIRule,
    RuralPovertyLine,
    SupportGroup,
    VoluntarySIRule,
    VoluntarySISupport,
)
from .money import format_dong, round_dong
from .selectors import rule_in_force

MIN_MEMBERS = 1
MAX_MEMBERS = 20
HUNDRED = Decimal("100")


class CalculationError(Exception):
    """Input the rules in force cannot compute, with a Vietnamese message for the person who typed it."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


@dataclass(frozen=True)
class VoluntarySIResult:
    income: Decimal
    months: int
    group: str
    on_date: date
    rate_percent: Decimal
    income_min: Decimal
    income_max: Decimal
    monthly_contribution: Decimal
    support_percent: Decimal
    support_per_month: Decimal
    person_per_month: Decimal
    contribution_for_period: Decimal
    support_for_period: Decimal
    person_for_period: Decimal
    rules: tuple[EffectiveRule, ...]

    @property
    def group_label(self) -> str:
        return SupportGroup(self.group).label


@dataclass(frozen=True)
class MemberContribution:
    position: int
    percent_of_first: Decimal
    per_month: Decimal
    per_year: Decimal


@dataclass(frozen=True)
class HouseholdHIResult:
    members: int
    on_date: date
    base_salary: Decimal
    rate_percent: Decimal
    per_member: tuple[MemberContribution, ...]
    total_per_month: Decimal
    total_per_year: Decimal
    rules: tuple[EffectiveRule, ...]


def _required(model: type[EffectiveRule], on_date: date, **filters) -> EffectiveRule:
    rule = rule_in_force(model, on_date, **filters)
    if rule is None:
        raise CalculationError(
            _("Chưa có quy định về %(rule)s có hiệu lực vào ngày %(date)s.")
            % {"rule": model._meta.verbose_name, "date": f"{on_date:%d/%m/%Y}"},
            field="on_date",
        )
    return rule


def _whole_amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise CalculationError(_("Số tiền phải là một số nguyên (đồng)."), field=field) from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise CalculationError(_("Số tiền phải là một số nguyên (đồng)."), field=field)
    return amount


def voluntary_si_contribution(*, income, months: int, group: str, on_date: date) -> VoluntarySIResult:
    """What a voluntary social insurance participant pays for a chosen monthly income and payment period.

    Contribution = rate × chosen income. The state's support does not follow the chosen income: it is
    the group's percentage of the contribution at the rural poverty line, whatever income is chosen.
    """
    income = _whole_amount(income, "income")
    if group not in SupportGroup.values:
        raise CalculationError(_("Nhóm đối tượng không hợp lệ."), field="group")

    rule = _required(VoluntarySIRule, on_date)
    poverty_line = _required(RuralPovertyLine, on_date)
    base_salary = _required(BaseSalary, on_date)
    support = _required(VoluntarySISupport, on_date, group=group)

    income_min = round_dong(poverty_line.amount * rule.min_income_poverty_line_multiple)
    income_max = round_dong(base_salary.amount * rule.max_income_base_salary_multiple)
    if not income_min <= income <= income_max:
        raise CalculationError(
            _("Thu nhập lựa chọn phải từ %(low)s đến %(high)s mỗi tháng (quy định có hiệu lực ngày %(date)s).")
            % {"low": format_dong(income_min), "high": format_dong(income_max), "date": f"{on_date:%d/%m/%Y}"},
            field="income",
        )
    periods = rule.periods()
    if months not in periods:
        raise CalculationError(
            _("Phương thức đóng phải là một trong: %(periods)s tháng.")
            % {"periods": ", ".join(str(p) for p in periods)},
            field="months",
        )

    monthly = round_dong(income * rule.rate_percent / HUNDRED)
    # Support is a share of the contribution at the poverty line, and never more than what is due.
    support_per_month = min(
        round_dong(poverty_line.amount * rule.rate_percent / HUNDRED * support.percent / HUNDRED), monthly
    )
    person_per_month = monthly - support_per_month
    return VoluntarySIResult(
        income=income,
        months=months,
        group=group,
        on_date=on_date,
        rate_percent=rule.rate_percent,
        income_min=income_min,
        income_max=income_max,
        monthly_contribution=monthly,
        support_percent=support.percent,
        support_per_month=support_per_month,
        person_per_month=person_per_month,
        contribution_for_period=monthly * months,
        support_for_period=support_per_month * months,
        person_for_period=person_per_month * months,
        rules=(rule, support, poverty_line, base_salary),
    )


def household_hi_contribution(*, members: int, on_date: date) -> HouseholdHIResult:
    """Each member's household health insurance contribution and the household's total, per month and per year.

    The first member pays the rate of the base salary; each further member pays the share of the
    first member's amount set for their position (the last position listed covers everyone after it).
    """
    if not isinstance(members, int) or not MIN_MEMBERS <= members <= MAX_MEMBERS:
        raise CalculationError(
            _("Số người trong hộ phải từ %(low)s đến %(high)s.") % {"low": MIN_MEMBERS, "high": MAX_MEMBERS},
            field="members",
        )
    rule = _required(HouseholdHIRule, on_date)
    base_salary = _required(BaseSalary, on_date)
    shares = list(rule.member_shares.all())

    first_exact = base_salary.amount * rule.rate_percent / HUNDRED
    per_member = []
    for position in range(1, members + 1):
        percent = rule.share_for(position, shares)
        per_month = round_dong(first_exact * percent / HUNDRED)
        per_member.append(
            MemberContribution(
                position=position, percent_of_first=percent, per_month=per_month, per_year=per_month * 12
            )
        )
    total_per_month = sum((member.per_month for member in per_member), Decimal("0"))
    return HouseholdHIResult(
        members=members,
        on_date=on_date,
        base_salary=base_salary.amount,
        rate_percent=rule.rate_percent,
        per_member=tuple(per_member),
        total_per_month=total_per_month,
        total_per_year=total_per_month * 12,
        rules=(rule, base_salary),
    )
