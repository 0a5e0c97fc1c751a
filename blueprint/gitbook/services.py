"""The Blueprint from files: `load_blueprint` (fixtures/, for `make run` and the tests) and the
GitBook outline importer it uses. Both are idempotent and never overwrite an editor's work."""

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from blueprint.common.models import LOADED_FROM_SOURCES
from blueprint.gitbook.outline import parse_outline
from blueprint.maturity.services import load_maturity_model
from blueprint.pulse.services import load_instruments
from examples.models import Example, Tool
from recommendations.models import Node, Page
from recommendations.services import renumber_tree

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
BLUEPRINT_DATE = date(2020, 6, 24)


@transaction.atomic
def load_blueprint(*, directory=FIXTURES):
    """Load the whole Blueprint from `directory` into an empty database.

    Returns False, changing nothing, when the Blueprint is already there: what editors changed is
    never overwritten. The prevention maturity model is loaded on its own terms, so a site loaded
    before the model existed gets it now.
    """
    if Node.objects.exists():
        add_new_content(directory=directory)
        return False
    import_outline(outline=parse_outline((directory / "outline.txt").read_text("utf-8")))

    for path in _page_files(directory):
        page = Page.objects.filter(slug=path.stem).first()
        if page is not None:  # the outline's pages; the others come with add_new_content
            page.body = path.read_text("utf-8")
            page.save()

    data = json.loads((directory / "attachments.json").read_text("utf-8"))
    nodes = {node.number: node for node in Node.objects.all()}
    for model, items in ((Tool, data["tools"]), (Example, data["examples"])):
        for position, item in enumerate(items, start=1):
            item = dict(item)
            numbers = item.pop("nodes")
            attachment, _ = model.objects.update_or_create(
                slug=item.pop("slug"), defaults={**item, "position": position}
            )
            attachment.nodes.add(*[nodes[number] for number in numbers])
    # The examples and tools the GitBook tree names with no source of their own cite it.
    for model in (Example, Tool):
        for item in model.objects.filter(cited_title="").prefetch_related("nodes"):
            numbers = ", ".join(node.number for node in item.nodes.all())
            model.objects.filter(pk=item.pk).update(
                cited_title="Wellbeing Blueprint",
                cited_author="Wellbeing Blueprint (GitBook)",
                cited_date="June 2020",
                cited_section=f"the navigation, under {numbers}" if numbers else "the navigation",
            )
    # "Start here." is dated June 24, 2020: the Blueprint as the sources have it. Everything
    # so far is the sources' (the database was empty): no editor changed it, and its
    # revisions say they are the load.
    for model in (Node, Page, Example, Tool):
        model.objects.update(edited_at=None)
        model.history.update(history_change_reason=LOADED_FROM_SOURCES)
    Node.objects.update(source_date=BLUEPRINT_DATE)
    Page.objects.update(source_date=BLUEPRINT_DATE)
    add_new_content(directory=directory)
    return True


def _page_files(directory):
    return [path for path in sorted((directory / "pages").glob("*.md")) if not path.stem.endswith(".es")]


@transaction.atomic
def add_new_content(*, directory=FIXTURES):
    """What the fixtures gained after a site was loaded, added without touching editors' work:
    stand-alone pages it does not have (About), the maturity model if it has none, and the site's
    Spanish wherever a title or text has none yet."""
    last = Page.objects.order_by("-position").values_list("position", flat=True).first() or 0
    for path in _page_files(directory):
        if Page.objects.filter(slug=path.stem).exists():
            continue
        # A page the outline does not name: its title is the file's first line ("# About …"),
        # and it stays out of the GitBook navigation.
        heading, _, body = path.read_text("utf-8").partition("\n")
        last += 1
        page = Page(
            slug=path.stem,
            title=heading.removeprefix("# ").strip(),
            body=body.lstrip("\n"),
            in_navigation=False,
            position=last,
        )
        page.from_sources = True
        page.save()
    load_maturity_model(path=directory / "maturity_model.json")
    _add_spanish(directory)
    load_instruments(path=directory / "pulse.json")  # from the tree in Spanish too, so last


