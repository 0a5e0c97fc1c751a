"""Anonymous readers share one rendered copy of each reading page.

A copy is keyed by the content version (read from the database on every request: one query),
the language, the scheme and the address. Whatever changes what a reading page shows bumps the
version, so every copy on every server goes stale at the very next request, whichever cache
backend holds them (a worker's own memory or Redis).

Only views marked `@shared_page` are stored, and only responses that carry nothing of one
visitor: no cookie set, no form token rendered, no CSP nonce. A visitor with a session (an
editor) or a message waiting always gets a freshly rendered page.
"""

import gzip
import hashlib
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

from recommendations.models import NavigationVersion

# Apps whose rows reading pages show; within them, the models no reading page shows.
SHOWN_APPS = {"blueprint", "recommendations", "examples", "cohorts", "django_comments", "django_comments_xtd", "sites"}
NOT_SHOWN = {
    "blueprint.feedback",
    "blueprint.outgoingemail",
    "blueprint.ratelimitcounter",
    "blueprint.searchentry",  # rewritten only when what it indexes is saved, which bumps already
    "blueprint.searchmiss",
    "cohorts.interest",
    "examples.examplesubmission",
    "recommendations.navigationversion",
    "recommendations.suggestion",
}
PERSONAL_COOKIES = ("messages",)
HIT_HEADER = "X-Page-Cache"


def shared_page(view):
    """Mark a reading page whose response may be shared between anonymous readers."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not hasattr(response, "shared_page"):  # the view may decide against it
            response.shared_page = True
        return response

    wrapper.shared_page = True
    return wrapper


class SharedPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["pages"]
        self.personal_cookies = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)

    def __call__(self, request):
        if not self.eligible(request):
            return self.get_response(request)
        request.site_versions = NavigationVersion.both()
        key = self.key(request)
        stored = self.cache.get(key)
        if stored is not None:
            return thaw(stored, gzip_ok=accepts_gzip(request))
        response = self.get_response(request)
        if self.shareable(request, response):
            self.cache.set(key, freeze(response), settings.PAGE_CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return response

    def eligible(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
            return False
        if any(name in request.COOKIES for name in self.personal_cookies):
            return False
        # Only addresses of views marked @shared_page cost the version query.
        return is_shared(settings.ROOT_URLCONF, request.path_info)

    def key(self, request):
        address = hashlib.md5(request.get_full_path().encode(), usedforsecurity=False).hexdigest()
        language = get_language_from_request(request)
        return f"page:{request.site_versions[1]}:{language}:{request.scheme}:{request.get_host()}:{address}"

    @staticmethod
    def shareable(request, response):
        return (
            getattr(response, "shared_page", False)
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form token was rendered
            and not getattr(request, "_csp_nonce", None)  # a nonce is never reused
        )


@lru_cache(maxsize=4096)
def is_shared(urlconf, path):
    """Whether `path` is a @shared_page view's (resolved once per address, not per request)."""
    try:
        return getattr(resolve(path, urlconf).func, "shared_page", False)
    except Resolver404:
        return False


def accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def freeze(response):
    """The response as stored: compressed once (a 1,500-node page is ~300 KB, ~20 KB gzipped),
    so that each worker's cache stays small and a hit sends little."""
    headers = [
        (name, value) for name, value in response.items()
        if name.lower() not in ("set-cookie", "content-length")
    ]
    return response.status_code, headers, gzip.compress(response.content, compresslevel=6, mtime=0)


def thaw(stored, *, gzip_ok):
    status, headers, compressed = stored
    response = HttpResponse(compressed if gzip_ok else gzip.decompress(compressed), status=status)
    for name, value in headers:
        response[name] = value
    if gzip_ok:
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Content-Length"] = str(len(response.content))
    response[HIT_HEADER] = "hit"
    return response


def content_changed(sender, **kwargs):
    """Any save or delete of something a reading page shows makes every shared copy stale."""
    if kwargs.get("action", "post_").startswith("post_") and shows(sender):
        NavigationVersion.bump_content()


def shows(model):
    meta = model._meta
    return meta.app_label in SHOWN_APPS and meta.label_lower not in NOT_SHOWN


def connect():
    post_save.connect(content_changed, dispatch_uid="page-cache-save")
    post_delete.connect(content_changed, dispatch_uid="page-cache-delete")
    m2m_changed.connect(content_changed, dispatch_uid="page-cache-m2m")
