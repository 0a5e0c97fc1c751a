"""The Blueprint as a GitBook-compatible folder of Markdown, written and read back.

    SUMMARY.md              the navigation, in order (GitBook's table of contents)
    README.md               "Start here."
    pages/<slug>.md         the other stand-alone pages
    nodes/<number>-<slug>.md
    examples/<slug>.md, tools/<slug>.md

Each file starts with a small front matter block (`key: value` lines between `---`), then the
title as a heading, then the text. A round trip — export, import into an empty database, export
again — gives the same bytes. A real GitBook export (no front matter) also imports: numbers come
from the titles, and each page keeps its GitBook path so old links can redirect.
"""

import re
from pathlib import Path, PurePosixPath

from django.core.exceptions import ValidationError
from django.db import transaction

from blueprint.common.forms import whole_number
from blueprint.common.markdown import markdown_document, read_front_matter
from blueprint.common.models import Status
from blueprint.gitbook.outline import LEADING_NUMBER, parse_outline
from blueprint.gitbook.services import import_outline
from examples.models import Example, Tool
from examples.services import save_attachment
from recommendations.models import Node, Page
from recommendations.services import renumber_tree

LINK = re.compile(r"^(?P<indent>\s*)[*\-+]\s+\[(?P<title>.+)\]\((?P<path>[^)]+)\)\s*$")
PART = re.compile(r"^##\s+(?P<title>.+?)\s*$")
TOOL_PREFIX = {"tool": "Tool: ", "playbook": "Playbook: ", "toolkit": ""}


# -- writing -------------------------------------------------------------------------------


def node_filename(node):
    return f"nodes/{node.number}-{node.slug}.md"


def attachment_markdown(item):
    fields = [("slug", item.slug), ("status", item.status)]
    if isinstance(item, Tool):
        fields.append(("kind", item.kind))
    else:
        fields += [("organisation", item.organisation), ("place", item.place)]
    fields += [
        ("nodes", ", ".join(node.number for node in item.nodes.all().order_by("tree_id", "lft"))),
        *[(name, getattr(item, name)) for name in item.CITATION_FIELDS],
        ("source_name", item.source_name),
        ("source_url", item.source_url),
        ("position", item.position),
    ]
    return markdown_document(fields, item.title, item.body)


def attachment_line(item):
    if isinstance(item, Example):
        return f"Example: {item.title}"
    return TOOL_PREFIX[item.kind] + item.title


def export_markdown(directory):
    """Write the whole Blueprint to `directory`; returns the paths written, relative to it."""
    directory = Path(directory)
    files = {}
    # The GitBook Blueprint: the pages of its navigation, not the site's own (About).
    pages = list(Page.objects.filter(in_navigation=True).order_by("position", "id"))
    summary = ["# Summary", ""]
    for page in pages:
        if page.slug == Page.START_SLUG:
            path = "README.md"
            files[path] = markdown_document(
                [("slug", page.slug), ("status", page.status)], page.title, page.body
            )
        else:
            path = f"pages/{page.slug}.md"
            files[path] = markdown_document(
                [("slug", page.slug), ("status", page.status)], page.title, page.body
            )
        summary.append(f"* [{page.title}]({path})")

    nodes = list(Node.objects.in_navigation_order().prefetch_related("examples", "tools"))
    for node in nodes:
        files[node_filename(node)] = node.as_markdown()
        if node.level == 0:
            principle = node.number.split(".")[0]
            summary += ["", f"## Principle {principle}", ""]
        indent = "  " * node.level
        label = f"{node.number}. {node.title}" if node.level == 0 else f"{node.number} {node.title}"
        summary.append(f"{indent}* [{label}]({node_filename(node)})")
        for item in [*node.tools.all(), *node.examples.all()]:
            folder = "tools" if isinstance(item, Tool) else "examples"
            summary.append(f"{indent}  * [{attachment_line(item)}]({folder}/{item.slug}.md)")

    for model, folder in ((Example, "examples"), (Tool, "tools")):
        for item in model.objects.order_by("position", "slug").prefetch_related("nodes"):
            files[f"{folder}/{item.slug}.md"] = attachment_markdown(item)

    files["SUMMARY.md"] = "\n".join(summary) + "\n"
    for path, text in files.items():
        target = directory / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
    return sorted(files)


# -- reading -------------------------------------------------------------------------------


class MarkdownImportError(ValueError):
    pass


def read_document(text, path="file"):
    """(front matter dict, heading, body) of one Markdown file."""
    fields = {}
    if text.startswith("---\n"):
        head, _, text = text[4:].partition("\n---\n")
        try:
            fields = read_front_matter(head)
        except ValueError as error:
            raise MarkdownImportError(f"{path}: {error}.") from None
    text = text.lstrip("\n")
    heading = ""
    if text.startswith("# "):
        heading, _, text = text.partition("\n")
        heading = heading[2:].strip()
    return fields, heading, text.strip("\n")


