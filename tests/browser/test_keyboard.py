"""Forms completed with the keyboard alone: Tab to move, type, Space to tick, Enter to send."""

import re

from playwright.sync_api import expect

from blueprint.models import Feedback, Signer
from recommendations.models import Node


def tab_to(page, name, limit=80):
    """Press Tab until the element labelled `name` has focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(
            "(() => { const e = document.activeElement; const l = e.labels && e.labels[0];"
            " return (l ? l.textContent : e.getAttribute('aria-label') || e.textContent || '').trim(); })()"
        )
        if re.match(name, label):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def test_sign_on_by_keyboard_alone(page, site):
    page.goto(site + "/sign/")
    tab_to(page, "Your name")
    page.keyboard.type("Keyboard User")
    tab_to(page, "Sector")
    page.keyboard.type("Research")
    tab_to(page, "Place")
    page.keyboard.type("Denver")
    tab_to(page, "As an individual")
    page.keyboard.press("Space")
    tab_to(page, "Your e-mail address")
    page.keyboard.type("keys@example.org")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert Signer.objects.get().name == "Keyboard User"


def test_rating_by_keyboard_alone(page, site):
    page.goto(site + "/r/4.1/")
    tab_to(page, "Not helpful")
    page.keyboard.press("Enter")
    page.wait_for_url("**/feedback/**")
    tab_to(page, "Anything you would like to add")
    page.keyboard.type("Needs examples.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Thank you. Your answer is saved.")).to_be_visible()
    assert list(Feedback.objects.values_list("rating", "comment")) == [(1, "Needs examples.")]


def test_comment_by_keyboard_alone(page, site):
    node = Node.objects.get(number="1")
    page.goto(site + f"/comments/new/node/{node.pk}/")
    tab_to(page, "Your name")
    page.keyboard.type("Kay")
    page.keyboard.press("Tab")
    page.keyboard.type("kay@example.org")
    tab_to(page, "Your comment")
    page.keyboard.type("Typed without a mouse.")
    tab_to(page, "Send comment")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
