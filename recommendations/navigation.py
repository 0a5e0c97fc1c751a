"""The navigation: the stand-alone pages, then every node, in GitBook's sidebar order.

It is built and rendered once per navigation version and cached. Each request reads the version
(one query) and splices the current page's marks into the cached HTML, so a node page costs the
same number of queries with 94 nodes or 1,500. Breadcrumbs, children and
previous/next come from the same cached structure, never from fresh tree queries.
"""

import re
from dataclasses import dataclass, field

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext

from blueprint.models import Page, Status
from recommendations.models import NavigationVersion, Node

MARK = re.compile(rb'data-(key|branch)="([^"]+)"')
PUBLIC = "public"
EDITOR = "editor"
# Navigations this process keeps as objects: two variants in two languages, and a spare.
IN_PROCESS_COPIES = 6
_in_process = {}


def forget_in_process_copies():
    """For tests, whose databases restart the version numbers."""
    _in_process.clear()


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    number: str
    title: str
    url: str
    depth: int
    parent: str | None
    draft: bool

    @property
    def label(self):
        return f"{self.number} {self.title}" if self.number else self.title


@dataclass
class Navigation:
    entries: list
    # The rendered tree, encoded once: a page splices it in as bytes (`bytes_for`). As a str, one
    # curly apostrophe makes the whole ~300 KB two bytes a character, and slicing, joining and
    # encoding it then cost ~1 ms a page.
    html_bytes: bytes = b""
    _index: dict = field(default_factory=dict)
    _children: dict = field(default_factory=dict)
    # Where `html_bytes` marks each entry: {key: (end of its data-key, end of its data-branch or None)}
    _marks: dict = field(default_factory=dict)
    _by_number: dict = field(default_factory=dict)

    def __post_init__(self):
        self._index = {entry.key: position for position, entry in enumerate(self.entries)}
        self._by_number = {entry.number: entry.key for entry in self.entries if entry.number}
        for entry in self.entries:
            self._children.setdefault(entry.parent, []).append(entry)

    @classmethod
    def build(cls, *, include_drafts):
        pages = Page.objects.only("id", "slug", "title", "title_es", "status")
        nodes = Node.objects.in_navigation_order().only(
            "id", "number", "slug", "title", "title_es", "status", "parent_id", "level"
        )
        if not include_drafts:
            pages = pages.published()
            nodes = nodes.published()
        entries = [
            Entry(
                key=page_key(page),
                number="",
                title=page.local_title,
                url=page.get_absolute_url(),
                depth=0,
                parent=None,
                draft=page.status == Status.DRAFT,
            )
            for page in pages
        ]
        shown = set()
        for node in nodes:
            parent = f"node:{node.parent_id}" if node.parent_id else None
            if parent is not None and parent not in shown:
                continue  # under a draft: hidden with its branch
            shown.add(node_key(node))
            entries.append(
                Entry(
                    key=node_key(node),
                    number=node.number,
                    title=node.local_title,
                    url=node.get_absolute_url(),
                    depth=node.level,
                    parent=parent,
                    draft=node.status == Status.DRAFT,
                )
            )
        navigation = cls(entries)
        navigation.html_bytes = navigation._render().encode()
        navigation._marks = navigation._find_marks()
        return navigation

    @classmethod
    def for_request(cls, request):
        variant = EDITOR if request.user.is_staff else PUBLIC
        # The shared-page cache has already read the version for this request, when it could.
        versions = getattr(request, "site_versions", None) or NavigationVersion.both()
        return cls._current(variant, versions[0])

    @classmethod
    def for_request_public(cls):
        """The navigation every reader sees, whoever asks (for exports and feeds)."""
        return cls._current(PUBLIC, NavigationVersion.current())

    @classmethod
    def _current(cls, variant, version):
        """This version's navigation: this process's own copy, else the shared cache's, else built.

        The process keeps its copy as an object, because unpickling a 1,500-node navigation from
        the cache on every request costs about 5 ms. A cache shared between processes (Redis)
        saves the others the build; a process's own memory cache would only hold a second copy.
        """
        key = f"navigation:{variant}:{get_language()}:{version}"
        navigation = _in_process.get(key)
        if navigation is None:
            shared = not isinstance(caches["default"], LocMemCache)
            navigation = cache.get(key) if shared else None
            if navigation is None:
                navigation = cls.build(include_drafts=variant == EDITOR)
                if shared:
                    cache.set(key, navigation, timeout=None)
            if len(_in_process) >= IN_PROCESS_COPIES:
                _in_process.clear()
            _in_process[key] = navigation
        return navigation

    def __contains__(self, key):
        return key in self._index

    def node_id(self, number):
        """The id of the node numbered `number` if this navigation shows it, else None."""
        key = self._by_number.get(number)
        return None if key is None else int(key.removeprefix("node:"))

    def get(self, key):
        position = self._index.get(key)
        return None if position is None else self.entries[position]

    def children(self, key):
        return self._children.get(key, [])

    def ancestors(self, key):
        chain = []
        entry = self.get(key)
        while entry is not None and entry.parent is not None:
            entry = self.get(entry.parent)
            chain.append(entry)
        return chain[::-1]

    def previous(self, key):
        position = self._index.get(key)
        return self.entries[position - 1] if position else None

    def next(self, key):
        position = self._index.get(key)
        if position is None or position + 1 >= len(self.entries):
            return None
        return self.entries[position + 1]

    def slot(self, key=None):
        """What a page's template shows where the tree goes; `render_page` puts the tree there."""
        return NavigationSlot(self, key)

    def bytes_for(self, key=None):
        """The rendered tree, as UTF-8, with `key` marked as the current page and its branch
        open: one copy of the tree, with the marks spliced in at offsets found once per build."""
        if key not in self._index:
            return self.html_bytes
        insertions = [(self._marks[key][0], b' aria-current="page"')]
        for entry in [*self.ancestors(key), self.get(key)]:
            branch_end = self._marks[entry.key][1]
            if branch_end is not None:
                insertions.append((branch_end, b" open"))
        insertions.sort()
        parts, start = [], 0
        for offset, text in insertions:
            parts += [self.html_bytes[start:offset], text]
            start = offset
        parts.append(self.html_bytes[start:])
        return b"".join(parts)

    def _find_marks(self):
        marks = {}
        for match in MARK.finditer(self.html_bytes):
            kind, key = match.groups()
            key = key.decode()
            key_end, branch_end = marks.get(key, (None, None))
            if kind == b"key":
                key_end = match.end()
            else:
                branch_end = match.end()
            marks[key] = (key_end, branch_end)
        return marks

    def _render(self):
        parts = ['<ul class="nav-tree">']
        self._render_level(None, parts)
        parts.append("</ul>")
        return "".join(parts)

    def _render_level(self, parent, parts):
        for entry in self.children(parent):
            children = self.children(entry.key)
            parts.append(format_html('<li class="nav-depth-{}">', entry.depth))
            parts.append(
                format_html(
                    '<a href="{}" data-key="{}">{}{}{}</a>',
                    entry.url,
                    entry.key,
                    format_html('<span class="nav-number">{}</span> ', entry.number)
                    if entry.number
                    else "",
                    entry.title,
                    format_html(' <span class="badge">{}</span>', gettext("Draft"))
                    if entry.draft
                    else "",
                )
            )
            if children:
                parts.append(
                    format_html(
                        '<details data-branch="{}"><summary><span class="visually-hidden">{}'
                        "</span></summary><ul>",
                        entry.key,
                        gettext("Show or hide the contents of %(name)s")
                        % {"name": entry.number or entry.title},
                    )
                )
                self._render_level(entry.key, parts)
                parts.append("</ul></details>")
            parts.append("</li>")


class NavigationSlot:
    """Renders as a marker; `blueprint.views.render_page` replaces the marker with the tree's
    bytes once the rest of the page is encoded. What readers type is escaped and editors' HTML
    is sanitised without comments, so the first marker on a page is always this one."""

    MARKER = mark_safe("<!-- the navigation -->")

    def __init__(self, navigation, key):
        self.navigation = navigation
        self.key = key

    def __html__(self):
        return self.MARKER

    def __str__(self):
        return self.MARKER

    def bytes(self):
        return self.navigation.bytes_for(self.key)


def node_key(node):
    return f"node:{node.pk}"


def page_key(page):
    return f"page:{page.pk}"


def bump_version(**kwargs):
    """Signal receiver: anything that can change the navigation makes every process rebuild it."""
    NavigationVersion.bump()