def summary_to_outline(summary):
    """SUMMARY.md as an outline the outline importer reads, and each line's file."""
    lines, links = ["Wellbeing Blueprint"], []
    in_part = False
    for number, raw in enumerate(summary.splitlines(), start=1):
        if not raw.strip() or raw.startswith("# "):
            continue
        part = PART.match(raw)
        if part:
            lines.append(f"  • {part.group('title')}")
            in_part = True
            continue
        link = LINK.match(raw)
        if not link:
            raise MarkdownImportError(f"SUMMARY.md line {number}: not a link such as '* [Title](page.md)'")
        depth = len(link.group("indent").replace("\t", "    ")) // 2 + (1 if in_part else 0)
        links.append((link.group("title"), link.group("path"), depth))
        if link.group("path").startswith(("examples/", "tools/")):
            continue  # our own export: attachments come from their files, with their slugs
        lines.append("  " * (depth + 1) + "• " + link.group("title"))
    return "\n".join(lines) + "\n", links


def gitbook_path(path):
    """The address GitBook served a file at: the path without .md, a README.md is its folder."""
    path = path.removesuffix(".md")
    if path.endswith("README"):
        path = path.removesuffix("README").rstrip("/")
    return path


def inside(directory, relative):
    """The Markdown file `relative` names in `directory`, never one outside it: not absolute, no
    `..`, and no symbolic link that leads out."""
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or "\\" in relative or path.suffix != ".md":
        raise MarkdownImportError(f"{relative}: only Markdown files inside the folder can be imported.")
    file = directory / path
    if not file.resolve().is_relative_to(directory.resolve()):
        raise MarkdownImportError(f"{relative}: leads outside the folder.")
    if not file.is_file():
        raise MarkdownImportError(f"SUMMARY.md names {relative}, which does not exist.")
    return file


def checked(obj, path):
    """`obj` once its values pass the checks an admin form makes (choices, lengths, addresses)."""
    try:
        obj.full_clean()
    except ValidationError as error:
        problems = "; ".join(
            f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()
        )
        raise MarkdownImportError(f"{path}: {problems}") from None
    return obj


@transaction.atomic
def import_markdown(directory):
    """Read a GitBook-style folder into the Blueprint: every value checked as the admin would,
    no file outside the folder, and nothing imported if anything is wrong."""
    directory = Path(directory)
    if not (directory / "SUMMARY.md").exists():
        raise MarkdownImportError(f"{directory / 'SUMMARY.md'} does not exist.")
    summary_file = inside(directory, "SUMMARY.md")
    outline_text, links = summary_to_outline(summary_file.read_text("utf-8"))
    report = import_outline(outline=parse_outline(outline_text))

    pages = {page.title: page for page in Page.objects.all()}
    for title, path, depth in links:
        fields, heading, body = read_document(inside(directory, path).read_text("utf-8"), path)
        bare = LEADING_NUMBER.sub("", title, count=1)
        if path.startswith(("examples/", "tools/")) or bare.startswith(
            ("Example", "Tool", "Playbook", "A Toolkit")
        ):
            continue  # attachments are read from their own folders below, or kept as outlined
        if title in pages and depth == 0:
            page = pages[title]
            page.body, page.status = body, fields.get("status", page.status)
            checked(page, path).save()
            continue
        number = fields.get("number") or (LEADING_NUMBER.match(title) or [""])[0].strip().rstrip(".")
        node = Node.objects.filter(number=number).first()
        if node is None:
            raise MarkdownImportError(f"{path}: no node numbered “{number}” in SUMMARY.md.")
        node.body = body
        node.status = fields.get("status", node.status)
        node.gitbook_path = "" if fields else gitbook_path(path)
        checked(node, path).save()

    for model, folder in ((Example, "examples"), (Tool, "tools")):
        for found in sorted((directory / folder).glob("*.md")) if (directory / folder).is_dir() else []:
            path = f"{folder}/{found.name}"
            fields, heading, body = read_document(inside(directory, path).read_text("utf-8"), path)
            position = whole_number(fields.get("position") or "0")
            if position is None:
                raise MarkdownImportError(f"{path}: position: Enter a whole number.")
            item = model.objects.filter(slug=fields.get("slug", found.stem)).first() or model(
                slug=fields.get("slug", found.stem)
            )
            item.title, item.body, item.position = heading, body, position
            item.status = fields.get("status", Status.PUBLISHED)
            item.source_name = fields.get("source_name", "")
            item.source_url = fields.get("source_url", "")
            for name in item.CITATION_FIELDS:
                setattr(item, name, fields.get(name, ""))
            if model is Tool:
                item.kind = fields.get("kind", Tool.Kind.TOOL)
            else:
                item.organisation = fields.get("organisation", "")
                item.place = fields.get("place", "")
            save_attachment(item=checked(item, path))
            numbers = [n.strip() for n in fields.get("nodes", "").split(",") if n.strip()]
            if "nodes" in fields:
                item.nodes.set(Node.objects.filter(number__in=numbers))
    renumber_tree()  # once every node is read: they are found by their numbers until then
    return report
