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
from pathlib import Path

from django.db import transaction

from blueprint.gitbook.outline import LEADING_NUMBER, parse_outline
from blueprint.gitbook.services import import_outline
from blueprint.markdown import markdown_document
from blueprint.models import Status
from examples.models import Example, Tool
from recommendations.models import Node, Page

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
    pages = list(Page.objects.order_by("position", "id"))
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


def read_document(text):
    """(front matter dict, heading, body) of one Markdown file."""
    fields = {}
    if text.startswith("---\n"):
        head, _, text = text[4:].partition("\n---\n")
        for line in head.splitlines():
            key, _, value = line.partition(": ")
            fields[key.strip()] = value.strip() if value else ""
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


@transaction.atomic
def import_markdown(directory):
    directory = Path(directory)
    summary_file = directory / "SUMMARY.md"
    if not summary_file.exists():
        raise MarkdownImportError(f"{summary_file} does not exist.")
    outline_text, links = summary_to_outline(summary_file.read_text("utf-8"))
    report = import_outline(outline=parse_outline(outline_text))

    pages = {page.title: page for page in Page.objects.all()}
    for title, path, depth in links:
        file = directory / path
        if not file.exists():
            raise MarkdownImportError(f"SUMMARY.md names {path}, which does not exist.")
        fields, heading, body = read_document(file.read_text("utf-8"))
        bare = LEADING_NUMBER.sub("", title, count=1)
        if path.startswith(("examples/", "tools/")) or bare.startswith(
            ("Example", "Tool", "Playbook", "A Toolkit")
        ):
            continue  # attachments are read from their own folders below, or kept as outlined
        if title in pages and depth == 0:
            page = pages[title]
            page.body, page.status = body, fields.get("status", page.status)
            page.save()
            continue
        number = fields.get("number") or LEADING_NUMBER.match(title).group(0).strip().rstrip(".")
        node = Node.objects.get(number=number)
        node.body = body
        node.status = fields.get("status", node.status)
        node.gitbook_path = "" if fields else gitbook_path(path)
        node.save()

    for model, folder in ((Example, "examples"), (Tool, "tools")):
        for file in sorted((directory / folder).glob("*.md")) if (directory / folder).exists() else []:
            fields, heading, body = read_document(file.read_text("utf-8"))
            values = {
                "title": heading,
                "body": body,
                "status": fields.get("status", Status.PUBLISHED),
                "source_name": fields.get("source_name", ""),
                "source_url": fields.get("source_url", ""),
                "position": int(fields.get("position") or 0),
            }
            if model is Tool:
                values["kind"] = fields.get("kind", Tool.Kind.TOOL)
            else:
                values["organisation"] = fields.get("organisation", "")
                values["place"] = fields.get("place", "")
            item, _ = model.objects.update_or_create(slug=fields.get("slug", file.stem), defaults=values)
            numbers = [n.strip() for n in fields.get("nodes", "").split(",") if n.strip()]
            if "nodes" in fields:
                item.nodes.set(Node.objects.filter(number__in=numbers))
    return report
