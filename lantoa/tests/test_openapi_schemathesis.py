"""Schemathesis over the OpenAPI schema, through the WSGI app: no 5xx, and every answer is the one documented.

Each operation is called with generated parameters and bodies, anonymously and signed in as a province's unit
admin; every response must be no server error, carry a documented status code and content type, and match its
documented schema. The quick run (a few examples per operation) is part of every test run; the slow variant
tries many more.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.middleware.csrf import _get_new_csrf_string
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lantoa.api import api
from lantoa.units.roles import Role

# Open point: under pytest-xdist on PostgreSQL the WSGI calls schemathesis makes find Django's connection closed
# (OperationalError "the connection is closed", seen in CI on 3 December); until that is understood the schema
# is probed on SQLite, where the whole API answers the same.
pytestmark = pytest.mark.skipif(
    __import__("django.db", fromlist=["connection"]).connection.vendor == "postgresql",
    reason="probed on SQLite: Django's connection is found closed under xdist on PostgreSQL (open point)",
)

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
QUICK_EXAMPLES = 4
THOROUGH_EXAMPLES = 60

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()


def _settings(examples: int):
    return settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck))


@pytest.fixture
def province_admin(client, units, make_staff):
    """The session and CSRF cookies and header of a unit admin of Hà Nội, as the admin's browser would send."""
    client.force_login(make_staff(units["hanoi"], Role.UNIT_ADMIN))
    token = _get_new_csrf_string()
    return {
        "cookies": {"sessionid": client.cookies["sessionid"].value, "csrftoken": token},
        "headers": {"X-CSRFToken": token},
    }


@schema.parametrize()
@_settings(QUICK_EXAMPLES)
@pytest.mark.django_db
def test_api_answers_anonymous_callers_as_documented(case):
    case.call_and_validate(checks=CHECKS)


@schema.parametrize()
@_settings(QUICK_EXAMPLES)
def test_api_answers_province_staff_as_documented(case, province_admin):
    case.call_and_validate(**province_admin, checks=CHECKS)


@pytest.mark.slow
@schema.parametrize()
@_settings(THOROUGH_EXAMPLES)
def test_api_answers_province_staff_as_documented_thoroughly(case, province_admin):
    case.call_and_validate(**province_admin, checks=CHECKS)


def test_the_generated_calls_are_signed_in(province_admin):
    """Guard for the runs above: the headers they send do sign the caller in, and a text body is refused."""
    mine = schema["/api/v1/units/mine"]["GET"].Case()
    plan = schema["/api/v1/planning/plans"]["POST"].Case(body={"unit_code": "01", "year": 2027})

    as_text = {**province_admin["headers"], "Content-Type": "text/plain"}

    assert mine.call(**province_admin).status_code == 200
    assert plan.call(cookies=province_admin["cookies"], headers=as_text).status_code == 415
