"""The Content-Security-Policy (django-csp): one policy for every response.

Scripts come only from our own files, everywhere. The admin's third-party templates (django-mptt's
draggable tree, django-simple-history's pages) set a few inline `style` attributes, so admin pages
alone also allow inline styles; public pages do not.
"""

from csp.middleware import CSPMiddleware

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    # django-csp's documented way to vary the policy: extend get_policy_parts.
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(ADMIN_PREFIX):
            parts.update = {**(parts.update or {}), "style-src": ["'unsafe-inline'"]}
        return parts
