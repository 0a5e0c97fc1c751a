"""Anonymous readers share one rendered copy of each reading page until anything readers see changes.

The one module that knows pages are cached:

- A view is marked `@shared_page`, or `@shared_page(reads=("q", "page"))` when it reads query
  parameters. That is all a view knows.
- What readers see is the models named in `READERS_SEE`. A save or a delete of one of them, or a
  change to its links to other rows, moves the site's one content version, a row in the
  database, so every server agrees on it whatever cache holds the copies (each worker's memory,
  or Redis with `REDIS_URL`). A model whose rows readers see only once something happens (a
  confirmed signature) says whether one row is or was seen with a `seen_by_readers` property.
- A copy is stored with the version read before its view ran, and served while the version has
  not moved: one query. The same version is the page's ETag, so a conditional request for an
  unchanged page gets `304 Not Modified` without rendering, here or in a proxy that revalidates.
- Copies are keyed on the address, the language and the values of the parameters the view
  reads. A view redirects addresses that are not canonical (blueprint.common.forms), and at most
  `PAGE_CACHE_VARIANTS` addresses with a query are stored per view, so junk values fill nothing.

Only responses that carry nothing of one visitor are stored: no cookie set, no form token
rendered, no CSP nonce. A visitor with a session (an editor) or a message waiting always gets a
freshly rendered page.

Pages behind private links are marked `@private_page`: never stored by a browser's or a proxy's
cache, never indexed. With `version=` (a function of the view's arguments giving a fingerprint of
what the page shows besides the site's content, in one query, or None for a link that names
nothing), the rendering is also kept here, keyed on the address, the language, the content
version and that fingerprint, so a page a meeting reloads every few seconds is rendered once per
change. The fingerprint is read on every request: a check erased is gone at the next one.
"""

import gzip
import hashlib
from functools import lru_cache, wraps
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connections, router
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import add_never_cache_headers, get_conditional_response, patch_vary_headers

from blueprint.common.languages import language_of
from blueprint.common.models import ContentVersion

# The models readers see, by label. Rows of some are seen only once something happens (a
# signature once confirmed): the attribute named beside them says whether one is, or ever was,
# seen, and a write to one that never was makes nothing stale. A model's history is what recent
# changes lists; a hidden comment has its hiding.
READERS_SEE = {
    "recommendations.Node": None,
    "recommendations.HistoricalNode": None,
    "recommendations.NodeAddress": None,
    "recommendations.Page": None,
    "recommendations.HistoricalPage": None,
    "examples.Example": None,
    "examples.HistoricalExample": None,
    "examples.Tool": None,
    "examples.HistoricalTool": None,
    "cohorts.Cohort": None,
    "cohorts.SignUp": "seen_by_readers",
    "pages.Signer": "seen_by_readers",
    "django_comments_xtd.XtdComment": "is_public",
    "comments.CommentHiding": None,
    "maturity.Stage": None,
    "maturity.Area": None,
    "maturity.Goal": None,
    "maturity.Strategy": None,
    "pulse.Instrument": None,
    "pulse.Item": None,
    "pulse.WorkingOn": "seen_by_readers",
}
HIT_HEADER = "X-Page-Cache"
PERSONAL_COOKIES = ("messages",)


# -- the content version -------------------------------------------------------------------------


def content_version():
    """How many times what readers see has changed: one query, written in SQL (Django's
    documented raw cursor) because every shared page runs it."""
    table = ContentVersion._meta.db_table
    with connections[router.db_for_read(ContentVersion)].cursor() as cursor:
        cursor.execute(f"SELECT version FROM {table} WHERE scope = %s", [ContentVersion.CONTENT])
        row = cursor.fetchone()
    return row[0] if row else 0


def mark_all_stale(*, past=0):
    """Every shared page is stale, on every server, from the next request on. For writes that
    bypass the model signals (a restore of a backup, which passes the version before it as
    `past`, so that no version pages were cached under is used again)."""
    ContentVersion.objects.bump(past=past)


def connect():
    """Every write to a model in READERS_SEE, and every change to its links to other rows, marks
    every shared page stale (from the plumbing's AppConfig.ready, once the app registry is ready).
    Loading rows as they are (`loaddata`, `raw`) marks nothing: a restore marks all at the end."""
    for label, seen in READERS_SEE.items():
        model = apps.get_model(label)

        def written(sender, instance, raw=False, seen=seen, **kwargs):
            if not raw and (seen is None or getattr(instance, seen)):
                mark_all_stale()

        def links_changed(sender, action, **kwargs):
            if action.startswith("post_"):
                mark_all_stale()

        post_save.connect(written, sender=model, weak=False, dispatch_uid=f"readers-see-{label}-saved")
        post_delete.connect(written, sender=model, weak=False, dispatch_uid=f"readers-see-{label}-deleted")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                links_changed, sender=through, weak=False, dispatch_uid=f"readers-see-{through._meta.label}"
            )


