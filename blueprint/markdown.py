"""The one Markdown renderer: Markdown -> HTML -> nh3 allowlist.

Every model, the markdownx preview and the exports use it. Rendered HTML is stored at save time,
never re-rendered per request.
"""

import re
from html import escape
from html.parser import HTMLParser

import markdown
import nh3
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

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


# Python-Markdown parses nested inline markup recursively and brackets in quadratic time, so text
# nested deeper than any real page is refused where it is typed (`validate_nesting`) and shown
# as plain paragraphs where it is not (an import, an older row).
MAX_NESTING = 32
DEEPER = f"{{{MAX_NESTING + 1},}}"  # {33,}: more than MAX_NESTING times
EMPHASIS_RUN = re.compile(r"[*_~]" + DEEPER)
QUOTE_DEPTH = re.compile(r"^(?:[ \t]*>)" + DEEPER, re.MULTILINE)
LIST_DEPTH = re.compile(r"^(?: {4}|\t)" + DEEPER, re.MULTILINE)
TOO_DEEP = _(
    "This text nests markup more than %(limit)s levels deep (brackets, emphasis marks, quotes or "
    "lists). Please simplify it."
)


def too_deeply_nested(text):
    """Whether `text` nests brackets, emphasis, quotes or lists deeper than MAX_NESTING."""
    if EMPHASIS_RUN.search(text) or QUOTE_DEPTH.search(text) or LIST_DEPTH.search(text):
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


def markdown_document(fields, heading, body):
    """A Markdown file as the GitBook export writes it: front matter (`key: value` lines between
    `---`), the title as a heading, then the text."""
    lines = ["---", *(f"{key}: {' '.join(str(value).split())}" for key, value in fields), "---"]
    text = "\n".join(lines) + f"\n\n# {heading}\n"
    body = body.strip("\n")
    return text + ("\n" + body + "\n" if body else "")


def outline_of(html):
    """The "On this page" outline of rendered HTML: its second- and third-level headings."""
    collector = _HeadingCollector()
    collector.feed(html)
    return collector.headings
