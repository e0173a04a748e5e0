"""Reporting periods: months, quarters, half-years and years, their labels, and the periods to compare with."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import Periodicity

MONTHS_IN = {
    Periodicity.MONTHLY: 1,
    Periodicity.QUARTERLY: 3,
    Periodicity.HALF_YEARLY: 6,
    Periodicity.YEARLY: 12,
}
ROMAN = ["I", "II", "III", "IV"]


def _add_months(day: datetime.date, months: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    periodicity: str
    start: datetime.date
    end: datetime.date

    @property
    def index(self) -> int:
        """1-based position of the period within its year."""
        return (self.start.month - 1) // MONTHS_IN[self.periodicity] + 1

    @property
    def label(self) -> str:
        year = self.start.year
        if self.periodicity == Periodicity.MONTHLY:
            return _("Tháng %(month)s/%(year)s") % {"month": self.start.month, "year": year}
        if self.periodicity == Periodicity.QUARTERLY:
            return _("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[self.index - 1], "year": year}
        if self.periodicity == Periodicity.HALF_YEARLY:
            if self.index == 1:
                return _("6 tháng đầu năm %(year)s") % {"year": year}
            return _("6 tháng cuối năm %(year)s") % {"year": year}
        return _("Năm %(year)s") % {"year": year}

    @property
    def short_label(self) -> str:
        if self.periodicity == Periodicity.MONTHLY:
            return f"T{self.start.month}"
        if self.periodicity == Periodicity.QUARTERLY:
            return f"Q{ROMAN[self.index - 1]}"
        if self.periodicity == Periodicity.HALF_YEARLY:
            return f"6T{self.index}"
        return str(self.start.year)

    def shifted(self, periods: int) -> Period:
        return period_starting(self.periodicity, _add_months(self.start, periods * MONTHS_IN[self.periodicity]))

    def previous(self) -> Period:
        return self.shifted(-1)

    def year_before(self) -> Period:
        return period_starting(self.periodicity, self.start.replace(year=self.start.year - 1))

    def year_to_date(self) -> tuple[datetime.date, datetime.date]:
        return datetime.date(self.start.year, 1, 1), self.end


def period_starting(periodicity: str, start: datetime.date) -> Period:
    """The period of `periodicity` that begins on `start`; ValueError if no period begins that day."""
    months = MONTHS_IN.get(periodicity)
    if months is None:
        raise ValueError(_("Kỳ báo cáo không hợp lệ."))
    if start.day != 1 or (start.month - 1) % months:
        raise ValueError(
            _("Ngày %(day)s không phải ngày đầu của một kỳ báo cáo.") % {"day": start.strftime("%d/%m/%Y")}
        )
    end = _add_months(start, months) - datetime.timedelta(days=1)
    return Period(periodicity, start, end)


def period_containing(periodicity: str, day: datetime.date) -> Period:
    months = MONTHS_IN[periodicity]
    month = (day.month - 1) // months * months + 1
    return period_starting(periodicity, datetime.date(day.year, month, 1))


def periods_of_year(periodicity: str, year: int) -> list[Period]:
    months = MONTHS_IN[periodicity]
    return [period_starting(periodicity, datetime.date(year, m, 1)) for m in range(1, 13, months)]


def last_closed(periodicity: str, today: datetime.date) -> Period:
    """The most recent period that has ended: the one units are reporting on now."""
    return period_containing(periodicity, today).previous()