def remember(request, key, build):
    """A value kept in the cache until what readers see changes: `build(version)` makes it once
    per version. The version is read once per request."""
    version = content_version_of(request)
    key = f"{key}:{version}"
    value = caches["default"].get(key)
    if value is None:
        value = build(version)
        caches["default"].set(key, value, 24 * 3600)  # a day bounds how long a superseded one stays
    return value


# -- private pages -------------------------------------------------------------------------------


def private_page(view=None, *, version=None):
    """Mark a page behind a private link (see the module's docstring)."""
    if view is None:
        return lambda view: private_page(view, version=version)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        add_never_cache_headers(response)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    wrapper.private_page = version
    return wrapper


def content_version_of(request):
    version = getattr(request, "content_version", None)
    if version is None:
        version = request.content_version = content_version()
    return version


def personal_copy_allowed(request):
    """Whether a stored copy may answer `request`: a GET from a visitor with no session and no
    message waiting."""
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES))
    )


def carries_nothing_personal(request, response):
    """Whether `response` holds nothing of the visitor it was made for: no cookie set, no form
    token rendered, no CSP nonce."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # a form token was rendered
        and not getattr(request, "_csp_nonce", None)  # a nonce is never reused
    )


# -- shared pages --------------------------------------------------------------------------------


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

    def __call__(self, request):
        if not personal_copy_allowed(request):
            return self.get_response(request)
        reads, version, arguments = marks(settings.ROOT_URLCONF, request.path_info)
        if version is not None:
            return self.private(request, version, dict(arguments))
        if reads is None:
            return self.get_response(request)
        version = request.content_version = content_version()
        language = language_of(request.path_info)
        etag = f'W/"{version}-{language}"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            not_modified["ETag"] = etag
            return not_modified
        query = urlencode([(name, value) for name in reads for value in request.GET.getlist(name)])
        # The address the page shows of itself (base.html's language links) is this one too, so
        # a copy holds nothing of the parameters it ignored.
        request.shared_address = f"{request.path}?{query}" if query else request.path
        key = self.key("page", request, request.shared_address)
        if (hit := self.hit(request, key, version)) is not None:
            return hit
        response = self.get_response(request)
        if self.shareable(request, response):
            response["ETag"] = etag
            if not query or self.room_for_variant(request):
                self.cache.set(key, (version, freeze(response)), settings.PAGE_CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return response

    def private(self, request, version, arguments):
        """A private page's copy, for whoever holds its address, while neither the content version
        nor the page's own fingerprint moved."""
        own = version(**arguments) if not request.GET else None
        if own is None:  # a link that names nothing, or an address with a query: rendered
            return self.get_response(request)
        current = (content_version(), hashlib.md5(repr(own).encode(), usedforsecurity=False).hexdigest())
        key = self.key("private", request, request.path)
        if (hit := self.hit(request, key, current)) is not None:
            return hit
        response = self.get_response(request)
        if carries_nothing_personal(request, response):
            self.cache.set(key, (current, freeze(response)), settings.PAGE_CACHE_SECONDS)
            response[HIT_HEADER] = "miss"
        return response

    @staticmethod
    def key(kind, request, address):
        """Where the copy of `address` is kept: by kind, language, scheme and host."""
        digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
        return f"{kind}:{language_of(request.path_info)}:{request.scheme}:{request.get_host()}:{digest}"

    def hit(self, request, key, version):
        """The stored copy at `key`, as a response, if it was stored at `version`; else None."""
        stored = self.cache.get(key)
        if stored is not None and stored[0] == version:
            return thaw(stored[1], gzip_ok=accepts_gzip(request))
        return None

    def room_for_variant(self, request):
        """Whether this view may store one more copy with a query in this period."""
        with translation.override(language_of(request.path_info)):
            key = f"variants:{resolve(request.path_info).view_name}"
        self.cache.add(key, 0, timeout=settings.PAGE_CACHE_SECONDS)
        try:
            return self.cache.incr(key) <= settings.PAGE_CACHE_VARIANTS
        except ValueError:  # the count lapsed in between
            return True

    @staticmethod
    def shareable(request, response):
        return getattr(response, "shared_page", False) and carries_nothing_personal(request, response)


@lru_cache(maxsize=4096)
def marks(urlconf, path):
    """(the query parameters the @shared_page view at `path` reads, the version function of the
    @private_page view at `path`, the view's arguments), None for what it is not: resolved once
    per address, not per request."""
    try:
        with translation.override(language_of(path)):  # (/es/… resolves in Spanish)
            match = resolve(path, urlconf)
    except Resolver404:
        return None, None, ()
    return (
        getattr(match.func, "shared_page", None),
        getattr(match.func, "private_page", None),
        tuple(match.kwargs.items()),
    )


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
