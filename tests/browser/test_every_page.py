"""Every public page type, in the light theme on a phone and the dark theme on a wide screen (each
theme and each width once): no sideways scrolling, no movement after the first paint, no console
error, nothing the Content-Security-Policy refuses, no axe-core violation (WCAG 2.2 AA, contrast
included), and a description of its own. The main page types are saved as screenshots
(artifacts/screenshots/)."""

import http.server
import threading
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from recommendations.models import Node
from tests.browser.conftest import DESKTOP, PHONE, screenshot, watch_csp
from tests.browser.test_accessibility import PUBLIC_PAGES, cohort, violations  # noqa: F401 (a fixture)

PAGES = [
    *PUBLIC_PAGES,
    "/examples/",
    "/tools/?kind=playbook",
    lambda: f"/comments/on/node/{Node.objects.get(number='2.7.2').pk}/",  # a whole discussion
    "/cohorts/interest/?number=9.9.9",  # "Tell me when one starts", with its error
]
SCREENSHOTS = {
    "/": "start",
    "/r/1/": "principle",
    "/r/2.7/": "recommendation",
    "/r/2.7.2/": "sub-recommendation",
    "/examples/mano-a-mano/": "example",
    "/tools/prevention-maturity-model/": "tool",
    "/search/?q=benefits": "search",
    "/examples/submit/?node=2.7.2": "submit-example",
    "/cohorts/translation/": "cohort",
    "/signers/": "signers",
}
# The page's cumulative layout shift so far (the browser's own measure; 0: nothing moved).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  let shifted = 0;
  new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries()) if (!entry.hadRecentInput) shifted += entry.value;
  }).observe({ type: "layout-shift", buffered: true });
  setTimeout(() => resolve(shifted), 50);
})"""


@pytest.mark.parametrize(
    ("theme", "viewport", "size"),
    [("light", PHONE, "phone"), ("dark", DESKTOP, "desktop")],
    ids=["light-390px", "dark-1440px"],
)
@pytest.mark.usefixtures("cohort")
def test_every_page_type_reads_well_in_each_theme_and_at_each_width(browser, site, theme, viewport, size):
    context = browser.new_context(viewport=viewport, color_scheme=theme)
    page = watch_csp(context.new_page())
    errors = []
    page.on(
        "console",
        lambda message: errors.append(f"{page.url}: {message.text}") if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    failures = {}
    for path in PAGES:
        path = path() if callable(path) else path
        page.goto(site + path, wait_until="load")
        if path in SCREENSHOTS:
            screenshot(page, f"{size}-{SCREENSHOTS[path]}")
        problems = violations(page)
        if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth"):
            problems.append("scrolls sideways")
        shifted = page.evaluate(LAYOUT_SHIFT)
        if shifted >= 0.01:  # a tenth of what browsers call good (0.1); loading scripts moved 0.09–0.95
            problems.append(f"moves after the first paint ({shifted:.4f})")
        description = page.locator('meta[name="description"]').get_attribute("content") or ""
        if len(description) < 20:
            problems.append(f"description {description!r}")
        if page.evaluate("getComputedStyle(document.body).backgroundColor") != (
            "rgb(17, 22, 29)" if theme == "dark" else "rgb(255, 255, 255)"
        ):
            problems.append("not in the theme")
        if problems:
            failures[path] = problems
    context.close()
    # A missing page answers 404, which the browser logs; nothing else may.
    errors = [error for error in errors if "/no-such-page/" not in error]
    assert (failures, errors, page.csp_violations) == ({}, [], [])


def test_the_theme_button_says_what_a_press_will_do_switches_and_is_remembered(js_page, site):
    js_page.goto(site + "/r/1.1/")
    js_page.get_by_role("button", name="Dark theme", exact=True).click()
    expect(js_page.get_by_role("button", name="Light theme", exact=True)).to_be_visible()
    js_page.reload()
    expect(js_page.locator("html")).to_have_attribute("data-theme", "dark")
    assert js_page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(17, 22, 29)"
    js_page.get_by_role("button", name="Light theme", exact=True).click()
    expect(js_page.locator("html")).to_have_attribute("data-theme", "light")
    expect(js_page.get_by_role("button", name="Dark theme", exact=True)).to_be_visible()


def test_in_a_dark_system_the_theme_button_offers_the_light_theme_from_the_first_paint(browser, site):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site + "/r/1.1/")
    expect(page.get_by_role("button", name="Light theme", exact=True)).to_be_visible()
    context.close()


def test_on_a_phone_the_header_folds_to_64_px_and_on_this_page_is_one_tap_away(browser, site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(site + "/")
    assert page.locator(".site-header").bounding_box()["height"] <= 64
    expect(page.get_by_role("searchbox")).to_be_hidden()
    page.get_by_role("button", name="Menu").click()
    expect(page.get_by_role("searchbox")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.get_by_role("searchbox")).to_be_hidden()
    page.mouse.wheel(0, 2500)
    outline = page.locator(".on-this-page summary")
    expect(outline).to_be_in_viewport()
    outline.click()
    page.get_by_role("link", name="IV: How do I make it stronger?").click()
    expect(page.locator("#s-iv-how-do-i-make-it-stronger")).to_be_in_viewport()
    context.close()


def test_on_a_wide_screen_the_header_and_on_this_page_stay_in_view(browser, site):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(site + "/")
    page.mouse.wheel(0, 3000)
    expect(page.get_by_role("searchbox")).to_be_in_viewport()
    expect(page.get_by_role("heading", name="On this page")).to_be_in_viewport()
    context.close()


def test_without_javascript_a_phone_shows_the_text_before_the_contents(browser, site):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/r/2.7/")
    heading = page.get_by_role("heading", level=1).bounding_box()
    contents = page.get_by_role("navigation", name="Wellbeing Blueprint contents").bounding_box()
    assert heading["y"] < contents["y"]
    context.close()


def test_nothing_in_the_header_wraps_at_800_px(browser, site):
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    page.goto(site + "/r/1/")
    boxes = [
        page.locator(selector).bounding_box()
        for selector in (".site-name", ".site-search", ".header-action", ".language", ".theme-toggle")
    ]
    middles = [box["y"] + box["height"] / 2 for box in boxes]
    assert max(middles) - min(middles) < 4  # one row
    assert max(box["height"] for box in boxes) < 48
    context.close()


@pytest.mark.usefixtures("cohort")
def test_every_filter_and_finder_is_24_px_or_taller_with_16_px_text_beside_its_label(browser, site):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    found = {}
    for path, selector in [
        ("/examples/", ".filters select, .filters input"),
        ("/tools/", ".filters select, .filters input"),
        ("/cohorts/", ".filters select"),
        ("/examples/submit/", ".node-picker-search input"),
    ]:
        page.goto(site + path)
        controls = page.locator(selector)
        assert controls.count() >= 1, path
        for index in range(controls.count()):
            control = controls.nth(index)
            box = control.bounding_box()
            size = control.evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
            label = control.evaluate(
                "element => { const label = element.labels && element.labels[0];"
                " if (!label) return null; const box = label.getBoundingClientRect();"
                " return box.top + box.height / 2; }"
            )
            beside = label is not None and box["y"] <= label <= box["y"] + box["height"]
            if box["height"] < 24 or size < 16 or not beside:
                found[f"{path} {index}"] = (box["height"], size, beside)
    context.close()
    assert found == {}


def test_the_maturity_grid_shows_every_stage_on_a_wide_screen_and_says_it_scrolls_on_a_phone(browser, site):
    for viewport, fits in [(DESKTOP, True), (PHONE, False)]:
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(site + "/maturity-model/")
        region = page.get_by_role("region", name="Areas of innovation by stage of maturity")
        widths = region.evaluate("box => [box.scrollWidth, box.clientWidth]")
        assert (widths[0] <= widths[1]) is fits
        last = page.locator(".maturity-grid thead th").last.bounding_box()
        assert (last["x"] + last["width"] <= viewport["width"]) is fits
        expect(page.get_by_text("scroll it sideways to see every stage")).to_be_visible(visible=not fits)
        context.close()


class SlowlyArriving(http.server.BaseHTTPRequestHandler):
    """Sends a page in two parts, the second a second after the first, as a slow network does."""

    parts = (b"", b"")

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(self.parts[0])
        self.wfile.flush()
        time.sleep(1)
        self.wfile.write(self.parts[1])

    def log_message(self, *args):
        pass


@pytest.mark.parametrize(
    "cut_at", ['class="header-action"', 'class="theme-toggle"'], ids=["submit-link-late", "theme-button-late"]
)
def test_a_page_arriving_slowly_never_shows_its_header_moving(browser, site, cut_at):
    """Painted before the header's last links arrived, the search box moved as they did (the
    header is aligned to the right): the browser waits for the contents (`rel="expect"`)."""
    with urllib.request.urlopen(site + "/r/2.7/") as response:
        html = response.read().decode()
    # Its style sheets and scripts come from the live server; the cut falls inside the header.
    html = html.replace('="/static/', f'="{site}/static/')
    cut = html.index(cut_at)
    handler = type("Handler", (SlowlyArriving,), {"parts": (html[:cut].encode(), html[cut:].encode())})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/", wait_until="load")
        shifted = page.evaluate(LAYOUT_SHIFT)
    finally:
        context.close()
        server.shutdown()
        server.server_close()
    assert shifted == 0