def _add_spanish(directory):
    """fixtures/spanish.json (titles and summaries) and pages/<slug>.es.md (page texts): the site
    team's translation, filling only what is empty."""
    path = directory / "spanish.json"
    if not path.exists():
        return
    data = json.loads(path.read_text("utf-8"))
    wanted = [
        (Page, "slug", data.get("pages", {})),
        (Node, "number", data.get("nodes", {})),
        (Example, "slug", data.get("examples", {})),
        (Tool, "slug", data.get("tools", {})),
    ]
    for model, key, translations in wanted:
        for item in model.objects.filter(**{f"{key}__in": list(translations)}):
            values = translations[getattr(item, key)]
            if isinstance(values, str):
                values = {"title_es": values}
            if model is Page and (directory / "pages" / f"{item.slug}.es.md").exists():
                values = {
                    **values,
                    "body_es": (directory / "pages" / f"{item.slug}.es.md").read_text("utf-8"),
                }
            empty = {name: value for name, value in values.items() if not getattr(item, name)}
            if empty:
                for name, value in empty.items():
                    setattr(item, name, value)
                item.from_sources = True
                item.save()


@dataclass
class ImportReport:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    moved: list = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self):
        return bool(self.created or self.updated or self.moved)

    def lines(self):
        yield (
            f"Created {len(self.created)}, updated {len(self.updated)}, "
            f"moved {len(self.moved)}, unchanged {self.unchanged}."
        )
        for label, items in (
            ("created", self.created),
            ("updated", self.updated),
            ("moved", self.moved),
        ):
            for item in items:
                yield f"  {label}: {item}"


def _update(instance, report, label, **values):
    changed = [name for name, value in values.items() if getattr(instance, name) != value]
    if not changed:
        report.unchanged += 1
        return
    for name in changed:
        setattr(instance, name, values[name])
    instance.save()
    report.updated.append(f"{label} ({', '.join(changed)})")


@transaction.atomic
def import_outline(*, outline):
    """Bring the tree, the pages and the attachments named in `outline` in line with it.

    Idempotent: a second run with the same outline writes nothing. Things editors added that the
    outline does not name are kept. Nodes are matched by number, and numbered once at the end.
    """
    report = ImportReport()

    for position, item in enumerate(outline.pages):
        page = Page.objects.filter(slug=item.slug).first()
        if page is None:
            Page.objects.create(slug=item.slug, title=item.title, position=position)
            report.created.append(f"page {item.title}")
        else:
            _update(page, report, f"page {item.title}", title=item.title, position=position)

    existing = {node.number: node for node in Node.objects.all()}
    for item in outline.nodes:
        node = existing.get(item.number)
        parent = existing[item.parent] if item.parent else None
        if node is None:
            node = Node(number=item.number, title=item.title, slug=slugify(item.title)[:120])
            node.insert_at(parent, position="last-child", save=True)
            existing[item.number] = node
            report.created.append(f"node {item.number}")
            continue
        _update(node, report, f"node {item.number}", title=item.title)
        if node.parent_id != (parent.pk if parent else None):
            node.move_to(parent, "last-child")
            report.moved.append(f"node {item.number}")

    _put_in_outline_order(outline, existing, report)

    for item in outline.attachments:
        model = Example if item.is_example else Tool
        attachment = model.objects.filter(slug=item.slug).first()
        if attachment is None:
            values = {"slug": item.slug, "title": item.title}
            if model is Tool:
                values["kind"] = item.kind
            attachment = model.objects.create(**values)
            attachment.nodes.add(*[existing[number] for number in item.node_numbers])
            report.created.append(f"{model._meta.verbose_name} {item.title}")
            continue
        linked = set(attachment.nodes.values_list("number", flat=True))
        missing = [number for number in item.node_numbers if number not in linked]
        if missing:
            attachment.nodes.add(*[existing[number] for number in missing])
            report.updated.append(f"{item.title} (attached to {', '.join(missing)})")
        else:
            report.unchanged += 1
    renumber_tree()
    return report


def _put_in_outline_order(outline, existing, report):
    """Reorder siblings to the outline's order, moving only when the order differs."""
    wanted = {}
    for item in outline.nodes:
        wanted.setdefault(item.parent, []).append(item.number)
    for parent_number, numbers in wanted.items():
        if parent_number is None:
            current = list(Node.objects.principles().order_by("tree_id").values_list("number", flat=True))
        else:
            current = list(
                existing[parent_number].get_children().order_by("lft").values_list("number", flat=True)
            )
        in_outline = [number for number in current if number in numbers]
        if in_outline == numbers:
            continue
        for number in numbers:
            node = Node.objects.get(pk=existing[number].pk)
            parent = Node.objects.get(pk=existing[parent_number].pk) if parent_number else None
            if parent is None:
                last = Node.objects.principles().order_by("-tree_id").first()
                if last.pk != node.pk:
                    node.move_to(last, "right")
            else:
                node.move_to(parent, "last-child")
            report.moved.append(f"node {number}")
