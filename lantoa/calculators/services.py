"""Contribution calculations: voluntary social insurance and household health insurance, from the rules in force.

Plain functions that read the effective-dated rules and write nothing. Money is `Decimal` in whole
đồng: each monthly amount is rounded half up to a whole đồng (money.round_dong), and amounts for a
period or a year are that monthly amount times the number of months, as a contribution notice shows.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db.models import TextChoices
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from .models import (
    BaseSalary,
    EffectiveRule,
    FundInterestRate,
    HouseholdHIRule,
    RuralPovertyLine,
    SupportGroup,
    VoluntarySIRule,
    VoluntarySISupport,
)
from .money import format_dong, round_dong
from .selectors import RuleT, rule_in_force

MIN_MEMBERS = 1
MAX_MEMBERS = 20
HUNDRED = Decimal("100")


class PaymentMode(TextChoices):
    """How a voluntary SI participant pays: per period, once for years ahead, or once for the missing years."""

    PERIOD = "period", _l("Theo kỳ: hằng tháng, 3, 6 hoặc 12 tháng một lần")
    ADVANCE = "advance", _l("Đóng trước một lần cho nhiều năm về sau")
    CATCH_UP = "catch_up", _l("Đóng một lần cho những năm còn thiếu")


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
    mode: str = PaymentMode.PERIOD
    # Advance and catch-up payment: the fund's monthly rate, what the person would pay without it, and the
    # discount (advance) or interest (catch-up) that makes the difference; person_for_period is what is due.
    monthly_interest_rate_percent: Decimal | None = None
    person_without_interest: Decimal | None = None
    discount: Decimal = Decimal("0")
    interest: Decimal = Decimal("0")

    @property
    def group_label(self) -> str:
        return str(SupportGroup(self.group).label)

    @property
    def mode_label(self) -> str:
        return str(PaymentMode(self.mode).label)


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


def _required(model: type[RuleT], on_date: date, **filters) -> RuleT:
    """The rule in force on the date, or an error that names the limit and the rule that sets it."""
    rule = rule_in_force(model, on_date, **filters)
    if rule is not None:
        return rule
    values = {"rule": model._meta.verbose_name, "date": f"{on_date:%d/%m/%Y}"}
    earliest = model._default_manager.filter(**filters).order_by("effective_from").first()
    latest = model._default_manager.filter(**filters).order_by("-effective_from").first()
    if earliest is not None and on_date < earliest.effective_from:
        message = _(
            "Máy tính áp dụng quy định từ ngày %(start)s (%(rule)s sớm nhất: %(source)s); ngày %(date)s sớm hơn."
        ) % {**values, "start": f"{earliest.effective_from:%d/%m/%Y}", "source": earliest.legal_source}
    elif latest is not None and latest.effective_to is not None and on_date > latest.effective_to:
        message = _(
            "%(rule)s theo %(source)s hết hiệu lực ngày %(end)s và chưa có quy định thay thế: chưa tính được cho "
            "ngày %(date)s."
        ) % {**values, "end": f"{latest.effective_to:%d/%m/%Y}", "source": latest.legal_source}
    else:
        message = _("Chưa có quy định về %(rule)s có hiệu lực vào ngày %(date)s.") % values
    raise CalculationError(message[0].upper() + message[1:], field="on_date")


def _whole_amount(value, field: str) -> Decimal:
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise CalculationError(_("Số tiền phải là một số nguyên (đồng)."), field=field) from None
    if not amount.is_finite() or amount != amount.to_integral_value():
        raise CalculationError(_("Số tiền phải là một số nguyên (đồng)."), field=field)
    return amount


def voluntary_si_contribution(
    *, income, months: int, group: str, on_date: date, mode: str = PaymentMode.PERIOD
) -> VoluntarySIResult:
    """What a voluntary social insurance participant pays for a chosen monthly income.

    Contribution = rate × chosen income. The state's support does not follow the chosen income: it is
    the group's percentage of the contribution at the rural poverty line, whatever income is chosen.

    `mode` PERIOD: `months` is a payment period the rule allows (1, 3, 6, 12) and the person pays that
    many months' worth. ADVANCE: `months` ahead, at most the rule's limit (60), each month i = 1…n
    discounted by the fund's monthly rate r: Σ (contribution − support) / (1 + r)^(i−1). CATCH_UP:
    `months` missing, at most the rule's limit, each month with interest: Σ (contribution − support) ×
    (1 + r)^i, the support counted only where the rule says it applies to catch-up payment (Nghị định
    134/2015/NĐ-CP, Điều 10 khoản 2 và 3).
    """
    income = _whole_amount(income, "income")
    if group not in SupportGroup.values:
        raise CalculationError(
            _("Nhóm đối tượng không hợp lệ: chọn một trong %(groups)s.")
            % {"groups": ", ".join(str(label) for label in SupportGroup.labels)},
            field="group",
        )
    if mode not in PaymentMode.values:
        raise CalculationError(_("Cách đóng không hợp lệ."), field="mode")

    rule = _required(VoluntarySIRule, on_date)
    poverty_line = _required(RuralPovertyLine, on_date)
    base_salary = _required(BaseSalary, on_date)
    support = _required(VoluntarySISupport, on_date, group=group)

    income_min = round_dong(poverty_line.amount * rule.min_income_poverty_line_multiple)
    income_max = round_dong(base_salary.amount * rule.max_income_base_salary_multiple)
    if not income_min <= income <= income_max:
        raise CalculationError(
            _(
                "Thu nhập lựa chọn phải từ %(low)s (chuẩn nghèo nông thôn: %(low_source)s) đến %(high)s "
                "(%(multiple)s lần lương cơ sở: %(high_source)s) mỗi tháng, theo quy định có hiệu lực ngày %(date)s."
            )
            % {
                "low": format_dong(income_min),
                "high": format_dong(income_max),
                "low_source": poverty_line.legal_source,
                "high_source": base_salary.legal_source,
                "multiple": format(rule.max_income_base_salary_multiple.normalize(), "f").replace(".", ","),
                "date": f"{on_date:%d/%m/%Y}",
            },
            field="income",
        )
    rules: tuple[EffectiveRule, ...] = (rule, support, poverty_line, base_salary)
    monthly_rate = Decimal("0")
    if mode == PaymentMode.PERIOD:
        periods = rule.periods()
        if months not in periods:
            raise CalculationError(
                _("Phương thức đóng phải là một trong: %(periods)s tháng (%(source)s).")
                % {"periods": ", ".join(str(p) for p in periods), "source": rule.legal_source},
                field="months",
            )
    else:
        limit = rule.max_advance_months if mode == PaymentMode.ADVANCE else rule.max_catch_up_months
        if not isinstance(months, int) or not 1 <= months <= limit:
            message = (
                _("Đóng trước một lần tối đa %(limit)s tháng (%(source)s); bạn chọn %(months)s tháng.")
                if mode == PaymentMode.ADVANCE
                else _(
                    "Đóng một lần cho những năm còn thiếu tối đa %(limit)s tháng (%(source)s); "
                    "bạn chọn %(months)s tháng."
                )
            )
            raise CalculationError(
                message % {"limit": limit, "source": rule.legal_source, "months": months}, field="months"
            )
        fund_rate = rule_in_force(FundInterestRate, on_date)
        if fund_rate is None:
            raise CalculationError(
                _(
                    "Chưa tính được vì Lan Toả chưa có lãi suất đầu tư quỹ BHXH bình quân tháng áp dụng vào ngày "
                    "%(date)s (Bảo hiểm xã hội Việt Nam công bố hằng năm). Hãy chọn đóng theo kỳ hoặc hỏi cơ quan "
                    "BHXH nơi bạn sống."
                )
                % {"date": f"{on_date:%d/%m/%Y}"},
                field="mode",
            )
        rules = (*rules, fund_rate)
        monthly_rate = fund_rate.monthly_rate_percent

    monthly = round_dong(income * rule.rate_percent / HUNDRED)
    # Support is a share of the contribution at the poverty line, and never more than what is due.
    support_per_month = min(
        round_dong(poverty_line.amount * rule.rate_percent / HUNDRED * support.percent / HUNDRED), monthly
    )
    support_percent = support.percent
    if mode == PaymentMode.CATCH_UP and not rule.catch_up_with_support:
        support_per_month = support_percent = Decimal("0")
    person_per_month = monthly - support_per_month
    extra = {}
    person_for_period = person_per_month * months
    if mode != PaymentMode.PERIOD:
        r = monthly_rate / HUNDRED
        if mode == PaymentMode.ADVANCE:
            due = round_dong(sum((person_per_month / (1 + r) ** (i - 1) for i in range(1, months + 1)), Decimal(0)))
            extra["discount"] = person_for_period - due
        else:
            due = round_dong(sum((person_per_month * (1 + r) ** i for i in range(1, months + 1)), Decimal(0)))
            extra["interest"] = due - person_for_period
        extra.update(monthly_interest_rate_percent=monthly_rate, person_without_interest=person_for_period)
        person_for_period = due
    return VoluntarySIResult(
        income=income,
        months=months,
        group=group,
        on_date=on_date,
        rate_percent=rule.rate_percent,
        income_min=income_min,
        income_max=income_max,
        monthly_contribution=monthly,
        support_percent=support_percent,
        support_per_month=support_per_month,
        person_per_month=person_per_month,
        contribution_for_period=monthly * months,
        support_for_period=support_per_month * months,
        person_for_period=person_for_period,
        rules=rules,
        mode=mode,
        **extra,
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
