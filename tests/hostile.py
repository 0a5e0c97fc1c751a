"""Hostile input: each payload carries the marker XSS, so any live markup it produces is found."""

from html.parser import HTMLParser

PAYLOADS = [
    "<script>alert('XSS')</script>",
    "<img src=x onerror=alert('XSS')>",
    "<svg onload=alert('XSS')>",
    "<a href=\"javascript:alert('XSS')\">x</a>",
    "[click](javascript:alert('XSS'))",
    "<iframe src=\"javascript:alert('XSS')\"></iframe>",
    "\"><script>alert('XSS')</script>",
    "'><img src=x onerror=alert('XSS')>",
    "<body onload=alert('XSS')>",
    '<div style="position:fixed;top:0;left:0;width:100%;height:100%">XSS</div>',
    "<style>body{display:none}/*XSS*/</style>",
    "<scr<script>ipt>alert('XSS')</scr</script>ipt>",
    "<SCRIPT SRC=//evil.example/XSS.js></SCRIPT>",
    "<a href=\"jav&#x09;ascript:alert('XSS')\">x</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert('XSS')>",
    "<details open ontoggle=alert('XSS')>",
    "<input autofocus onfocus=alert('XSS')>",
    "<object data=\"javascript:alert('XSS')\"></object>",
    "<embed src=\"javascript:alert('XSS')\">",
    "<form action=\"javascript:alert('XSS')\"><button>x</button></form>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'XSS\')">',
    "<link rel=stylesheet href=javascript:alert('XSS')>",
    "<base href=\"javascript:alert('XSS')//\">",
    "<video><source onerror=alert('XSS')></video>",
    "<audio src=x onerror=alert('XSS')>",
    "<marquee onstart=alert('XSS')>XSS</marquee>",
    '<img src="x" alt="XSS" onmouseover="alert(1)">',
    "</textarea><script>alert('XSS')</script>",
    "</title><script>alert('XSS')</script>",
    "<!--<script>alert('XSS')</script>-->",
    "<![CDATA[<script>alert('XSS')</script>]]>",
    "{{ 7|add:7 }} XSS {% debug %}",
    "${alert('XSS')}",
    "%3Cscript%3Ealert('XSS')%3C/script%3E",
    "&lt;script&gt;alert('XSS')&lt;/script&gt;",
    "<p>unclosed <b>bold <i>XSS",
    "</div></div></main><h1>XSS</h1>",
    "<h1>XSS</h1>",
    "<table><tr><td>XSS",
    "XSS " + "A" * 4900,
    "XSS Ελληνικά 中文 العربية עברית हिन्दी ქართული",
    "XSS \u202egnp.exe",
    "XSS\u200b\u200d\ufeff",
    "XSS 🧪👩🏽‍🔬",
    "https://example.org/\"onmouseover=\"alert('XSS')",
    '<a href="https://example.org" target="_blank" onclick="alert(\'XSS\')">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="XSS">',
    "<svg><script>alert('XSS')</script></svg>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('XSS')>\">",
    "<x onclick=alert('XSS')>click",
    "\\\"><svg/onload=alert('XSS')>",
    "<img src=x:alert(alt) onerror=eval(src) alt=XSS>",
    "<a href=\" javascript:alert('XSS')\">x</a>",
    "<a href=\"JaVaScRiPt:alert('XSS')\">x</a>",
    "XSS\r\n\r\n<script>alert(1)</script>\r",
]


class LiveMarkup(HTMLParser):
    """Collects what in a page could run or restyle: scripts, handlers, risky URLs, styles."""

    def __init__(self, *, strict_tags):
        super().__init__(convert_charrefs=True)
        self.strict_tags = strict_tags
        self.found = []
        self.h1 = 0
        self._in = None

    def handle_starttag(self, tag, attrs):
        if tag == "h1":
            self.h1 += 1
        if tag in ("script", "style"):
            self._in = tag
            src = dict(attrs).get("src") or ""
            if "XSS" in src:
                self.found.append(f"<{tag} src={src}>")
        # The admin draws its icons with <svg>; the public pages have none of these tags.
        if (
            self.strict_tags
            and tag
            in (
                "iframe",
                "object",
                "embed",
                "base",
                "meta",
                "marquee",
                "svg",
                "math",
                "x",
            )
            and (tag != "meta" or "refresh" in str(dict(attrs).get("http-equiv", "")).lower())
        ):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.found.append(f"{name}={value}")
            if name in ("href", "src", "action", "data", "formaction") and value.strip().lower().replace(
                "\t", ""
            ).startswith(("javascript:", "data:", "vbscript:")):
                self.found.append(f"{name}={value}")
            if name == "style" and "XSS" in value or (name == "style" and "fixed" in value):
                self.found.append(f"style={value}")

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in and "XSS" in data:
            self.found.append(f"<{self._in}>{data[:40]}")


def live_markup(html, *, strict_tags=True):
    parser = LiveMarkup(strict_tags=strict_tags)
    parser.feed(html)
    return parser.found, parser.h1
