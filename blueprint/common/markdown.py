"""The one Markdown renderer: Markdown -> HTML -> nh3 allowlist.

Every model, the markdownx preview and the exports use it. Rendered HTML is stored at save time,
never re-rendered per request.
"""

import json
import re
from bisect import bisect_left
from html import escape
from html.parser import HTMLParser

import markdown
import nh3
import yaml
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from markdown_it import MarkdownIt
from markdown_it.helpers import parseLinkDestination

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
    "h5": {"id"},
    "h6": {"id"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}


def _heading_slug(value, separator):
    # Prefixed so a heading can never take the id of an element of the page around it.
    return "s-" + (slugify(value) or "section")


# Python-Markdown parses nested inline markup recursively and brackets in quadratic time, and
# its HTML block parser rescans the rest of the text for each tag left open (20,000 characters of
# `<a` on their own lines took 8 s), so text nested deeper or leaving more tags open than any
# real page is refused where it is typed (`validate_nesting`) and shown as plain paragraphs where
# it is not (an import, an older row).
MAX_NESTING = 32
DEEPER = f"{{{MAX_NESTING + 1},}}"  # {33,}: more than MAX_NESTING times
EMPHASIS_RUN = re.compile(r"[*_~]" + DEEPER)
QUOTE_DEPTH = re.compile(r"^(?:[ \t]*>)" + DEEPER, re.MULTILINE)
LIST_DEPTH = re.compile(r"^(?: {4}|\t)" + DEEPER, re.MULTILINE)
# What opens an HTML tag, comment, declaration or CDATA section, and what ends each.
HTML_OPENING = re.compile(r"<(!--|!\[CDATA\[|[!?]|/?[A-Za-z])")
HTML_END = {"!--": "-->", "![CDATA[": "]]>"}
TOO_DEEP = _(
    "This text nests markup more than %(limit)s levels deep (brackets, emphasis marks, quotes or "
    "lists), or leaves that many HTML tags open. Please simplify it."
)


def unclosed_html(text):
    """How many HTML openings (`<a`, `<!--`, `<![CDATA[`, `<?`) are not closed before the next
    one opens: in linear time (each end is looked up among its sorted positions)."""
    openings = [(match.start(), match.group(1)) for match in HTML_OPENING.finditer(text)]
    if not openings:
        return 0
    ends = {
        end: [match.start() for match in re.finditer(re.escape(end), text)] for end in (">", "-->", "]]>")
    }
    unclosed = 0
    for index, (position, kind) in enumerate(openings):
        end = HTML_END.get(kind, ">")
        found = bisect_left(ends[end], position + 1)
        next_opening = openings[index + 1][0] if index + 1 < len(openings) else len(text)
        if found == len(ends[end]) or ends[end][found] > next_opening:
            unclosed += 1
    return unclosed


def too_deeply_nested(text):
    """Whether `text` nests brackets, emphasis, quotes or lists deeper than MAX_NESTING, or
    leaves more than MAX_NESTING HTML openings unclosed."""
    if EMPHASIS_RUN.search(text) or QUOTE_DEPTH.search(text) or LIST_DEPTH.search(text):
        return True
    if unclosed_html(text) > MAX_NESTING:
        return True
    depth = {"[": 0, "(": 0}
    closing = {"]": "[", ")": "("}
    for character in text:
        if character in depth:
            depth[character] += 1
            if depth[character] > MAX_NESTING:
                return True
        elif character in closing and depth[closing[character]]:
            depth[closing[character]] -= 1
    return False


def validate_nesting(text):
    """A form and model validator: Markdown nested too deeply to render in bounded time."""
    if text and too_deeply_nested(text):
        raise ValidationError(TOO_DEEP, code="too_deep", params={"limit": MAX_NESTING})


def _as_plain_paragraphs(text):
    return "\n".join(f"<p>{escape(part)}</p>" for part in re.split(r"\n\s*\n", text.strip()) if part)


def render_markdown(text):
    """Return sanitised HTML for a piece of Markdown written by an editor or a reader."""
    if text and too_deeply_nested(text):
        return _as_plain_paragraphs(text)
    try:
        html = markdown.markdown(
            text or "",
            extensions=["extra", "sane_lists", "toc"],
            extension_configs={"toc": {"slugify": _heading_slug}},
            output_format="html",
        )
    except RecursionError:  # a nesting the check above does not foresee
        return _as_plain_paragraphs(text)
    # The page's title is its only <h1>: a top-level heading in the text becomes an <h2>.
    html = html.replace("<h1", "<h2").replace("</h1>", "</h2>")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


class _HeadingCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings = []
        self._current = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h2", "h3") and dict(attrs).get("id"):
            self._current = {"id": dict(attrs)["id"], "level": int(tag[1]), "text": ""}

    def handle_data(self, data):
        if self._current is not None:
            self._current["text"] += data

    def handle_endtag(self, tag):
        if self._current is not None and tag == f"h{self._current['level']}":
            self._current["text"] = " ".join(self._current["text"].split())
            self.headings.append(self._current)
            self._current = None


# -- the GitBook-style files ----------------------------------------------------------------

AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]*>", re.IGNORECASE)
BARE_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\s*/?>")
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
# Where a link destination may follow: an inline link's `](`, a reference definition's `[label]:`.
DESTINATION_FOLLOWS = re.compile(r"\]\(|^ {0,3}\[(?:[^\]\\]|\\.)+\]:", re.MULTILINE)
UNESCAPED_BRACKET = re.compile(r"(?<!\\)([\[\]])")
# A CommonMark reader that keeps every destination, so that this module judges each one.
COMMONMARK = MarkdownIt("commonmark")
COMMONMARK.validateLink = lambda url: True


def dangerous(href):
    """Whether a link's address, as a CommonMark renderer reads it (entities and escapes decoded,
    blanks and control characters dropped), names a scheme other than http, https or mailto."""
    readable = "".join(c for c in href if c > " " and c != "\x7f").lower()
    scheme = SCHEME.match(readable)
    return scheme is not None and scheme.group(1) not in URL_SCHEMES


def dangerous_links(text):
    """{address: [(first line, last line) of each block showing it]} for every link or image a
    CommonMark parse of `text` finds with a dangerous address."""
    found = {}
    for token in COMMONMARK.parse(text):
        for child in token.children or ():
            href = child.attrGet("href") if child.type == "link_open" else child.attrGet("src")
            if href is not None and dangerous(str(href)):
                found.setdefault(str(href), []).append(tuple(token.map or (0, text.count("\n") + 1)))
    return found


def _harmless_destinations(text, addresses):
    """`text` with each link destination that reads as one of `addresses` pointing to "#":
    destinations are parsed at each `](` and reference definition by CommonMark's own rules
    (escapes, entities, nested parentheses, <…>, the next line)."""
    changes = []
    for match in DESTINATION_FOLLOWS.finditer(text):
        start = match.end()
        while start < len(text) and text[start] in " \t":
            start += 1
        if text.startswith("\n", start):  # a destination may start on the next line
            start += 1
            while start < len(text) and text[start] in " \t":
                start += 1
        destination = parseLinkDestination(text, start, len(text))
        if destination.ok and COMMONMARK.normalizeLink(destination.str) in addresses:
            changes.append((start, destination.pos))
    for start, end in reversed(changes):
        text = text[:start] + "#" + text[end:]
    return text


def sanitised_markdown(text):
    """Markdown that a GitBook-style build renders with no live markup: raw HTML other than a
    bare allowed tag (`<b>`, `</sup>`, `<br/>`) or an autolink is escaped into text, and links
    to other schemes (javascript:…), as a CommonMark parse reads them, point nowhere. Applying it
    again changes nothing."""

    def tag(match):
        at = match.start()
        bare = BARE_TAG.match(text, at)
        if AUTOLINK.match(text, at) or (bare and bare.group(1).lower() in ALLOWED_TAGS):
            return "<"
        return "&lt;"

    text = re.sub("<", tag, text)
    found = dangerous_links(text)
    if found:
        text = _harmless_destinations(text, set(found))
        found = dangerous_links(text)
    # Whatever CommonMark still reads as a dangerous link: its block keeps its text, not its links.
    while found:
        lines = text.split("\n")
        for first, last in {span for spans in found.values() for span in spans}:
            for number in range(first, min(last, len(lines))):
                lines[number] = UNESCAPED_BRACKET.sub(r"\\\1", lines[number])
        text = "\n".join(lines)
        found = dangerous_links(text)
    return text


def front_matter_value(value):
    """One front matter value as YAML that reads back as exactly this text: plain when YAML
    would read it unchanged, else double-quoted (`2.5`, `a: b`, `#1`, `"quoted"`)."""
    text = " ".join(str(value).split())
    try:
        plain = yaml.safe_load(f"value: {text}") == {"value": text}
    except yaml.YAMLError:
        plain = False
    return text if plain else json.dumps(text, ensure_ascii=False)


def markdown_document(fields, heading, body):
    """A Markdown file as the GitBook export writes it: YAML front matter between `---` lines,
    the title as a heading, then the text, both sanitised (`sanitised_markdown`)."""
    lines = ["---", *(f"{key}: {front_matter_value(value)}" for key, value in fields), "---"]
    text = "\n".join(lines) + f"\n\n# {sanitised_markdown(heading)}\n"
    body = sanitised_markdown(body.strip("\n"))
    return text + ("\n" + body + "\n" if body else "")


def read_front_matter(head):
    """The front matter's values as text ({"number": "2.5"}), or ValueError when it is not a
    YAML mapping of plain values."""
    try:
        fields = yaml.safe_load(head) if head.strip() else {}
    except yaml.YAMLError as error:
        raise ValueError(f"the front matter is not valid YAML ({error.problem})") from None
    if not isinstance(fields, dict) or any(isinstance(v, (dict, list)) for v in fields.values()):
        raise ValueError("the front matter is not a list of `key: value` lines")
    return {str(key): "" if value is None else str(value) for key, value in fields.items()}


def outline_of(html):
    """The "On this page" outline of rendered HTML: its second- and third-level headings."""
    collector = _HeadingCollector()
    collector.feed(html)
    return collector.headings
