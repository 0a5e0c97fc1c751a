"""Search: one `search()` function, PostgreSQL full-text search or SQLite FTS5 behind it.

Every node, stand-alone page, example and tool has one `SearchEntry` per language (its title and
text in that language, the English where there is none), rewritten whenever it is saved, so the
next search finds a new word at once; a reader searches the entries of their language. On
PostgreSQL the entry's stored, indexed `search_vector` (that language's stemming) is ranked, with
trigram similarity on titles so a small typo still finds the node; on SQLite an FTS5 table, kept
in step by triggers, is ranked with bm25.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Q, When
from django.urls import reverse, translate_url
from django.utils import timezone, translation
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from blueprint.pages.models import SearchEntry, SearchMiss
from examples.models import Example, Tool
from recommendations.models import Node, Page

MAX_QUERY_LENGTH = 200
# Matches are counted up to this many; past it, a search says "more than" (and its pages stop).
COUNTED = 1000
SITE = "site"
LITTLE_WORDS = {
    "a",
    "an",
    "and",
    "the",
    "to",
    "of",
    "on",
    "in",
    "for",
    "how",
    "do",
    "i",
    "my",
    "el",
    "la",
    "de",
    "y",
}
# The site's own pages, which no editor writes: found by the words of their names and these.
SITE_PAGES = [
    (_("Sign on to the Blueprint"), "pages:sign", "sign signing signature endorse"),
    (_("Signers"), "pages:signers", "signers signed"),
    (_("Action cohorts"), "cohorts:list", "cohort join group"),
    (_("Examples"), "examples:examples", "example stories"),
    (_("Submit an example"), "examples:submit", "send share story"),
    (_("Tools and playbooks"), "examples:tools", "tool playbook guide"),
    (_("Prevention maturity model"), "maturity:model", "maturity stages areas innovation prevention"),
    (_("Recent changes"), "pages:recent_changes", "changed history new"),
    (_("Privacy"), "pages:privacy", "personal data erase"),
]
NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?$")
WORD = re.compile(r"\w+", re.UNICODE)
START, STOP = "\x02", "\x03"


# -- keeping the index current -------------------------------------------------------------


LANGUAGES = {"en": "english", "es": "spanish"}  # each language's text search configuration


def reader_language():
    return "es" if get_language() == "es" else "en"


KINDS = {Node: "node", Page: "page", Example: "example", Tool: "tool"}


def translated(obj):
    return bool(obj.title_es or obj.body_es)


def document_for(obj, language, *, visible):
    """The entry of `obj` in `language`: that language's title and text (a Spanish entry with a
    Spanish title and no Spanish text yet holds the English text)."""
    kind = KINDS[type(obj)]
    english = " ".join(strip_tags(obj.body_html).split())
    spanish = " ".join(strip_tags(obj.body_html_es).split())
    with translation.override(language):
        url = obj.get_absolute_url()
    return {
        "kind": kind,
        "object_id": obj.pk,
        "language": language,
        "translated": translated(obj),
        "number": getattr(obj, "number", ""),
        "title": (obj.title_es or obj.title) if language == "es" else obj.title,
        "title_es": "",
        "body": (spanish or english) if language == "es" else english,
        "url": url,
        "visible": visible,
    }


def index(obj):
    """Write the search entries of `obj`: always an English one; a Spanish one only if it has
    Spanish (a Spanish search reads the English entry of what has none, so the table holds each
    untranslated text once). A node whose visibility to readers changed (published, unpublished,
    moved under or out of a draft) rewrites the nodes beneath it too: they are visible only as
    far as it is."""
    entries = SearchEntry.objects.filter(kind=KINDS[type(obj)], object_id=obj.pk)
    visible = type(obj).objects.public().filter(pk=obj.pk).exists()
    was_visible = entries.filter(language="en").values_list("visible", flat=True).first()
    for language, config in LANGUAGES.items():
        if language == "es" and not translated(obj):
            entries.filter(language=language).delete()
            continue
        document = document_for(obj, language, visible=visible)
        entry, _ = SearchEntry.objects.update_or_create(
            kind=document["kind"], object_id=document["object_id"], language=language, defaults=document
        )
        if connection.vendor == "postgresql":
            SearchEntry.objects.filter(pk=entry.pk).update(
                search_vector=SearchVector("number", weight="A", config=config)
                + SearchVector("title", weight="A", config=config)
                + SearchVector("body", weight="B", config=config)
            )
    if isinstance(obj, Node) and visible != was_visible and not obj.is_leaf_node():
        for child in obj.get_children():
            index(child)


def readable_in(language):
    """The entries a reader of `language` searches: their language's, and for what has none in
    it, the English (each row's own `language` says how it was stemmed)."""
    if language == "en":
        return Q(language="en")
    return Q(language=language) | Q(language="en", translated=False)


def forget(obj):
    SearchEntry.objects.filter(kind=obj._meta.model_name, object_id=obj.pk).delete()


def reindex_all():
    SearchEntry.objects.all().delete()
    for model in (Page, Node, Example, Tool):
        for obj in model.objects.all():
            index(obj)


# -- searching -----------------------------------------------------------------------------


@dataclass
class Result:
    kind: str
    object_id: int
    number: str
    title: str
    url: str
    excerpt: str
    breadcrumbs: list = field(default_factory=list)


@dataclass
class Results:
    query: str
    results: list
    total: int
    page: int
    per_page: int
    problem: str = ""
    more: bool = False  # more matches than COUNTED: `total` counts the first COUNTED only

    @property
    def pages(self):
        return max((self.total + self.per_page - 1) // self.per_page, 1)

    @property
    def has_next(self):
        return self.page < self.pages

    @property
    def has_previous(self):
        return self.page > 1

    def groups(self):
        """The results of this page grouped by kind, groups in order of their best result."""
        grouped = {}
        for result in self.results:
            grouped.setdefault(result.kind, []).append(result)
        return [
            (_("On this site") if kind == SITE else SearchEntry.Kind(kind).label, items)
            for kind, items in grouped.items()
        ]


def highlighted(text):
    """Escape an excerpt, then turn the engine's match markers into <mark>."""
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def search(query, *, page=1, per_page=20, record_miss=True):
    """Search published content; the same number of queries whatever the number of matches."""
    query = " ".join((query or "").split())
    if not query:
        return Results(query, [], 0, 1, per_page, problem="empty")
    if len(query) > MAX_QUERY_LENGTH:
        return Results(query[:MAX_QUERY_LENGTH], [], 0, 1, per_page, problem="too_long")
    words = WORD.findall(query)
    if not words:
        return Results(query, [], 0, 1, per_page, problem="no_words")
    page = max(int(page), 1)
    offset = (page - 1) * per_page
    language = reader_language()
    if connection.vendor == "postgresql":
        total, rows = _search_postgresql(query, language, offset, per_page)
    else:
        total, rows = _search_sqlite(words, language, offset, per_page)
    if NUMBER.match(query) and page == 1:
        rows = _number_first(query.rstrip("."), language, rows)
        total = max(total, len(rows))
    more = total > COUNTED
    site = _site_pages(words)
    # On every page, so the count of pages stays the same; past COUNTED, "more than" that.
    total = COUNTED if more else total + len(site)
    if page == 1:
        rows = [*site, *rows]
    for row in rows:
        row.excerpt = highlighted(row.excerpt or "")
        if language != "en" and not row.url.startswith(f"/{language}/"):
            with translation.override("en"):  # an English entry read by a Spanish reader
                row.url = translate_url(row.url, language)
    if total == 0 and record_miss:
        _record_miss(query)
    return Results(query, rows, total, page, per_page, more=more)


def _site_pages(words):
    """The site's own pages whose names (or words for them) begin with every word searched."""
    words = [word.lower() for word in words if word.lower() not in LITTLE_WORDS]
    if not words:
        return []
    found = []
    for title, name, also in SITE_PAGES:
        vocabulary = WORD.findall(f"{title} {also}".lower())
        if all(any(known.startswith(word) for known in vocabulary) for word in words):
            found.append(Result(SITE, 0, "", str(title), reverse(name), ""))
    return found


def _number_first(number, language, rows):
    exact = (
        SearchEntry.objects.filter(readable_in(language), kind="node", number=number, visible=True)
        .order_by("-language" if language == "es" else "language")
        .first()
    )
    if exact is None:
        return rows
    first = Result("node", exact.object_id, exact.number, exact.title, exact.url, exact.body[:200])
    return [first, *[row for row in rows if not (row.kind == "node" and row.object_id == exact.object_id)]]


def _search_sqlite(words, language, offset, limit):
    # Each word as a quoted prefix term: punctuation in the query can never break the syntax.
    match = " ".join('"{}"*'.format(word.replace('"', "")) for word in words)
    where = (
        "pages_searchentry_fts MATCH %s AND e.visible AND "
        "(e.language = %s OR (e.language = 'en' AND %s = 'es' AND NOT e.translated))"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM pages_searchentry_fts "
            "JOIN pages_searchentry e ON e.id = pages_searchentry_fts.rowid WHERE " + where + " LIMIT %s)",
            [match, language, language, COUNTED + 1],
        )
        total = cursor.fetchone()[0]
        cursor.execute(
            "SELECT e.kind, e.object_id, e.number, e.title, e.url, "
            "snippet(pages_searchentry_fts, 2, char(2), char(3), '…', 24) "
            "FROM pages_searchentry_fts "
            "JOIN pages_searchentry e ON e.id = pages_searchentry_fts.rowid WHERE "
            + where
            + " ORDER BY bm25(pages_searchentry_fts, 10.0, 5.0, 1.0), e.id LIMIT %s OFFSET %s",
            [match, language, language, limit, offset],
        )
        rows = [
            Result(kind, pk, number, title, url, excerpt)
            for kind, pk, number, title, url, excerpt in cursor.fetchall()
        ]
    return total, rows


class ParsedOnce(SearchQuery):
    """A search query PostgreSQL parses once per search, not once per row compared.

    Once psycopg prepares the search (its sixth run on a connection), PostgreSQL may keep a
    generic plan, in which `websearch_to_tsquery($1)` is not folded into a constant and runs
    again for every row it is compared with and ranked against: a word in most entries cost 44 ms
    instead of 17. A scalar subquery is computed once (an InitPlan), in either plan.
    """

    def as_sql(self, compiler, connection, function=None, template=None):
        sql, params = super().as_sql(compiler, connection, function, template)
        return f"(SELECT {sql})", params


def _search_postgresql(query, language, offset, limit):
    queries = {
        code: ParsedOnce(query, search_type="websearch", config=config) for code, config in LANGUAGES.items()
    }

    def by_row(make):
        """`make(code)` for each row's own language (how its vector was stemmed)."""
        if language == "en":
            return make("en")
        return Case(When(language=language, then=make(language)), default=make("en"))

    words = Q(language="en", search_vector=queries["en"])
    if language != "en":
        words |= Q(language=language, search_vector=queries[language])
    # `%>` (word similarity) and `@@` both use their GIN indexes; a typo in a title still matches.
    matches = SearchEntry.objects.filter(readable_in(language), visible=True).filter(
        words | Q(title__trigram_word_similar=query)
    )
    # Counted up to COUNTED, then "more than": a broad word matches most entries, and counting
    # them all cost as much again as ranking them.
    total = matches.order_by()[: COUNTED + 1].count()
    rows = list(
        matches.annotate(rank=by_row(lambda code: SearchRank(F("search_vector"), queries[code])))
        .order_by("-rank", "id")
        .values_list("id", "kind", "object_id", "number", "title", "url")[offset : offset + limit]
    )
    # Excerpts only for the page shown: ts_headline is the costly part.
    excerpts = (
        dict(
            SearchEntry.objects.filter(id__in=[row[0] for row in rows])
            .annotate(
                excerpt=by_row(
                    lambda code: SearchHeadline(
                        "body",
                        queries[code],
                        config=LANGUAGES[code],
                        start_sel=START,
                        stop_sel=STOP,
                        max_words=30,
                        min_words=12,
                    )
                )
            )
            .values_list("id", "excerpt")
        )
        if rows
        else {}
    )
    return total, [
        Result(kind, pk, number, title, url, excerpts.get(row_id, ""))
        for row_id, kind, pk, number, title, url in rows
    ]


def _record_miss(query):
    """Count a search that found nothing: once per text per day, new texts up to the day's cap."""
    normalised, today = query.lower()[:200], timezone.localdate()
    if SearchMiss.objects.filter(query=normalised, day=today).update(count=F("count") + 1):
        return
    if SearchMiss.objects.filter(day=today).count() < settings.SEARCH_MISSES_PER_DAY:
        SearchMiss.objects.get_or_create(query=normalised, day=today)
