"""Public API of the calculators: the same calculations as the portal pages, with the rules they used."""

from datetime import date
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Query, Router, Schema

from lantoa.api_inputs import ApiError, Day, StrictSchema

from .models import EffectiveRule, SupportGroup
from .services import CalculationError, PaymentMode, household_hi_contribution, voluntary_si_contribution

router = Router(tags=["calculators"])

# Money in the API is whole đồng as an integer; a hundred billion a month is beyond any real income.
MAX_INCOME = 10**11


class VoluntarySIParams(StrictSchema):
    income: int = Field(..., ge=0, le=MAX_INCOME, description="Thu nhập tháng lựa chọn, đồng.")
    months: int = Field(
        1,
        ge=1,
        le=600,
        description="Theo kỳ: số tháng mỗi lần đóng (1, 3, 6, 12); đóng trước hoặc đóng bù: số tháng đóng một lần.",
    )
    mode: PaymentMode = Field(
        PaymentMode.PERIOD,
        description="Cách đóng: period (theo kỳ), advance (đóng trước tối đa 60 tháng, có chiết khấu), "
        "catch_up (đóng một lần cho những năm còn thiếu, cộng tiền lãi).",
    )
    group: SupportGroup = Field(SupportGroup.OTHER, description="Nhóm được Nhà nước hỗ trợ.")
    on_date: Day | None = Field(None, description="Ngày áp dụng quy định (mặc định: hôm nay).")


class HouseholdHIParams(StrictSchema):
    members: int = Field(..., ge=1, le=20, description="Số người trong hộ tham gia BHYT.")
    on_date: Day | None = Field(None, description="Ngày áp dụng quy định (mặc định: hôm nay).")


class RuleOut(Schema):
    kind: str
    name: str
    summary: str
    legal_source: str
    effective_from: date
    effective_to: date | None


class VoluntarySIOut(Schema):
    on_date: date
    income: int
    months: int
    group: str
    group_label: str
    rate_percent: Decimal
    income_min: int
    income_max: int
    monthly_contribution: int
    support_percent: Decimal
    support_per_month: int
    person_per_month: int
    contribution_for_period: int
    support_for_period: int
    person_for_period: int
    mode: str
    mode_label: str
    monthly_interest_rate_percent: Decimal | None
    person_without_interest: int | None
    discount: int
    interest: int
    rules: list[RuleOut]


class MemberOut(Schema):
    position: int
    percent_of_first: Decimal
    per_month: int
    per_year: int


class HouseholdHIOut(Schema):
    on_date: date
    members: int
    base_salary: int
    rate_percent: Decimal
    per_member: list[MemberOut]
    total_per_month: int
    total_per_year: int
    rules: list[RuleOut]


def _rules(rules: tuple[EffectiveRule, ...]) -> list[dict]:
    return [
        {
            "kind": rule._meta.model_name,
            "name": str(rule._meta.verbose_name),
            "summary": rule.summary(),
            "legal_source": rule.legal_source,
            "effective_from": rule.effective_from,
            "effective_to": rule.effective_to,
        }
        for rule in rules
    ]


@router.get("/voluntary-si", response=VoluntarySIOut, summary="Tính mức đóng BHXH tự nguyện")
def voluntary_si(request, params: Query[VoluntarySIParams]):
    on_date = params.on_date or timezone.localdate()
    try:
        result = voluntary_si_contribution(
            income=params.income,
            months=params.months,
            group=params.group.value,
            on_date=on_date,
            mode=params.mode.value,
        )
    except CalculationError as error:
        raise ApiError(422, error.message) from None
    return {
        **result.__dict__,
        "group_label": str(result.group_label),
        "mode_label": str(result.mode_label),
        "rules": _rules(result.rules),
    }


@router.get("/household-hi", response=HouseholdHIOut, summary="Tính mức đóng BHYT hộ gia đình")
def household_hi(request, params: Query[HouseholdHIParams]):
    on_date = params.on_date or timezone.localdate()
    try:
        result = household_hi_contribution(members=params.members, on_date=on_date)
    except CalculationError as error:
        raise ApiError(422, error.message) from None
    return {
        **result.__dict__,
        "per_member": [member.__dict__ for member in result.per_member],
        "rules": _rules(result.rules),
    }
