"""WSGI entry that answers the beacon before Django's middleware stack: the same rules at a fraction of the cost.

Serve with `gunicorn lantoa.analytics.wsgi:application` (instead of `lantoa.wsgi:application`). A beacon that
carries a cookie (possibly signed-in staff, who are not counted) or names a host outside ALLOWED_HOSTS goes
through Django as usual; everything else is parsed, checked and queued exactly as `views.collect` does.
"""

from django.core.wsgi import get_wsgi_application

STATUS = {204: "204 No Content", 400: "400 Bad Request", 413: "413 Content Too Large", 429: "429 Too Many Requests"}
HEADERS = [("Cache-Control", "no-store"), ("Content-Length", "0")]


def with_beacon_fast_path(application, path: str = "/a/e"):
    from django.conf import settings
    from django.http.request import split_domain_port, validate_host

    from .buffer import buffer
    from .collection import MAX_BODY_BYTES, Refused, parse_body
    from .services import collect

    def app(environ, start_response):
        if environ.get("PATH_INFO") != path or environ.get("REQUEST_METHOD") != "POST" or environ.get("HTTP_COOKIE"):
            return application(environ, start_response)
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        domain, _port = split_domain_port(host)
        if not domain or not validate_host(domain, settings.ALLOWED_HOSTS):
            return application(environ, start_response)
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > MAX_BODY_BYTES:
            buffer.count("oversized")
            status = 413
        else:
            try:
                body = environ["wsgi.input"].read(min(length, MAX_BODY_BYTES + 1)) if length else b""
                status = collect(data=parse_body(body, environ.get("CONTENT_TYPE", "")), meta=environ, host=host)
            except Refused as refused:
                buffer.count(refused.reason)
                status = refused.status
        start_response(STATUS.get(status, "204 No Content"), HEADERS)
        return [b""]

    return app


application = with_beacon_fast_path(get_wsgi_application())
