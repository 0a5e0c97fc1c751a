"""What the page of one model shows of other apps: a node's examples and tools, its cohorts, who
is working on it; the comments under a node, an example or a tool. An app adds its part for a
model, by label, from its AppConfig.ready (the app that owns the page may not import the apps
built on it); the page's view asks every part for its data, so the view says what its page
costs, and templates only format."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """One app's section of another model's page.

    `template`: the template that shows it, given the page's context and `part` (the data).
    `on_page(obj, *, user)`: what the section shows, as a dict; None shows nothing.
    `counts(pks, *, user)`: {pk: {name: set of what is counted}}, for a summary of what rows
    hold ("3 examples · 1 open cohort"); sets, so a branch of the tree counts each thing once.
    `slot`: where on the page it goes: "body", or "discussion" (after the page's own ending).
    """

    template: str
    on_page: Callable
    counts: Callable | None = None
    slot: str = "body"


_parts = {}


def add_part(label, part):
    """Show `part` on the pages of the model labeled `label` ("recommendations.Node")."""
    if part not in _parts.setdefault(label.lower(), []):
        _parts[label.lower()].append(part)


def parts_for(obj, *, user):
    """{slot: [(template, data)]} for every part that shows something on `obj`'s page, in the
    order the apps are installed."""
    shown = {"body": [], "discussion": []}
    for part in _parts.get(obj._meta.label_lower, []):
        data = part.on_page(obj, user=user)
        if data is not None:
            shown[part.slot].append((part.template, data))
    return shown


def counts_for(label, pks, *, user):
    """{pk: {name: set}} from every part of the model labeled `label` that counts."""
    found = {}
    for part in _parts.get(label.lower(), []):
        if part.counts is not None:
            for pk, counted in part.counts(pks, user=user).items():
                for name, things in counted.items():
                    found.setdefault(pk, {}).setdefault(name, set()).update(things)
    return found
