"""Browser tests: Playwright driving Debian's headless Chromium against pytest-django's live server."""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from playwright.sync_api import sync_playwright

# Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test body
# are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: install Debian's `chromium` package (.ci/run does).")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, blueprint, settings):
    """The Blueprint served by a live server, with rate limits raised for quick journeys."""
    settings.RATE_LIMITS = {scope: "1000/m" for scope in settings.RATE_LIMITS}
    return live_server.url


def watch_csp(page):
    """Collect what Chromium refuses under the Content-Security-Policy (it says so on the console)."""
    page.csp_violations = []
    page.on(
        "console",
        lambda message: (
            page.csp_violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    return page


@pytest.fixture(params=["js", "no-js"])
def page(request, browser):
    """A reader's browser, with the site's CSP enforced: a journey fails on any violation."""
    context = browser.new_context(viewport=DESKTOP, java_script_enabled=request.param == "js")
    context.set_default_timeout(10_000)
    page = watch_csp(context.new_page())
    page.js_enabled = request.param == "js"
    yield page
    context.close()
    assert page.csp_violations == []


@pytest.fixture
def js_page(browser):
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def outbox_link(pattern):
    """The path of the newest link in the outbox matching `pattern`."""

    for message in reversed(mail.outbox):
        found = re.search(r"https?://[^/\s]+(" + pattern + r")", message.body)
        if found:
            return found.group(1)
    raise AssertionError(f"no e-mail with a link like {pattern}")


def signed_in_as(page, site, user):
    """`page` signed in as `user` without the sign-in form (the journeys in test_journeys.py go
    through it): the session Django's test client starts, as a cookie of the page's browser. Opens
    the admin's start page."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": site}])
    page.goto(site + "/admin/")
    return page


def screenshot(page, name):
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
