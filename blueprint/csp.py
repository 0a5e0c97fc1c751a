"""The Content-Security-Policy (django-csp): one policy for every response.

Scripts come only from our own files, everywhere. The admin's third-party templates (django-mptt's
draggable tree, django-simple-history's pages) set a few inline `style` attributes, so admin pages
alone also allow inline styles; public pages do not.

django-csp builds the header anew for every response (~60 µs, a tenth of a cached page's cost).
Without a nonce or a per-view policy the header is always the same, so it is built once.
"""

from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

ADMIN_PREFIX = "/admin/"
PER_VIEW = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class SiteCSPMiddleware(CSPMiddleware):
    def __init__(self, get_response):
        super().__init__(get_response)
        self._built = {}

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts

    def process_response(self, request, response):
        if (
            getattr(request, "_csp_nonce", None)
            or any(hasattr(response, name) for name in PER_VIEW)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or settings.DEBUG
        ):
            return super().process_response(request, response)
        admin = request.path_info.startswith(ADMIN_PREFIX)
        if admin not in self._built:
            self._built[admin] = build_policy(**asdict(self.get_policy_parts(request, response)))
        if HEADER not in response and not getattr(response, "_csp_exempt", False):
            response[HEADER] = self._built[admin]
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
