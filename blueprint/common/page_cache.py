"""Anonymous readers share one rendered copy of each reading page, until what it shows changes.

What a page shows is named by scopes: `"navigation"` (the tree's shape and titles, on every page
with the sidebar), one object (`"node:12"`, `"example:3"`), or a list (`"content"`: recent
changes, search, the whole Blueprint on one page; `"signers"`). Each scope has a version in the
database (`ContentVersion`), so every server agrees on it whichever cache holds the copies: each
worker's own memory by default, or Redis with `REDIS_URL`.

- A view marked `@shared_page` names what it shows with `shows(request, *scopes)` *before* it
  reads it; the versions are read then (one query).
- Its response is stored in the "pages" cache with those versions. The next anonymous reader's
  request reads the current versions of the same scopes (one query) and gets the copy if none
  moved, without running the view.
- A write calls `changed(*scopes)` for what it touches: a comment on 1.1.4 makes only that page
  stale; a new title makes every page stale, because the sidebar shows it.

Only responses that carry nothing of one visitor are stored: no cookie set, no form token
rendered, no CSP nonce. A visitor with a session (an editor) or a message waiting always gets a
freshly rendered page.
"""

import gzip
import hashlib
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_request

from blueprint.common.models import ContentVersion

NAVIGATION = "navigation"
CONTENT = "content"
SIGNERS = "signers"
PERSONAL_COOKIES = ("messages",)
HIT_HEADER = "X-Page-Cache"
_batch = ContextVar("changes_marked_at_the_end", default=None)


def scope(obj):
    """The scope of one object's own page: `"node:12"`."""
    return f"{obj._meta.model_name}:{obj.pk}"


def shows(request, *scopes):
    """The page being rendered shows `scopes`: their versions, read now, before the content is."""
    versions = ContentVersion.objects.of(scopes)
    request.page_versions = {**getattr(request, "page_versions", {}), **versions}
    return versions


def changed(*scopes):
    """Every page showing any of `scopes` is stale, on every server, from the next request on."""
    batch = _batch.get()
    if batch is not None:
        batch.update(scopes)
    else:
        ContentVersion.objects.bump(scopes)


@contextmanager
def changes_marked_at_the_end():
    """For bulk writes (loading the Blueprint, an import): each scope is marked once, at the end,
    instead of once per row."""
    batch = set()
    token = _batch.set(batch)
    try:
        yield
    finally:
        _batch.reset(token)
        changed(*batch)


def shared_page(view=None, *, reads=()):
    """Mark a reading page whose response may be shared between anonymous readers:
    `@shared_page`, or `@shared_page(reads=("q", "page"))` for one that reads query parameters.
    Its copies are keyed on those parameters only: others change nothing and are ignored, so
    `?x=1`, `?x=2`… share one copy instead of filling the cache."""
    if view is None:
        return lambda view: shared_page(view, reads=reads)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not hasattr(response, "shared_page"):  # the view may decide against it
            response.shared_page = True
        return response

    wrapper.shared_page = tuple(sorted(reads))
    return wrapper


class SharedPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches["pages"]
        self.personal_cookies = (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES)

    def __call__(self, request):
        if not self.eligible(request):
            return self.get_response(request)
        key = self.key(request)
        stored = self.cache.get(key)
        if stored is not None:
            versions, response = stored
            if ContentVersion.objects.of(versions) == versions:
                return thaw(response, gzip_ok=accepts_gzip(request))
        request.page_versions = {}
        response = self.get_response(request)
        if self.shareable(request, response):
            self.cache.set(key, (request.page_versions, freeze(response)), settings.PAGE_CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return response

    def eligible(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0 or request.method != "GET":
            return False
        if any(name in request.COOKIES for name in self.personal_cookies):
            return False
        return is_shared(settings.ROOT_URLCONF, request.path_info) is not None

    def key(self, request):
        reads = is_shared(settings.ROOT_URLCONF, request.path_info)
        query = urlencode([(name, value) for name in reads for value in request.GET.getlist(name)])
        # The address the page shows of itself (base.html's language links) is this one too, so
        # a copy holds nothing of the parameters it ignored.
        request.shared_address = f"{request.path}?{query}" if query else request.path
        address = hashlib.md5(request.shared_address.encode(), usedforsecurity=False).hexdigest()
        language = get_language_from_request(request)
        return f"page:{language}:{request.scheme}:{request.get_host()}:{address}"

    @staticmethod
    def shareable(request, response):
        return (
            getattr(response, "shared_page", False)
            and request.page_versions  # a page that named nothing it shows could never go stale
            and response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form token was rendered
            and not getattr(request, "_csp_nonce", None)  # a nonce is never reused
        )


@lru_cache(maxsize=4096)
def is_shared(urlconf, path):
    """The query parameters the @shared_page view at `path` reads, or None when it is not one
    (resolved once per address, not per request)."""
    try:
        return getattr(resolve(path, urlconf).func, "shared_page", None)
    except Resolver404:
        return None


def accepts_gzip(request):
    return "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "")


def freeze(response):
    """The response as stored: compressed once, so that each worker's cache stays small and a
    hit sends little."""
    headers = [
        (name, value)
        for name, value in response.items()
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
