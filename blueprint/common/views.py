"""The site-wide views: the health check, error pages, robots.txt and the language switcher."""

import sys

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache

from blueprint.common.languages import in_language
from blueprint.common.links import LinkDoesNotWork

# While the database cannot be reached, every page says so plainly and asks to come back; the
# next request after it returns opens a new connection (CONN_HEALTH_CHECKS), so the site
# recovers by itself.
DATABASE_DOWN = (OperationalError, InterfaceError)


@never_cache
def healthz(request):
    """200 while the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def bad_request(request, exception=None):
    """A request the site refuses to read: too big (413, with its own words), or malformed."""
    if isinstance(exception, RequestDataTooBig):
        return render(request, "413.html", status=413)
    return render(request, "400.html", status=400)


def not_found(request, exception=None):
    if isinstance(exception, LinkDoesNotWork):
        return render(request, "bad_link.html", status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/",
        "Disallow: /feedback/",
        "Disallow: /cohorts/sign-up/",
        "Disallow: /cohorts/members/",
        "Disallow: /examples/submissions/",
        "Disallow: /sign/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def switch_language(request, code):
    """/language/es/?next=…, the switch as it was before each language had its own addresses:
    leads to the same page in that language."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    # An address, never a view's name as `redirect()` takes.
    return HttpResponseRedirect(in_language(target, code))
