"""Property-based fuzzing of every public URL, form and API parameter: whatever is sent, never a 5xx.

Values are drawn to break parsers: integers far beyond 64 bits and negative, digits of other scripts
("²", "٣", "３"), dates at the calendar's edges, very long strings, control and right-to-left override
characters. The API's parameters are read from its own OpenAPI schema, so a new endpoint is fuzzed
without touching this file. The quick variants run in the suite; the `slow` one draws many more examples.
"""

import json
import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lantoa.api import api
from lantoa.units.roles import Role

EDGE_INTEGERS = st.sampled_from([0, -1, 2**31, 2**31 - 1, 2**63 - 1, 2**63, 2**64, -(2**63) - 1, 10**30])
UNICODE_DIGITS = st.text(alphabet="0123456789²³¹٣٠١٢۴३৪０１２３９", min_size=1, max_size=12)
EDGE_DATES = st.sampled_from(
    ["0001-01-01", "9999-12-31", "1999-12-31", "2101-01-01", "2026-02-30", "２０２６-01-01", "2026-1-1", "31/12/2026"]
)
NASTY_CHARACTERS = st.text(
    alphabet=st.sampled_from(["\x00", "\x1f", "\x7f", "\u202e", "\u202d", "\u2066", "\ufeff", "\u200b", "%", "'", "a"]),
    max_size=20,
)
VALUES = st.one_of(
    EDGE_INTEGERS.map(str),
    st.integers().map(str),
    UNICODE_DIGITS,
    EDGE_DATES,
    NASTY_CHARACTERS,
    st.text(max_size=30),
    st.just("x" * 5000),
)
QUICK = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
LONG = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)

# Public pages and the parameters they read (query string on GET, form fields on POST).
PUBLIC_GET = {
    "/dang-ky-tu-van/": ["xa", "tinh", "su_kien", "trang", "quan_tam", "nguon", "thu_nhap", "so_thang", "so_nguoi"],
    "/tim-kiem/": ["q", "type", "area", "group", "province", "lang", "page"],
    "/tin-tuc/": ["type", "area", "group", "province", "page"],
    "/cong-cu/bhxh-tu-nguyen/": ["income", "months", "group", "on_date"],
    "/cong-cu/bhyt-ho-gia-dinh/": ["members", "on_date"],
    "/a/p.gif": ["u", "r", "p"],
    "/ban-tin/dang-ky/": [],
    "/": ["page"],
}
REGISTRATION_FIELDS = ["ho_ten", "dien_thoai", "xa", "quan_tam", "thoi_gian", "trang", "su_kien", "thu_nhap"]
PUBLIC_POST = {
    "/dang-ky-tu-van/": REGISTRATION_FIELDS,
    "/ban-tin/dang-ky/": ["email", "unit", "language", "target_groups", "consent"],
    "/ban-tin/sms/dang-ky/": ["phone", "unit", "language", "consent"],
    "/ban-tin/sms/huy/": ["phone"],
}


def _api_operations() -> list[tuple[str, list[str]]]:
    """(path template, query parameters) of every GET operation in the OpenAPI schema."""
    schema = api.get_openapi_schema()
    operations = []
    for path, methods in schema["paths"].items():
        get = methods.get("get")
        if not get:
            continue
        parameters = get.get("parameters", [])
        operations.append((path, [p["name"] for p in parameters if p["in"] == "query"]))
    return operations


API_GETS = _api_operations()


def _no_server_error(response, where: str) -> None:
    assert response.status_code < 500, f"{response.status_code} on {where}"


@pytest.fixture(autouse=True)
def beacons_written_in_the_request(settings):
    from lantoa.analytics.buffer import buffer

    settings.ANALYTICS_FLUSH_MODE = "inline"
    settings.ANALYTICS_BATCH_SIZE = 1
    yield
    buffer.reset()


@pytest.fixture
def anonymous(site):
    return Client(raise_request_exception=True)


@pytest.fixture
def staff(site, units, make_staff):
    client = Client(raise_request_exception=True)
    client.force_login(make_staff(units["hanoi"], Role.UNIT_ADMIN))
    return client


def _public_get(client, data) -> None:
    url = data.draw(st.sampled_from(sorted(PUBLIC_GET)))
    names = PUBLIC_GET[url]
    params = {name: data.draw(VALUES) for name in names if data.draw(st.booleans())}
    _no_server_error(client.get(url, params), f"GET {url} {params!r}")


def _public_post(client, data) -> None:
    url = data.draw(st.sampled_from(sorted(PUBLIC_POST)))
    fields = {name: data.draw(VALUES) for name in PUBLIC_POST[url]}
    # Past the bot trap: a signed fill time, as the served form carries.
    if url == "/dang-ky-tu-van/":
        from lantoa.outreach.forms import fill_token

        fields |= {"ts": fill_token(), "dong_y": "on"}
    _no_server_error(client.post(url, fields, REMOTE_ADDR=data.draw(_ADDRESSES)), f"POST {url} {fields!r}")


def _beacon(client, data) -> None:
    body = {key: data.draw(st.one_of(VALUES, EDGE_INTEGERS)) for key in data.draw(st.sets(st.sampled_from("urpe")))}
    response = client.post(
        "/a/e", json.dumps(body), content_type="text/plain", REMOTE_ADDR="192.0.2.1", HTTP_USER_AGENT="Mozilla/5.0"
    )
    _no_server_error(response, f"beacon {body!r}")
    assert response.status_code in (204, 400, 413, 429)


def _api_get(client, data) -> None:
    path, query_names = data.draw(st.sampled_from(API_GETS))
    url = "/api/v1" + re.sub(r"\{(\w+)\}", lambda m: _path_value(data), path)
    params = {name: data.draw(VALUES) for name in query_names if data.draw(st.booleans())}
    _no_server_error(client.get(url, params), f"GET {url} {params!r}")


_ADDRESSES = st.sampled_from([f"198.51.100.{n}" for n in range(1, 250)])


def _path_value(data) -> str:
    # Path segments a URL can carry: the router turns away a slash, not a digit of another script.
    value = data.draw(st.one_of(EDGE_INTEGERS.map(str), UNICODE_DIGITS, EDGE_DATES, st.just("a" * 300)))
    return re.sub(r"[/?#%]", "", value) or "0"


@QUICK
@given(data=st.data())
def test_public_pages_never_answer_a_server_error(anonymous, data):
    _public_get(anonymous, data)


@QUICK
@given(data=st.data())
def test_public_forms_never_answer_a_server_error(anonymous, data):
    _public_post(anonymous, data)


@QUICK
@given(data=st.data())
def test_the_beacon_never_answers_a_server_error(anonymous, data):
    _beacon(anonymous, data)


@QUICK
@given(data=st.data())
def test_the_api_never_answers_a_server_error_anonymously(anonymous, data):
    _api_get(anonymous, data)


@QUICK
@given(data=st.data())
def test_the_api_never_answers_a_server_error_to_staff(staff, data):
    _api_get(staff, data)


@pytest.mark.slow
@LONG
@given(data=st.data())
def test_many_more_inputs_never_answer_a_server_error(anonymous, staff, data):
    kind = data.draw(st.sampled_from(["get", "post", "beacon", "api-anonymous", "api-staff"]))
    if kind == "get":
        _public_get(anonymous, data)
    elif kind == "post":
        _public_post(anonymous, data)
    elif kind == "beacon":
        _beacon(anonymous, data)
    else:
        _api_get(anonymous if kind == "api-anonymous" else staff, data)
