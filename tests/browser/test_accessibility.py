"""axe-core at WCAG 2.2 A and AA on forms with errors, confirmation pages and the editors' main admin
pages (every public page type: test_every_page); the Content-Security-Policy in the admin."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from recommendations.models import Node
from tests.browser.conftest import DESKTOP, watch_csp
from tests.factories import CohortFactory, SignUpFactory, UserFactory
from tests.pulse.data import answered_check, group_check, retaken_check_url, working_on_entry

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def violations(page, *, serious_only=False):
    # Violations only: axe then skips collecting every passing node (a sixth of the time).
    result = Axe().run(
        page, options={"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    )
    found = result.response["violations"]
    if serious_only:
        found = [v for v in found if v["impact"] in ("serious", "critical")]
    return [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]


@pytest.fixture
def cohort(blueprint):
    cohort = CohortFactory(name="Translation cohort", slug="translation", capacity=5)
    SignUpFactory(
        cohort=cohort,
        name="Ana",
        email="ana@example.org",
        status="member",
        listed_to_members=True,
        token="member-token",
    )
    return cohort


def node_path(number, suffix=""):
    return Node.objects.get(number=number).get_absolute_url() + suffix


PUBLIC_PAGES = [
    "/",  # start page
    "/r/1/",  # principle
    "/r/2.7/",  # recommendation
    "/r/2.7.2/",  # sub-recommendation
    "/examples/mano-a-mano/",  # example
    "/tools/prevention-maturity-model/",  # tool
    "/about/",
    "/maturity-model/",  # the maturity model's grid and a cell
    "/maturity-model/use-of-data/transformative-innovations/",
    "/pulse-check/",  # Pulse Check: start, questions, a retaken result, a facilitator's page
    "/pulse-check/blueprint/start/",
    lambda: f"/pulse-check/answers/{answered_check().token}/2/",
    retaken_check_url,
    lambda: group_check().get_absolute_url(),
    "/working-on/2.7.1/",  # "I'm working on this", an entry's own page, writing to someone
    lambda: working_on_entry().get_absolute_url(),
    lambda: f"/working-on/contact/{working_on_entry().pk}/",
    "/search/?q=benefits",  # search results
    "/search/?q=zzzqqq",  # search without results
    "/examples/submit/?node=2.7.2",  # forms, empty
    lambda: node_path("2.7.2", "suggest/"),
    lambda: f"/comments/new/node/{Node.objects.get(number='1').pk}/",
    "/sign/",
    "/cohorts/translation/join/",
    "/cohorts/interest/2.7.1/",
    lambda: f"/feedback/node/{Node.objects.get(number='1').pk}/?rating=3",
    "/cohorts/",  # cohort list and page
    "/cohorts/translation/",
    "/cohorts/sign-up/member-token/",
    "/cohorts/members/member-token/",
    "/signers/",
    "/changes/",
    "/privacy/",
    "/print/",
    "/no-such-page/",
]


@pytest.mark.parametrize(
    ("path", "button"),
    [
        ("/examples/submit/", "Send the example"),
        ("/sign/", "Sign on"),
        ("/cohorts/translation/join/", "Sign up"),
        (lambda: node_path("2.7.2", "suggest/"), "Send the suggestion"),
        (lambda: f"/comments/new/node/{Node.objects.get(number='1').pk}/", "Send comment"),
    ],
)
def test_forms_with_errors_have_no_wcag_violations(js_page, site, cohort, path, button):
    js_page.goto(site + (path() if callable(path) else path))
    js_page.get_by_role("button", name=button).click()
    expect(js_page.locator(".errors").first).to_be_visible()
    assert violations(js_page) == []
    # Every field in error is marked alike, whatever its kind (text, e-mail, box, list).
    marks = js_page.locator("[aria-invalid=true]:not([type=radio]):not([type=checkbox])").evaluate_all(
        "fields => fields.map(f => [f.name, getComputedStyle(f).borderTopColor, getComputedStyle(f).borderTopWidth])"
    )
    assert len(marks) >= 2
    assert {(color, width) for _name, color, width in marks} == {(marks[0][1], "2px")}, marks


def test_confirmation_pages_have_no_wcag_violations(js_page, site, cohort):
    js_page.goto(site + "/sign/")
    js_page.get_by_role("textbox", name="Your name").fill("S")
    js_page.get_by_role("combobox", name="Sector").select_option(label="Research")
    js_page.get_by_role("textbox", name=re.compile("^Place")).fill("P")
    js_page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("s@example.org")
    js_page.get_by_role("button", name="Sign on").click()
    assert violations(js_page) == []
    js_page.goto(site + "/examples/submit/?node=2.7.2")
    js_page.get_by_role("textbox", name="Title").fill("T")
    js_page.get_by_role("textbox", name="What happened, and what changed?").fill("W")
    js_page.get_by_role("textbox", name=re.compile("^Place")).fill("P")
    js_page.get_by_role("textbox", name="Your name").fill("K")
    js_page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("k@example.org")
    js_page.get_by_role("checkbox", name="You may e-mail me about this example.").check()
    js_page.get_by_role("button", name="Send the example").click()
    assert violations(js_page) == []
    js_page.goto(site + "/cohorts/translation/join/")
    for name, value in (
        ("Your name", "A"),
        ("Organization", "O"),
        ("Your role", "R"),
        ("US state, or country", "Ohio"),
        ("City", "Akron"),
    ):
        js_page.get_by_role("textbox", name=name).fill(value)
    js_page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("a@example.org")
    js_page.get_by_role("combobox", name="Sector").select_option(label="Other")
    js_page.get_by_role("textbox", name=re.compile("^What do you hope")).fill("H")
    js_page.get_by_role("button", name="Sign up").click()
    assert js_page.get_by_role("heading", level=1).text_content() == "Check your e-mail"
    assert violations(js_page) == []
    js_page.goto(site + node_path("2.7.2", "suggest/"))
    js_page.get_by_role("textbox", name="Text").fill("New text.")
    js_page.get_by_role("textbox", name=re.compile("^Why")).fill("Why.")
    js_page.get_by_role("textbox", name="Your name").fill("S")
    js_page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("s@example.org")
    js_page.get_by_role("button", name="Send the suggestion").click()
    assert js_page.get_by_role("heading", level=1).text_content() == "Thank you for your suggestion"
    assert violations(js_page) == []
    js_page.goto(site + f"/feedback/node/{Node.objects.get(number='1').pk}/?rating=3")
    js_page.get_by_role("button", name="Send").click()
    assert violations(js_page) == []


def test_editors_main_admin_pages_have_no_serious_violations(js_page, site, cohort):
    editor = UserFactory(is_staff=True, username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    js_page.goto(site + "/admin/login/")
    js_page.get_by_role("textbox", name="Username").fill("editor")
    js_page.get_by_label("Password").fill("a-long-test-password")
    js_page.get_by_role("button", name="Log in").click()
    node = Node.objects.get(number="2.7.2")
    failures = {}
    for path in ("/admin/", f"/admin/recommendations/node/{node.pk}/change/", "/admin/moderation/"):
        js_page.goto(site + path, wait_until="networkidle")
        found = violations(js_page, serious_only=True)
        if found:
            failures[path] = found
    assert failures == {}


def test_keyboard_skip_link_is_first_and_focus_is_visible(js_page, site):
    js_page.goto(site + "/r/2.7/")
    js_page.keyboard.press("Tab")
    focused = js_page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to content"
    outline = js_page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"
    js_page.keyboard.press("Enter")
    assert js_page.evaluate("location.hash") == "#main"


def test_navigation_tree_branches_open_with_the_keyboard(js_page, site):
    js_page.goto(site + "/r/1/")
    branch = js_page.locator("details[data-branch]:not([open]) > summary:visible").nth(2)
    branch.focus()
    before = js_page.locator("details[data-branch][open]").count()
    js_page.keyboard.press("Enter")
    assert js_page.locator("details[data-branch][open]").count() == before + 1


# -- Content-Security-Policy ----------------------------------------------------------------------


@pytest.fixture
def csp_page(browser):

    context = browser.new_context(viewport=DESKTOP)  # the policy enforced, unlike axe's pages
    context.set_default_timeout(10_000)
    yield watch_csp(context.new_page())
    context.close()


def test_no_admin_page_breaks_the_content_security_policy(csp_page, site, cohort):
    """(The public pages are watched by test_every_page.)"""
    editor = UserFactory(username="csp-editor", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    csp_page.goto(site + "/admin/login/")
    csp_page.fill("#id_username", "csp-editor")
    csp_page.fill("#id_password", "a-long-test-password")
    csp_page.click("input[type=submit]")
    node = Node.objects.get(number="2.7.2")
    for path in [
        "/admin/",
        "/admin/moderation/",
        "/admin/recommendations/node/",
        f"/admin/recommendations/node/{node.pk}/change/",
        f"/admin/recommendations/node/{node.pk}/history/",
        "/admin/examples/example/add/",
        "/admin/cohorts/cohort/",
        "/admin/personal-data/",
    ]:
        csp_page.goto(site + path)
        csp_page.wait_for_load_state("networkidle")
    assert sorted({v[:160] for v in csp_page.csp_violations}) == []


def test_a_violation_would_be_noticed(csp_page, site):
    csp_page.goto(site + "/")
    csp_page.evaluate("document.body.setAttribute('style', 'color: red')")
    csp_page.wait_for_timeout(200)
    assert len(csp_page.csp_violations) == 1
    assert "Applying inline style violates" in csp_page.csp_violations[0]
