"""The navigation: the stand-alone pages, then every node, in the order of GitBook's sidebar.

It is built once per content version, for readers or for editors (who also see drafts), in
each language, and kept in the cache, so a page costs the same queries with 94 nodes or 1,500.
Breadcrumbs, children and previous/next come from it; the sidebar is a cached template
fragment drawn from it (templates/includes/sidebar.html), keyed by the same version and by the
page it marks as current.
"""

from dataclasses import dataclass, field, replace

from django.utils.translation import get_language

from blueprint.common.cache import remember
from blueprint.common.models import sees_drafts
from blueprint.common.parts import counts_for
from recommendations.models import Node, Page

READERS = "readers"
EDITORS = "editors"


@dataclass(frozen=True, slots=True)
class Entry:
    key: str
    number: str
    title: str
    url: str
    depth: int
    parent: str | None
    draft: bool
    slug: str = ""
    has_children: bool = False
    # One item per branch that ends after this entry: the sidebar closes that many lists.
    closes: tuple = ()
    # What other apps hang under a node, folded, as GitBook showed child pages: (title, url, kind).
    leaves: tuple = ()

    @property
    def label(self):
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def pk(self):
        return int(self.key.partition(":")[2])


# Functions other apps register (`add_leaves`) from their AppConfig.ready: given whether the
# navigation is for editors, they return {node pk: [(title, url), …]} in their own order.
_leaf_providers = []


def add_leaves(provider):
    """Hang an app's pages (examples, tools) under the nodes they belong to, in the sidebar."""
    if provider not in _leaf_providers:
        _leaf_providers.append(provider)


class Navigation:
    def __init__(self, entries, *, version, variant):
        self.entries = entries
        self.version = version
        self.variant = variant
        self._index = {entry.key: position for position, entry in enumerate(entries)}
        self._by_number = {entry.number: entry for entry in entries if entry.number}
        self._children = {}
        for entry in entries:
            self._children.setdefault(entry.parent, []).append(entry)

    @classmethod
    def for_request(cls, request, *, readers=False):
        """The navigation this person sees (`readers=True`: what readers see, whoever asks)."""
        variant = EDITORS if sees_drafts(request.user) and not readers else READERS
        return remember(
            request,
            f"navigation:{variant}:{get_language()}",
            lambda version: cls.build(variant=variant, version=version),
        )

    @classmethod
    def build(cls, *, variant, version):
        pages = Page.objects.filter(in_navigation=True).only("id", "slug", "title", "title_es", "status")
        nodes = Node.objects.in_navigation_order().only(
            "id", "number", "slug", "title", "title_es", "status", "parent_id", "level"
        )
        if variant == READERS:
            # A page with no text yet waits out of the reading order until an editor writes it.
            pages, nodes = pages.published().written(), nodes.public()
        entries = [
            Entry(
                page_key(page), "", page.local_title, page.get_absolute_url(), 0, None, not page.is_published
            )
            for page in pages
        ]
        leaves = {}
        for provider in _leaf_providers:
            for pk, items in provider(editors=variant == EDITORS).items():
                leaves.setdefault(pk, []).extend(items)
        entries += [
            Entry(
                node_key(node),
                node.number,
                node.local_title,
                node.get_absolute_url(),
                node.level,
                f"node:{node.parent_id}" if node.parent_id else None,
                not node.is_published,
                node.slug,
                leaves=tuple(leaves.get(node.pk, ())),
            )
            for node in nodes
        ]
        return cls(_with_branches(entries), version=version, variant=variant)

    def get(self, key):
        position = self._index.get(key)
        return None if position is None else self.entries[position]

    def numbered(self, number):
        """The entry of the node numbered `number`, if this navigation shows it."""
        return self._by_number.get(number)

    def children(self, key):
        return self._children.get(key, [])

    def under(self, key):
        """Every entry under `key`, at any depth, in order."""
        found = []
        for child in self.children(key):
            found += [child, *self.under(child.key)]
        return found

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

    def around(self, key=None):
        """What a reading page about `key` shows of the navigation (None: no page of its own)."""
        breadcrumbs = self.ancestors(key) if key else []
        return {
            "navigation": self,
            "current_key": key,
            "open_keys": {entry.key for entry in breadcrumbs} | {key},
            "breadcrumbs": breadcrumbs,
            "previous": self.previous(key) if key else None,
            "next": self.next(key) if key else None,
            # The last page of the reading order leads on, out of the tree.
            "onward": bool(key) and key.startswith("node:") and self.next(key) is None,
            "children": self.children(key) if key else [],
        }


def _with_branches(entries):
    """The entries in order, each knowing whether it opens a branch and how many end after it."""
    result = []
    for position, entry in enumerate(entries):
        following = entries[position + 1].depth if position + 1 < len(entries) else 0
        opens = following > entry.depth
        result.append(
            replace(entry, has_children=opens, closes=() if opens else tuple(range(entry.depth - following)))
        )
    return result


def node_key(node):
    return f"node:{node.pk}"


def page_key(page):
    return f"page:{page.pk}"


@dataclass(frozen=True)
class Section:
    """A child of a page in the navigation, with what it and its branch hold: {name: how many}
    (`section.examples`)."""

    entry: Entry
    counts: dict
    # The first example in the branch, as the sidebar has it: (title, url), or None.
    first_example: tuple | None = None
    # The child's own children (a principle's recommendation's sub-recommendations).
    children: list = field(default_factory=list)

    def __getattr__(self, name):
        try:
            return self.counts[name]
        except KeyError:
            raise AttributeError(name) from None


def sections_under(children, *, navigation, user):
    """Each child entry with the counts of what it and everything under it hold (what other apps
    count on nodes: blueprint.common.parts)."""
    if not children:
        return []
    branches = {
        child.key: [child.pk, *(entry.pk for entry in navigation.under(child.key))] for child in children
    }
    found = counts_for(
        "recommendations.Node", [pk for branch in branches.values() for pk in branch], user=user
    )
    sections = []
    for child in children:
        totals = {}
        for pk in branches[child.key]:
            for name, things in found.get(pk, {}).items():
                totals.setdefault(name, set()).update(things)
        branch = [child, *navigation.under(child.key)]
        first = next(
            ((title, url) for entry in branch for title, url, kind in entry.leaves if kind == "example"), None
        )
        sections.append(
            Section(
                child,
                {name: len(things) for name, things in totals.items()},
                first_example=first,
                children=navigation.children(child.key),
            )
        )
    return sections
