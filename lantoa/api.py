"""The JSON API: one django-ninja instance, one router per capability, OpenAPI served at /api/v1/docs."""

import json
from functools import wraps

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.html import _json_script_escapes
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from lantoa.api_inputs import ApiError, ErrorOut

# Languages the interface is translated into (the minority languages are content languages only).
_INTERFACE_LANGUAGES = ("vi", "en")
# Long names and values are cut in messages: a 10 KB parameter name is not worth repeating.
_MAX_NAME_IN_MESSAGE = 40


class EscapedJSONRenderer(JSONRenderer):
    """JSON with <, > and & escaped, so nothing echoed back can turn into markup if a browser sniffs it."""

    def render(self, request, data, *, response_status):
        return json.dumps(data, cls=self.encoder_class, **self.json_dumps_params).translate(_json_script_escapes)


# The errors any operation may answer besides what it declares, each with the shared ErrorOut body: every
# operation refuses unknown or invalid parameters (422) and answers 404 for an id or a code (in the path, the
# query or the body) that is not in the caller's scope; with a session, 401 without one and 403 without the
# right or the CSRF token; with a JSON body, 400 when it does not parse and 415 when it is not sent as JSON.
_ERROR_DESCRIPTIONS = {
    400: "The body is not valid JSON.",
    401: "Not signed in.",
    403: "Signed in without the right to this, or without the CSRF token.",
    404: "No unit, report, plan or other object with this id or code in your scope.",
    415: "The body is not sent as application/json.",
    422: "A parameter or a field is missing, unknown or invalid.",
}


def _error_codes(operation: dict) -> set[int]:
    codes = {404, 422}
    if operation.get("security"):
        codes |= {401, 403}
    if "requestBody" in operation:
        codes |= {400, 415}
    return codes


class LantoaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """ninja's schema, with the error answers of every operation documented through one ErrorOut schema."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        error = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update(error.pop("$defs", {}))
        components["ErrorOut"] = error
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation["responses"]
                for code in sorted(_error_codes(operation)):
                    if code not in responses and str(code) not in responses:
                        responses[code] = {"description": _ERROR_DESCRIPTIONS[code], "content": body}
        return schema


api = LantoaAPI(
    title="Lan Toả API",
    version="1",
    description="Units, vocabularies and content of Lan Toả. See docs/api.md.",
    urls_namespace="api",
    renderer=EscapedJSONRenderer(),
)


def _field_name(loc) -> str:
    names = [str(part) for part in loc[1:] if not isinstance(part, int)] or [str(part) for part in loc]
    name = names[-1] if names else "?"
    return name if len(name) <= _MAX_NAME_IN_MESSAGE else f"{name[:_MAX_NAME_IN_MESSAGE]}…"


def _vietnamese(error: dict) -> str:
    """One pydantic error as a Vietnamese sentence that names the field."""
    field = _field_name(error.get("loc", ()))
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        return _("không hỗ trợ tham số “%(field)s”") % {"field": field}
    if kind == "missing":
        return _("thiếu “%(field)s”") % {"field": field}
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("“%(field)s” phải là số nguyên") % {"field": field}
    if kind == "greater_than_equal":
        return _("“%(field)s” phải lớn hơn hoặc bằng %(limit)s") % {"field": field, "limit": ctx.get("ge")}
    if kind == "less_than_equal":
        return _("“%(field)s” phải nhỏ hơn hoặc bằng %(limit)s") % {"field": field, "limit": ctx.get("le")}
    if kind == "string_too_long":
        return _("“%(field)s” dài quá %(limit)s ký tự") % {"field": field, "limit": ctx.get("max_length")}
    if kind == "string_pattern_mismatch":
        return _("“%(field)s” có định dạng không hợp lệ") % {"field": field}
    if kind in ("literal_error", "enum"):
        return _("“%(field)s” phải là một trong: %(expected)s") % {"field": field, "expected": ctx.get("expected")}
    if kind == "bool_parsing":
        return _("“%(field)s” phải là true hoặc false") % {"field": field}
    if kind == "value_error" and ctx.get("error"):
        return _("“%(field)s” %(reason)s") % {"field": field, "reason": ctx["error"]}
    if kind in ("json_invalid", "model_attributes_type", "dict_type"):
        return _("nội dung gửi lên không phải JSON hợp lệ")
    return _("“%(field)s” không hợp lệ") % {"field": field}


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    details = []
    for error in exc.errors:
        message = _vietnamese(error)
        details.append({"loc": list(error.get("loc", ())), "type": error.get("type", ""), "msg": message})
    summary = "; ".join(detail["msg"] for detail in details)
    return api.create_response(
        request,
        {"detail": details, "message": _("Dữ liệu không hợp lệ: %(errors)s.") % {"errors": summary}},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(request, {"detail": _("Bạn cần đăng nhập để dùng chức năng này.")}, status=401)


@api.exception_handler(AuthorizationError)
def authorization_error(request, exc):
    return api.create_response(request, {"detail": _("Bạn không có quyền dùng chức năng này.")}, status=403)


@api.exception_handler(ApiError)
def api_error(request, exc: ApiError):
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # ninja's own errors (an unparsable body, throttling) speak English: say it in Vietnamese.
    if exc.status_code == 429:
        message = _("Quá nhiều yêu cầu, hãy thử lại sau.")
    elif exc.status_code == 415:
        message = _("Nội dung gửi lên phải là JSON, với Content-Type: application/json.")
    else:
        message = _("Yêu cầu không hợp lệ.")
    return api.create_response(request, {"detail": message}, status=exc.status_code)


# A service's refusal, mapped once for every router (endpoints call services and let these through):
# a right the caller lacks is 403, data the rules refuse is 422, an object not there (or not in reach) is 404.


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return authorization_error(request, exc)


@api.exception_handler(DjangoValidationError)
def refused(request, exc: DjangoValidationError):
    return api.create_response(request, {"detail": " ".join(exc.messages)}, status=422)


@api.exception_handler(Http404)
@api.exception_handler(ObjectDoesNotExist)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Không tìm thấy.")}, status=404)


def refuse_unknown_query_parameters(run):
    """Refuse a query parameter the endpoint does not declare: a mistyped filter must not silently match everything.

    ninja maps the query string onto the declared fields only, so `extra="forbid"` on a query schema
    never sees the unknown names; this check, added to every operation, does. It wraps the view
    function, so authentication (401) comes first and the error goes through the handler above.
    """
    operation = run.__self__
    known: set[str] = set()
    for model in operation.models:
        if model.__ninja_param_source__ == "query":
            known |= set(model.__ninja_flatten_map__)
    view_func = operation.view_func

    @wraps(view_func)
    def checked(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - known)
        if unknown:
            raise ValidationError([{"type": "extra_forbidden", "loc": ("query", name), "msg": ""} for name in unknown])
        return view_func(request, *args, **kwargs)

    operation.view_func = checked
    return run


api.add_decorator(refuse_unknown_query_parameters, mode="view")


def refuse_bodies_not_sent_as_json(run):
    """Refuse (415) a body sent with another content type: ninja would parse a text/plain body as JSON.

    A form or plain text posted by a page on another site needs no CORS preflight; requiring the JSON
    content type keeps cross-site requests from reaching an operation that changes data.
    """
    operation = run.__self__ if hasattr(run, "__self__") else None
    if operation is None or not any(model.__ninja_param_source__ == "body" for model in operation.models):
        return run

    @wraps(run)
    def checked(request, *args, **kwargs):
        if request.body and request.content_type != "application/json":
            return operation.api.on_exception(request, HttpError(415, "Unsupported Media Type"))
        return run(request, *args, **kwargs)

    return checked


api.add_decorator(refuse_bodies_not_sent_as_json, mode="view")

api.add_router("/units/", "lantoa.units.api.router")
api.add_router("/taxonomy/", "lantoa.taxonomy.api.router")
api.add_router("/content/", "lantoa.content.api.router")
api.add_router("/channels/", "lantoa.channels.api.router")
api.add_router("/analytics/", "lantoa.analytics.api.router")
api.add_router("/calculators/", "lantoa.calculators.api.router")
api.add_router("/outreach/", "lantoa.outreach.api.router")
api.add_router("/planning/", "lantoa.planning.api.router")
api.add_router("/reports/", "lantoa.reports.api.router")


class ApiLanguageMiddleware:
    """The API answers in the language the client asks for (`Accept-Language`), Vietnamese by default.

    The portal's URLs carry their language (`/en/…`; Vietnamese without a prefix), so Django's LocaleMiddleware
    gives every unprefixed path, the API's included, the default language. An API client has no prefix to
    choose with: it says what it reads in the header, and the answer says what it got (`Content-Language`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        language = _accepted_language(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response


def _accepted_language(header: str) -> str:
    """The first language of `Accept-Language` that has a translation of the interface; else the default."""
    for code, _quality in parse_accept_lang_header(header[:255]):
        if code == "*":
            break
        try:
            language = translation.get_supported_language_variant(code)
        except LookupError:
            continue
        if language in _INTERFACE_LANGUAGES:
            return language
    return settings.LANGUAGE_CODE
