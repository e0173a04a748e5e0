"""Effective-dated contribution rules, each with its legal source: the data the calculators apply."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel

from .money import format_dong, format_percent

MAX_AMOUNT = Decimal("1000000000")  # one billion đồng: far above any reference amount
PERCENT_VALIDATORS = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


class SupportGroup(models.TextChoices):
    """Who the state supports when they join voluntary social insurance, and at which level."""

    # From 1 July 2025 the 50 % group also takes people living in island communes and special zones (Nghị định
    # 159/2025/NĐ-CP, Điều 5); before, the poor alone (30 %).
    POOR = "poor", _("Người thuộc hộ nghèo; người sống ở xã đảo, đặc khu (từ 01/7/2025)")
    NEAR_POOR = "near_poor", _("Người thuộc hộ cận nghèo")
    ETHNIC_MINORITY = "ethnic_minority", _("Người dân tộc thiểu số")
    OTHER = "other", _("Đối tượng khác")


class EffectiveRule(models.Model):
    """A rule in force from `effective_from`; it ends at `effective_to` or when a later record of its kind starts."""

    effective_from = models.DateField(_("hiệu lực từ ngày"))
    effective_to = models.DateField(
        _("hiệu lực đến ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu còn hiệu lực; một quy định mới có ngày hiệu lực sau sẽ thay thế quy định này."),
    )
    legal_source = models.CharField(
        _("căn cứ pháp lý"),
        max_length=300,
        help_text=_("Số hiệu văn bản và điều khoản, ví dụ: Nghị định 73/2024/NĐ-CP, Điều 3."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    date_panels = [
        FieldRowPanel([FieldPanel("effective_from"), FieldPanel("effective_to")]),
        FieldPanel("legal_source"),
        FieldPanel("note"),
    ]

    class Meta:
        abstract = True
        ordering = ["-effective_from"]

    def clean(self):
        super().clean()
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})

    def summary(self) -> str:
        """The rule's value in one line, for the "rules used" list."""
        raise NotImplementedError


class BaseSalary(EffectiveRule):
    """Lương cơ sở: the reference amount behind the income ceiling and household health insurance."""

    amount = models.DecimalField(
        _("mức lương cơ sở (đồng/tháng)"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(MAX_AMOUNT)],
    )

    panels = [FieldPanel("amount"), *EffectiveRule.date_panels]

    class Meta(EffectiveRule.Meta):
        verbose_name = _("lương cơ sở")
        verbose_name_plural = _("lương cơ sở")
        constraints = [models.UniqueConstraint(fields=["effective_from"], name="base_salary_unique_start")]

    def __str__(self) -> str:
        return f"{format_dong(self.amount)} ({self.effective_from:%d/%m/%Y})"

    def summary(self) -> str:
        return _("Lương cơ sở: %(amount)s/tháng") % {"amount": format_dong(self.amount)}


class RuralPovertyLine(EffectiveRule):
    """Chuẩn nghèo khu vực nông thôn: the income floor of voluntary social insurance and the basis of state support."""

    amount = models.DecimalField(
        _("chuẩn nghèo khu vực nông thôn (đồng/người/tháng)"),
        max_digits=12,
        decimal_places=0,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(MAX_AMOUNT)],
    )

    panels = [FieldPanel("amount"), *EffectiveRule.date_panels]

    class Meta(EffectiveRule.Meta):
        verbose_name = _("chuẩn nghèo khu vực nông thôn")
        verbose_name_plural = _("chuẩn nghèo khu vực nông thôn")
        constraints = [models.UniqueConstraint(fields=["effective_from"], name="rural_poverty_line_unique_start")]

    def __str__(self) -> str:
        return f"{format_dong(self.amount)} ({self.effective_from:%d/%m/%Y})"

    def summary(self) -> str:
        return _("Chuẩn nghèo khu vực nông thôn: %(amount)s/người/tháng") % {"amount": format_dong(self.amount)}


