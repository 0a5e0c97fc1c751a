"""Forms completed with the keyboard alone: Tab to move, type, Space to tick, Enter to send."""

import re

from django_comments.models import CommentFlag
from playwright.sync_api import expect

from blueprint.pages.models import Feedback, Signer
from blueprint.pulse.models import PulseCheck
from cohorts.models import Interest, SignUp
from examples.models import ExampleSubmission
from recommendations.models import Node, Suggestion
from tests.factories import CohortFactory, CommentFactory


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
    if page.js_enabled:  # saved in one press; the comment is one more link away
        expect(page.get_by_role("status").get_by_text("Thank you. Your answer is saved.")).to_be_visible()
        tab_to(page, r"Add a comment \(optional\)")
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


def test_submit_an_example_by_keyboard_alone(page, site):

    page.goto(site + "/examples/submit/?node=2.7.1")
    tab_to(page, "Title")
    page.keyboard.type("Library tablets")
    page.keyboard.press("Tab")
    page.keyboard.type("People applied online.")
    tab_to(page, "Place")
    page.keyboard.type("Tulsa")
    tab_to(page, "Your name")
    page.keyboard.type("Kim")
    page.keyboard.press("Tab")
    page.keyboard.type("kim@example.org")
    tab_to(page, "You may e-mail me about this example.")
    page.keyboard.press("Space")
    tab_to(page, "Send the example")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your example is in")
    assert list(ExampleSubmission.objects.values_list("title", "nodes__number")) == [
        ("Library tablets", "2.7.1")
    ]


def test_suggest_an_edit_by_keyboard_alone(page, site):

    page.goto(site + Node.objects.get(number="3.2.1").get_absolute_url() + "suggest/")
    tab_to(page, "Text")
    page.keyboard.type("People need places to meet.")
    page.keyboard.press("Tab")
    page.keyboard.type("It has no text.")
    page.keyboard.press("Tab")
    page.keyboard.type("Sam")
    page.keyboard.press("Tab")
    page.keyboard.type("sam@example.org")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your suggestion")
    assert Suggestion.objects.get().text == "People need places to meet."


def test_join_a_cohort_by_keyboard_alone(page, site):

    CohortFactory(name="Translation cohort", slug="translation", capacity=5)
    page.goto(site + "/cohorts/translation/join/")
    tab_to(page, "Your name")
    for text in ("Ana", "ana@example.org", "County", "Director"):
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    page.keyboard.type("Research")
    for text in ("Ohio", "Akron", "Interpreters."):
        page.keyboard.press("Tab")
        page.keyboard.type(text)
    tab_to(page, "Sign up")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert list(SignUp.objects.values_list("name", "sector", "city")) == [("Ana", "research", "Akron")]


def test_ask_to_hear_about_cohorts_by_keyboard_alone(page, site):

    page.goto(site + "/cohorts/interest/2.7.1/")
    tab_to(page, "Your name")
    page.keyboard.type("Lou")
    page.keyboard.press("Tab")
    page.keyboard.type("lou@example.org")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your e-mail")
    assert list(Interest.objects.values_list("email", "node__number")) == [("lou@example.org", "2.7.1")]


def test_report_a_comment_by_keyboard_alone(page, site):

    node = Node.objects.get(number="1.1")
    comment = CommentFactory(target=node, user_name="A", user_email="a@example.org", comment="Rude.")
    page.goto(site + node.get_absolute_url())
    tab_to(page, "Report")
    page.keyboard.press("Enter")
    page.wait_for_url("**/flag/")
    tab_to(page, "Report this comment")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for reporting")
    assert CommentFlag.objects.filter(comment=comment).count() == 1


def test_take_a_pulse_check_by_keyboard_alone(page, site):
    page.goto(site + "/pulse-check/blueprint/start/")
    tab_to(page, "Start")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "1. Start with what matters to people: wellbeing"
    )
    tab_to(page, "Not sure")  # the first question's stages: Tab lands on the one chosen
    page.keyboard.press("ArrowRight")  # past the last, to the first: "Baseline prerequisites"
    page.keyboard.press("Tab")  # to the first question's urgency: "Skip" is chosen
    page.keyboard.press("ArrowLeft")  # "Urgent"
    tab_to(page, "Save and see the result")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your Pulse Check")
    check = PulseCheck.objects.get()
    assert list(check.answers.values_list("item__node__number", "stage__position", "urgency")) == [
        ("1.1", 1, 2)
    ]
