"""Headers that tell the browser what a page may do: the Content-Security-Policy of each area, Permissions-Policy.

Two policies (lantoa/settings/base.py, docs/security.md): CONTENT_SECURITY_POLICY for the portal, the API and
everything else, strict (own origin only, no inline script or style, no nonce: the portal's pages are cached,
and a cached page would carry a stale nonce); LANTOA_ADMIN_CONTENT_SECURITY_POLICY for Wagtail's admin, which
still renders some inline scripts and style attributes of its own (date pickers, inline panels).
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


def _is_admin(request) -> bool:
    return request.path_info.startswith(settings.LANTOA_ADMIN_PATH_PREFIX)


class SecurityHeadersMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and _is_admin(request):
            parts.config = settings.LANTOA_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
        return parts

    def process_response(self, request, response):
        response = super().process_response(request, response)
        if settings.LANTOA_PERMISSIONS_POLICY and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = settings.LANTOA_PERMISSIONS_POLICY
        return response