class VoluntarySIRule(EffectiveRule):
    """Rate, income range and payment periods of voluntary social insurance (BHXH tự nguyện)."""

    rate_percent = models.DecimalField(
        _("tỷ lệ đóng (% thu nhập lựa chọn)"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )
    min_income_poverty_line_multiple = models.DecimalField(
        _("thu nhập thấp nhất (số lần chuẩn nghèo nông thôn)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    max_income_base_salary_multiple = models.DecimalField(
        _("thu nhập cao nhất (số lần lương cơ sở)"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("20"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    payment_periods = models.CharField(
        _("phương thức đóng (số tháng, cách nhau bởi dấu phẩy)"),
        max_length=40,
        default="1,3,6,12",
        help_text=_("Ví dụ: 1,3,6,12 — hằng tháng, 3 tháng, 6 tháng, 12 tháng một lần."),
    )
    max_advance_months = models.PositiveSmallIntegerField(
        _("đóng trước tối đa (tháng)"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Đóng một lần cho nhiều năm về sau, với mức thấp hơn mức đóng hằng tháng."),
    )
    max_catch_up_months = models.PositiveSmallIntegerField(
        _("đóng bù tối đa (tháng)"),
        default=120,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Đóng một lần cho những năm còn thiếu, cộng tiền lãi."),
    )
    catch_up_with_support = models.BooleanField(
        _("Nhà nước hỗ trợ cả phần đóng bù"),
        default=False,
        help_text=_("Để trống nếu mức hỗ trợ không áp dụng cho thời gian đóng một lần cho những năm còn thiếu."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("rate_percent"),
                FieldPanel("min_income_poverty_line_multiple"),
                FieldPanel("max_income_base_salary_multiple"),
                FieldPanel("payment_periods"),
                FieldRowPanel([FieldPanel("max_advance_months"), FieldPanel("max_catch_up_months")]),
                FieldPanel("catch_up_with_support"),
            ],
            heading=_("Mức đóng"),
        ),
        *EffectiveRule.date_panels,
    ]

    class Meta(EffectiveRule.Meta):
        verbose_name = _("quy định đóng BHXH tự nguyện")
        verbose_name_plural = _("quy định đóng BHXH tự nguyện")
        constraints = [models.UniqueConstraint(fields=["effective_from"], name="voluntary_si_rule_unique_start")]

    def __str__(self) -> str:
        return f"{format_percent(self.rate_percent)} ({self.effective_from:%d/%m/%Y})"

    def clean(self):
        super().clean()
        try:
            self.periods()
        except ValueError:
            raise ValidationError(
                {"payment_periods": _("Nhập các số tháng từ 1 đến 120, cách nhau bởi dấu phẩy, ví dụ: 1,3,6,12.")}
            ) from None

    def periods(self) -> list[int]:
        """The payment periods allowed, in months."""
        values = sorted({int(part) for part in self.payment_periods.split(",") if part.strip()})
        if not values or values[0] < 1 or values[-1] > 120:
            raise ValueError(self.payment_periods)
        return values

    def summary(self) -> str:
        return _(
            "Tỷ lệ đóng BHXH tự nguyện %(rate)s thu nhập lựa chọn; thu nhập từ %(low)s lần chuẩn nghèo nông thôn "
            "đến %(high)s lần lương cơ sở; đóng %(periods)s tháng một lần"
        ) % {
            "rate": format_percent(self.rate_percent),
            "low": format_percent(self.min_income_poverty_line_multiple).rstrip("%"),
            "high": format_percent(self.max_income_base_salary_multiple).rstrip("%"),
            "periods": ", ".join(str(p) for p in self.periods()),
        }


class FundInterestRate(EffectiveRule):
    """The social insurance fund's average monthly investment return that VSS publishes for a year.

    It discounts a payment made once for several years ahead and adds interest to a payment made
    once for the missing years (Nghị định 134/2015/NĐ-CP Điều 10; Nghị định 159/2025/NĐ-CP): the rate
    published for one year applies to payments made in the next.
    """

    monthly_rate_percent = models.DecimalField(
        _("lãi suất bình quân tháng (%)"),
        max_digits=6,
        decimal_places=4,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("5"))],
    )

    panels = [FieldPanel("monthly_rate_percent"), *EffectiveRule.date_panels]

    class Meta(EffectiveRule.Meta):
        verbose_name = _("lãi suất đầu tư quỹ BHXH bình quân tháng")
        verbose_name_plural = _("lãi suất đầu tư quỹ BHXH bình quân tháng")
        constraints = [models.UniqueConstraint(fields=["effective_from"], name="fund_interest_rate_unique_start")]

    def __str__(self) -> str:
        return f"{format_percent(self.monthly_rate_percent)} ({self.effective_from:%d/%m/%Y})"

    def summary(self) -> str:
        return _("Lãi suất đầu tư quỹ BHXH bình quân tháng: %(rate)s") % {
            "rate": format_percent(self.monthly_rate_percent)
        }


class VoluntarySISupport(EffectiveRule):
    """The state's support for one group, as a share of the contribution at the rural poverty line."""

    group = models.CharField(_("nhóm đối tượng"), max_length=20, choices=SupportGroup.choices)
    percent = models.DecimalField(
        _("mức hỗ trợ (% mức đóng theo chuẩn nghèo nông thôn)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
    )

    panels = [FieldPanel("group"), FieldPanel("percent"), *EffectiveRule.date_panels]

    class Meta(EffectiveRule.Meta):
        verbose_name = _("mức Nhà nước hỗ trợ đóng BHXH tự nguyện")
        verbose_name_plural = _("mức Nhà nước hỗ trợ đóng BHXH tự nguyện")
        ordering = ["-effective_from", "group"]
        constraints = [
            models.UniqueConstraint(fields=["group", "effective_from"], name="voluntary_si_support_unique_start")
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {format_percent(self.percent)} ({self.effective_from:%d/%m/%Y})"

    def summary(self) -> str:
        return _("Nhà nước hỗ trợ %(group)s: %(percent)s mức đóng theo chuẩn nghèo nông thôn") % {
            "group": self.get_group_display().lower(),
            "percent": format_percent(self.percent),
        }


class HouseholdHIRule(EffectiveRule, ClusterableModel):
    """Household health insurance (BHYT hộ gia đình): rate of the base salary and the share of each further member."""

    rate_percent = models.DecimalField(
        _("tỷ lệ đóng của người thứ nhất (% lương cơ sở)"),
        max_digits=5,
        decimal_places=2,
        validators=PERCENT_VALIDATORS,
    )

    panels = [
        FieldPanel("rate_percent"),
        InlinePanel("member_shares", heading=_("Mức đóng của các thành viên tiếp theo"), min_num=1),
        *EffectiveRule.date_panels,
    ]

    class Meta(EffectiveRule.Meta):
        verbose_name = _("quy định đóng BHYT hộ gia đình")
        verbose_name_plural = _("quy định đóng BHYT hộ gia đình")
        constraints = [models.UniqueConstraint(fields=["effective_from"], name="household_hi_rule_unique_start")]

    def __str__(self) -> str:
        return f"{format_percent(self.rate_percent)} ({self.effective_from:%d/%m/%Y})"

    def share_for(self, position: int, shares: list["HouseholdHIMemberShare"]) -> Decimal:
        """Percent of the first member's amount paid by the member at `position` (the last row covers the rest)."""
        applicable = [share for share in shares if share.position <= position]
        if not applicable:
            return Decimal("100")
        return max(applicable, key=lambda share: share.position).percent_of_first

    def summary(self) -> str:
        shares = sorted(self.member_shares.all(), key=lambda share: share.position)
        parts = [
            _("người thứ %(position)s%(more)s: %(percent)s")
            % {
                "position": share.position,
                "more": _(" trở đi") if share is shares[-1] else "",
                "percent": format_percent(share.percent_of_first),
            }
            for share in shares
        ]
        return _("BHYT hộ gia đình: người thứ nhất %(rate)s lương cơ sở; %(shares)s mức của người thứ nhất") % {
            "rate": format_percent(self.rate_percent),
            "shares": "; ".join(parts),
        }


class HouseholdHIMemberShare(models.Model):
    """The reduced contribution of the member at `position` (and after it, if it is the last row)."""

    rule = ParentalKey(HouseholdHIRule, on_delete=models.CASCADE, related_name="member_shares")
    position = models.PositiveSmallIntegerField(
        _("thành viên thứ"), validators=[MinValueValidator(2), MaxValueValidator(20)]
    )
    percent_of_first = models.DecimalField(
        _("% mức đóng của người thứ nhất"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )

    panels = [FieldPanel("position"), FieldPanel("percent_of_first")]

    class Meta:
        verbose_name = _("mức đóng của thành viên")
        verbose_name_plural = _("mức đóng của các thành viên")
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["rule", "position"], name="household_hi_share_unique_position")]

    def __str__(self) -> str:
        return f"{self.position}: {format_percent(self.percent_of_first)}"
