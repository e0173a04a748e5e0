"""Input rules every API endpoint shares: strict schemas, bounded text, codes, ids, dates and pages."""

import datetime
from typing import Annotated

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import AfterValidator, BeforeValidator, ConfigDict, StringConstraints

from lantoa import inputs

DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Far beyond any real page, and far below what would overflow a database OFFSET.
MAX_PAGE = 10_000
MAX_SEARCH_LENGTH = 200


class StrictSchema(Schema):
    """A schema that refuses fields it does not know instead of silently ignoring them."""

    model_config = ConfigDict(extra="forbid")


def _printable(value: str) -> str:
    # NUL and other control characters are never part of a search and PostgreSQL refuses NUL outright.
    if inputs.has_control_characters(value):
        raise ValueError(_("không được chứa ký tự điều khiển"))
    return value.strip()


SearchText = Annotated[str, StringConstraints(max_length=MAX_SEARCH_LENGTH), AfterValidator(_printable)]
# Unit codes are digits ("01", "00070") or the centre's "VSS".
UnitCode = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9]{1,16}$")]
Slug = Annotated[str, StringConstraints(pattern=r"^[-a-zA-Z0-9_]{1,80}$")]
LanguageCode = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[a-zA-Z0-9]{1,8})?$")]


def integer(minimum: int, maximum: int):
    """An int in [minimum, maximum] written in ASCII digits ("²", "٣", "３" and 2^63 are refused with a message).

    The range is also declared to pydantic, so the OpenAPI schema states it.
    """
    return Annotated[
        int,
        BeforeValidator(lambda value: inputs.parse_integer(value, minimum=minimum, maximum=maximum)),
        Field(ge=minimum, le=maximum),
    ]


def _day(value):
    if isinstance(value, str):
        return inputs.parse_date(value)
    return value


# A database id: positive, fits a signed 64-bit integer.
Id = integer(1, inputs.MAX_ID)
# A date (YYYY-MM-DD) between 2000-01-01 and 2100-12-31: calendar arithmetic around it stays in range.
Day = Annotated[
    datetime.date,
    BeforeValidator(_day),
    AfterValidator(inputs.check_date),
    Field(description="YYYY-MM-DD, from 2000-01-01 to 2100-12-31."),
]


class PageParams(StrictSchema):
    page: integer(1, MAX_PAGE) = Field(1, description="Page number, from 1.")
    page_size: integer(1, MAX_PAGE_SIZE) = Field(DEFAULT_PAGE_SIZE, description="Items per page.")


def page_of(queryset: QuerySet, params: PageParams) -> tuple[list, int]:
    """One page of `queryset` and the total count."""
    start = (params.page - 1) * params.page_size
    return list(queryset[start : start + params.page_size]), queryset.count()


class ApiError(HttpError):
    """An error an endpoint reports to the caller as is: its message is already Vietnamese and safe."""


def not_found(message: str) -> ApiError:
    return ApiError(404, message)


class FieldErrorOut(Schema):
    loc: list[str | int] = Field(description="Where: the part of the request, then the field.")
    type: str = Field(description="The kind of error (pydantic's name for it).")
    msg: str = Field(description="What is wrong, in the caller's language.")


class ErrorOut(Schema):
    """Every error the API answers (4xx), documented once for every operation (lantoa/api.py)."""

    detail: str | list[FieldErrorOut] = Field(
        description="What went wrong: a sentence, or one entry per invalid field for a request that fails validation."
    )
    message: str | None = Field(None, description="With a list of invalid fields: all of them in one sentence.")
    errors: dict[str, list[str]] | None = Field(None, description="With refused report values: the messages by field.")
