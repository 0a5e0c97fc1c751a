"""Reading a navigation outline in the format of GitBook's sidebar, as the seed holds it.

    Wellbeing Blueprint
      • Start here.
      • Principle 1
        • 1. Start with what matters to people: wellbeing
          • 1.1 Be public about ...
            • 1.1.4 Eliminate biased decision-making data sets.
              • 1.1.4 A Toolkit for Centering Racial Equity Throughout Data Integration

Bullets and indentation give the depth. A top-level line "Principle N" is GitBook's section label
for the principle beneath it, not a node; any other top-level line is a stand-alone page. A line
whose title, after an optional number, starts with "Example", "Tool", "Playbook" or "A Toolkit" is
an attachment of the node above it. Parsing checks everything before anything is written.
"""

import re
from dataclasses import dataclass, field

from django.utils.text import slugify

BULLETS = ("•", "-", "*")
SECTION_LABEL = re.compile(r"^Principle\s+\d+$")
NUMBERED = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<title>\S.*)$")
LEADING_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+")
ATTACHMENT = re.compile(r"^(Example|Tool|Playbook|A Toolkit)\b")
# "Example: X", "Example - X", "Tool: X", "Playbook and Tools: X" name X; "A Toolkit for X" is whole.
ATTACHMENT_PREFIX = re.compile(r"^(Example|Tools?|Playbook(?: and Tools)?)\s*[:\-–—]\s*")


class OutlineError(ValueError):
    def __init__(self, line_number, reason):
        self.line_number = line_number
        self.reason = reason
        super().__init__(f"line {line_number}: {reason}")


@dataclass
class OutlinePage:
    line: int
    title: str

    @property
    def slug(self):
        return slugify(self.title)[:120]


@dataclass
class OutlineNode:
    line: int
    number: str
    title: str
    parent: str | None


@dataclass
class OutlineAttachment:
    line: int
    title: str
    kind: str  # "example", "tool", "playbook" or "toolkit"
    node_numbers: list = field(default_factory=list)

    @property
    def slug(self):
        return slugify(self.title)[:120]

    @property
    def is_example(self):
        return self.kind == "example"


@dataclass
class Outline:
    pages: list = field(default_factory=list)
    nodes: list = field(default_factory=list)
    attachments: list = field(default_factory=list)


def normalise_number(raw):
    """ "2.5." and "2.5" are the same number."""
    return raw.rstrip(".")


def attachment_kind(title):
    word = ATTACHMENT.match(title).group(1)
    if word == "Example":
        return "example"
    if word == "A Toolkit":
        return "toolkit"
    if word == "Playbook":
        return "playbook"
    return "tool"


def attachment_title(title):
    return ATTACHMENT_PREFIX.sub("", title, count=1).strip()


def _bullet_lines(text):
    """Yield (line number, indent, title) for each bullet line of the outline block."""
    started = False
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = raw.replace("\t", "    ").rstrip()
        if not line.strip():
            continue
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped[0] in BULLETS and stripped[1:2] in (" ", ""):
            started = True
            title = stripped[1:].strip()
            if not title:
                raise OutlineError(line_number, "a bullet without a title")
            yield line_number, indent, title
        elif started:
            return  # the navigation block has ended ("Powered by GitBook")
        elif line_number > 1 and indent:
            raise OutlineError(line_number, "a line without a bullet")


class _Levels:
    """The outline's indentation: the first line's is level 0, the first deeper one is one level."""

    def __init__(self):
        self.base = self.unit = None
        self.previous = -1

    def of(self, line_number, indent):
        if self.base is None:
            self.base = indent
        offset = indent - self.base
        if offset < 0:
            raise OutlineError(line_number, "indented less than the first line of the outline")
        if offset and self.unit is None:
            self.unit = offset
        depth = offset // self.unit if self.unit else 0
        if self.unit and offset % self.unit:
            raise OutlineError(line_number, f"indented by {indent} spaces, not a whole number of levels")
        if depth > self.previous + 1:
            raise OutlineError(line_number, "indented deeper than one level below the line before")
        self.previous = depth
        return depth


def _node(line_number, title, enclosing_node, numbers_seen):
    """The OutlineNode a numbered line makes, or OutlineError saying why its number cannot be."""
    match = NUMBERED.match(title)
    if not match:
        raise OutlineError(line_number, f"{title!r} has no number (such as 2.7 or 2.7.1)")
    number = normalise_number(match.group("number"))
    if number in numbers_seen:
        raise OutlineError(line_number, f"the number {number} is already used on line {numbers_seen[number]}")
    if enclosing_node is not None and not number.startswith(enclosing_node + "."):
        raise OutlineError(line_number, f"{number} cannot sit under {enclosing_node}")
    if enclosing_node is None and "." in number:
        parent_number = number.rsplit(".", 1)[0]
        raise OutlineError(line_number, f"{number} needs a parent numbered {parent_number}")
    if number.count(".") >= 3:
        raise OutlineError(
            line_number,
            f"{number} would be a fourth level: the Blueprint has principles, recommendations "
            "and sub-recommendations, and nothing deeper",
        )
    numbers_seen[number] = line_number
    return OutlineNode(line_number, number, match.group("title").strip(), enclosing_node)


def _attachment(line_number, bare_title, enclosing_node, outline, attachments):
    """The attachment a line names, found or added, now also under `enclosing_node`."""
    if enclosing_node is None:
        raise OutlineError(line_number, "an example or tool must sit under a node")
    name = attachment_title(bare_title)
    attachment = attachments.get(slugify(name))
    if attachment is None:
        attachment = attachments[slugify(name)] = OutlineAttachment(
            line_number, name, attachment_kind(bare_title)
        )
        outline.attachments.append(attachment)
    if enclosing_node not in attachment.node_numbers:
        attachment.node_numbers.append(enclosing_node)
    return name


def parse_outline(text):
    """Turn an outline into pages, nodes and attachments, or raise OutlineError."""
    outline = Outline()
    attachments = {}
    numbers_seen = {}
    # One entry per open level: (kind, value) where kind is page/label/node/attachment.
    stack = []
    levels = _Levels()

    for line_number, indent, title in _bullet_lines(text):
        depth = levels.of(line_number, indent)
        del stack[depth:]
        parent_kind, parent_value = stack[-1] if stack else (None, None)
        enclosing_node = next((value for kind, value in reversed(stack) if kind == "node"), None)

        if parent_kind == "attachment":
            raise OutlineError(line_number, "an example or tool cannot have pages under it")
        if parent_kind == "page":
            raise OutlineError(line_number, f"the page {parent_value!r} cannot have pages under it")

        bare_title = LEADING_NUMBER.sub("", title, count=1)
        if depth == 0 and SECTION_LABEL.match(title):
            stack.append(("label", title))
        elif ATTACHMENT.match(bare_title):
            stack.append(
                ("attachment", _attachment(line_number, bare_title, enclosing_node, outline, attachments))
            )
        elif depth == 0:
            outline.pages.append(OutlinePage(line_number, title))
            stack.append(("page", title))
        else:
            node = _node(line_number, title, enclosing_node, numbers_seen)
            outline.nodes.append(node)
            stack.append(("node", node.number))

    if not outline.nodes and not outline.pages:
        raise OutlineError(1, "no outline found: expected bullet lines such as '  • 1. Title'")
    return outline
