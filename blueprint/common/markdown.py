"""The one Markdown renderer: Markdown -> HTML -> nh3 allowlist.

Every model, the markdownx preview and the exports use it. Rendered HTML is stored at save time,
never re-rendered per request.
"""

import json
import re
from html import escape, unescape
from html.parser import HTMLParser

import markdown
import nh3
import yaml
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


# -- the GitBook-style files ----------------------------------------------------------------

AUTOLINK = re.compile(r"<(?:https?|mailto):[^\s<>]*>", re.IGNORECASE)
BARE_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\s*/?>")
LINK_DESTINATION = re.compile(r"(\]\(\s*<?)([^)\s>]*)|^( {0,3}\[[^\]]+\]:[ \t]*<?)(\S+)", re.MULTILINE)
SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")


def _harmless_destination(destination):
    """A link's address, or "#" when it names a scheme other than http, https or mailto (as a
    renderer would read it: entities decoded, blanks and control characters dropped)."""
    readable = "".join(c for c in unescape(destination) if c > " " and c != "\x7f").lower()
    scheme = SCHEME.match(readable)
    return destination if scheme is None or scheme.group(1) in URL_SCHEMES else "#"


def sanitised_markdown(text):
    """Markdown that a GitBook-style build renders with no live markup: raw HTML other than a
    bare allowed tag (`<b>`, `</sup>`, `<br/>`) or an autolink is escaped into text, and links
    to other schemes (javascript:…) point nowhere. Applying it again changes nothing."""

    def tag(match):
        at = match.start()
        bare = BARE_TAG.match(text, at)
        if AUTOLINK.match(text, at) or (bare and bare.group(1).lower() in ALLOWED_TAGS):
            return "<"
        return "&lt;"

    text = re.sub("<", tag, text)

    def link(match):
        if match.group(1) is not None:
            return match.group(1) + _harmless_destination(match.group(2))
        return match.group(3) + _harmless_destination(match.group(4))

    return LINK_DESTINATION.sub(link, text)


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
