"""API of analytics: the dashboard's figures as JSON, scoped to the units the caller may view."""

import datetime
from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import AuthorizationError
from ninja.security import django_auth
from pydantic import model_validator

from lantoa.api_inputs import ApiError, Day, StrictSchema

from .selectors import BREAKDOWNS, MAX_PERIOD_DAYS, analytics_scopes, breakdown, comparison
from .store import Figures

router = Router(tags=["analytics"], auth=django_auth)

Dimension = Literal[tuple(BREAKDOWNS)]  # type: ignore[valid-type]


class Period(StrictSchema):
    start: Day = Field(..., description="First day, inclusive (YYYY-MM-DD, 2000-01-01 to 2100-12-31).")
    end: Day = Field(..., description="Last day, inclusive.")

    @model_validator(mode="after")
    def check_order(self):
        if self.start > self.end:
            raise ApiError(422, _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        if (self.end - self.start).days + 1 > MAX_PERIOD_DAYS:
            raise ApiError(422, _("Kỳ thống kê dài nhất là %(days)s ngày.") % {"days": MAX_PERIOD_DAYS})
        return self


class BreakdownParams(Period):
    limit: int = Field(50, ge=1, le=1000)


class FiguresOut(Schema):
    visits: int
    visitors: int
    pageviews: int
    bounce_rate: float | None
    time_on_page_seconds: float | None


class DayOut(FiguresOut):
    day: datetime.date


class RatiosOut(Schema):
    visits: float | None
    visitors: float | None
    pageviews: float | None
    bounce_rate: float | None
    time_on_page: float | None


class SummaryOut(Schema):
    start: datetime.date
    end: datetime.date
    current: FiguresOut
    previous: FiguresOut
    year_before: FiguresOut
    ratio_to_previous: RatiosOut
    ratio_to_year_before: RatiosOut
    daily: list[DayOut]


class RowOut(FiguresOut):
    key: str
    label: str


def _figures(figures: Figures) -> dict:
    return {
        "visits": figures.visits,
        "visitors": figures.visitors,
        "pageviews": figures.pageviews,
        "bounce_rate": figures.bounce_rate,
        "time_on_page_seconds": figures.time_on_page,
    }


def _require_scope(request) -> None:
    if not analytics_scopes(request.user):
        raise AuthorizationError


@router.get("/summary", response=SummaryOut, summary="Totals of a period, compared with earlier periods")
def summary(request, period: Query[Period]):
    _require_scope(request)
    result = comparison(request.user, start=period.start, end=period.end)
    return {
        "start": result.start,
        "end": result.end,
        "current": _figures(result.current.totals),
        "previous": _figures(result.previous.totals),
        "year_before": _figures(result.year_before.totals),
        "ratio_to_previous": result.ratios["previous"],
        "ratio_to_year_before": result.ratios["year_before"],
        "daily": [{"day": day, **_figures(figures)} for day, figures in result.current.series],
    }


@router.get("/breakdown/{dimension}", response=list[RowOut], summary="Top rows of one dimension in a period")
def breakdown_rows(request, dimension: Dimension, params: Query[BreakdownParams]):
    _require_scope(request)
    rows = breakdown(request.user, start=params.start, end=params.end, dimension=dimension, limit=params.limit)
    return [{"key": row.key, "label": row.label, **_figures(row.figures)} for row in rows]
