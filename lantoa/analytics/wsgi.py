"""The production WSGI entry: Django, with the beacon and the pixel answered before its middleware stack.

`scripts/serve` runs `gunicorn lantoa.analytics.wsgi:application`. The same rules at a fraction of the cost
(`edge.py`); a request with the session cookie (possibly signed-in staff, who are not counted) or a host
outside ALLOWED_HOSTS goes through Django as usual. For the beacon's full rate, put the ASGI collector
(`scripts/collector`) in front of `/a/e` and `/a/p.gif` (docs/analytics.md).
"""

import os

from django.core.wsgi import get_wsgi_application

HEADERS = [("Cache-Control", "no-store"), ("Content-Length", "0")]


def with_beacon_fast_path(application):
    from . import edge
    from .collection import MAX_BODY_BYTES

    def app(environ, start_response):
        kind = edge.route(environ.get("REQUEST_METHOD", ""), environ.get("PATH_INFO", ""))
        if kind is None:
            return application(environ, start_response)
        host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
        if edge.for_django(host=host, cookie=environ.get("HTTP_COOKIE", "")):
            return application(environ, start_response)
        if kind == "pixel":
            query = environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8", "replace")
            status = edge.pixel(query_string=query, meta=environ, host=host)
            if status == 200:
                start_response(
                    "200 OK",
                    [
                        ("Cache-Control", "no-store"),
                        ("Content-Type", "image/gif"),
                        ("Content-Length", str(len(edge.PIXEL))),
                    ],
                )
                return [edge.PIXEL if environ["REQUEST_METHOD"] == "GET" else b""]
        elif edge.too_long(environ.get("CONTENT_LENGTH")):
            status = 413
        else:
            try:
                length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY_BYTES + 1)
            except ValueError:
                length = 0
            body = environ["wsgi.input"].read(length) if length else b""
            status = edge.beacon(body=body, content_type=environ.get("CONTENT_TYPE", ""), meta=environ, host=host)
        start_response(edge.REASONS.get(status, "204 No Content"), HEADERS)
        return [b""]

    return app


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lantoa.settings.production")
application = with_beacon_fast_path(get_wsgi_application())
