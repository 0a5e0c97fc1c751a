"""Every journey as a reader would make it, finding elements by role and accessible name only.

Each journey runs with JavaScript and without it (the `page` fixture).
"""

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from blueprint.pages.models import Feedback, Signer
from cohorts.models import SignUp
from tests.browser.conftest import outbox_link
from tests.factories import CohortFactory, UserFactory


def heading(page):
    return page.get_by_role("heading", level=1)


def test_browse_from_start_here_to_a_sub_recommendation(page, site):
    page.goto(site + "/")
    expect(heading(page)).to_have_text("Start here.")
    nav = page.get_by_role("navigation", name="Wellbeing Blueprint contents")
    nav.get_by_role("link", name="1 Start with what matters to people: wellbeing").click()
    expect(heading(page)).to_have_text("1 Start with what matters to people: wellbeing")
    nav.get_by_role("link", name=re.compile(r"^1\.1 Be public")).click()
    nav.get_by_role("link", name=re.compile(r"^1\.1\.1 Make history")).click()
    expect(heading(page)).to_contain_text("1.1.1 Make history and commitments available on the web")
    expect(nav.get_by_role("link", name=re.compile(r"^1\.1\.1 "))).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name=re.compile(r"^Next 1\.1\.2 ")).click()
    expect(heading(page)).to_have_text("1.1.2 Engage staff to shift this history.")
    page.get_by_role("link", name=re.compile(r"^Previous 1\.1\.1 ")).click()
    expect(heading(page)).to_contain_text("1.1.1 ")
    page.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name=re.compile(r"^1\.1 ")).click()
    expect(heading(page)).to_contain_text("1.1 Be public")


def test_search_and_open_a_result(page, site):
    page.goto(site + "/r/2.7/")
    page.get_by_role("searchbox", name="Search the Blueprint").first.fill("procurement")
    page.get_by_role("searchbox", name="Search the Blueprint").first.press("Enter")
    expect(heading(page)).to_have_text("Search")
    page.get_by_role(
        "link", name="1.5.1 Develop core procurement elements that use equity and wellbeing as a framework."
    ).click()
    expect(heading(page)).to_contain_text("1.5.1 Develop core procurement elements")


def test_rate_a_page_helpful(page, site):
    """One click saves the answer with JavaScript, and the comment can follow; without it, the
    two-step page."""
    page.goto(site + "/r/3.2/")
    page.get_by_role("button", name="Yes, helpful").click()
    if page.js_enabled:
        expect(page.get_by_role("status").get_by_text("Thank you. Your answer is saved.")).to_be_visible()
        assert list(Feedback.objects.values_list("rating", "comment")) == [(3, "")]
        expect(page.get_by_role("button", name="Yes, helpful")).to_have_attribute("aria-pressed", "true")
        assert "/3.2/" in page.url
        page.get_by_role("link", name="Add a comment (optional)").click()
    expect(page.get_by_role("radio", name="Yes, helpful")).to_be_checked()
    page.get_by_role("textbox", name=re.compile("Anything you would like to add")).fill("Clear.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Thank you. Your answer is saved.")).to_be_visible()
    assert list(Feedback.objects.values_list("rating", "comment")) == [(3, "Clear.")]
    # The answer stays chosen: a second send changes the comment without retyping the rating.
    expect(page.get_by_role("radio", name="Yes, helpful")).to_be_checked()
    expect(page.get_by_text("Your answer, saved: Yes, helpful.")).to_be_visible()
    page.get_by_role("textbox", name=re.compile("Anything you would like to add")).fill("Clear, and short.")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Thank you. Your answer is saved.")).to_be_visible()
    assert list(Feedback.objects.values_list("rating", "comment")) == [(3, "Clear, and short.")]
    if page.js_enabled:  # a reader who comes back sees the answer this browser gave
        page.goto(site + "/r/3.2/")
        expect(page.get_by_role("button", name="Yes, helpful")).to_have_attribute("aria-pressed", "true")
        expect(page.locator(".helpful-status")).to_contain_text("You answered this before")


def test_comment_confirm_from_email_and_see_it_published(page, site):
    page.goto(site + "/r/3.2.1/")
    page.get_by_role("link", name="Add a comment").click()
    page.get_by_role("textbox", name="Your name").fill("Rosa")
    page.get_by_role("textbox", name="Your e-mail address").fill("rosa@example.org")
    page.get_by_role("textbox", name="Your comment").fill("Our library lends rooms for free.")
    page.get_by_role("button", name="Send comment").click()
    expect(heading(page)).to_have_text("Check your e-mail")
    page.goto(site + outbox_link(r"/comments/confirm/[^/\s]+/"))
    expect(heading(page)).to_have_text("Publish your comment")
    page.get_by_role("button", name="Publish my comment").click()
    expect(heading(page)).to_have_text("Your comment is published")
    page.get_by_role("link", name="See your comment on its page").click()
    expect(heading(page)).to_contain_text("3.2.1 Make it possible for people to gather.")
    expect(page.get_by_text("Our library lends rooms for free.")).to_be_visible()


def login(page, site, user):
    page.goto(site + "/admin/login/")
    page.get_by_role("textbox", name="Username").fill(user.username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Log in").click()


def make_editor():
    editor = UserFactory(is_staff=True, username="editor")
    editor.groups.add(Group.objects.get(name="Editors"))
    return editor


def test_submit_an_example_and_an_editor_publishes_it(page, site):
    page.goto(site + "/r/2.7.1/")
    page.get_by_role("link", name="Submit an example").last.click()
    page.get_by_role("textbox", name="Title").fill("Tablets at the library")
    page.get_by_role("textbox", name="What happened, and what changed?").fill(
        "People applied for benefits online."
    )
    page.get_by_role("textbox", name=re.compile("^Place")).fill("Tulsa, Oklahoma")
    page.get_by_role("textbox", name="Your name").fill("Kim")
    page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("kim@example.org")
    page.get_by_role("checkbox", name="You may e-mail me about this example.").check()
    page.get_by_role("button", name="Send the example").click()
    expect(heading(page)).to_have_text("Thank you: your example is in")

    editor_page = page.context.new_page()
    login(editor_page, site, make_editor())
    editor_page.goto(site + "/admin/moderation/")
    editor_page.get_by_role("checkbox", name=re.compile("^Choose Tablets at the library")).check()
    editor_page.get_by_role("combobox", name="Action").select_option(
        label="Accept submissions and suggestions"
    )
    editor_page.get_by_role("button", name="Apply to the chosen items").click()
    expect(editor_page.get_by_text("Done for 1 item(s).")).to_be_visible()

    page.goto(site + "/r/2.7.1/")
    page.get_by_role("link", name="Tablets at the library", exact=True).click()
    expect(heading(page)).to_have_text("Tablets at the library")


def test_suggest_an_edit_and_an_editor_accepts_it(page, site):
    page.goto(site + "/r/3.2.1/")
    page.get_by_role("link", name="Suggest an edit").click()
    page.get_by_role("textbox", name="Text").fill("People need places to meet.")
    page.get_by_role("textbox", name=re.compile("^Why")).fill("It has no text.")
    page.get_by_role("textbox", name="Your name").fill("Sam")
    page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("sam@example.org")
    page.get_by_role("button", name="Send the suggestion").click()
    expect(heading(page)).to_have_text("Thank you for your suggestion")

    editor_page = page.context.new_page()
    login(editor_page, site, make_editor())
    editor_page.goto(site + "/admin/moderation/")
    editor_page.get_by_role("link", name=re.compile("^New text for this page")).click()
    editor_page.get_by_role("button", name="Accept as a new revision").click()
    page.goto(site + "/r/3.2.1/")
    expect(page.get_by_text("People need places to meet.")).to_be_visible()


def test_join_a_cohort_confirm_and_withdraw(page, site):
    CohortFactory(name="Translation cohort", slug="translation", capacity=5)
    page.goto(site + "/r/2.7.2/")
    page.get_by_role("link", name="Join this cohort").click()
    page.get_by_role("textbox", name="Your name").fill("Ana")
    page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("ana@example.org")
    page.get_by_role("textbox", name="Organization").fill("County")
    page.get_by_role("textbox", name="Your role").fill("Director")
    page.get_by_role("combobox", name="Sector").select_option(label="Non-profit")
    page.get_by_role("textbox", name="US state, or country").fill("Ohio")
    page.get_by_role("textbox", name="City").fill("Akron")
    page.get_by_role("textbox", name=re.compile("^What do you hope to change")).fill("Interpreters.")
    page.get_by_role("button", name="Sign up").click()
    expect(heading(page)).to_have_text("Check your e-mail")
    page.goto(site + outbox_link(r"/cohorts/sign-up/[^/\s]+/"))
    page.get_by_role("button", name="Confirm my sign-up").click()
    expect(page.get_by_text("Member", exact=True)).to_be_visible()
    page.get_by_role("button", name="Withdraw from this cohort…").click()
    page.get_by_role("button", name="Yes, withdraw").click()
    expect(page.get_by_text("Withdrawn", exact=True)).to_be_visible()
    assert SignUp.objects.get().status == "withdrawn"


def test_sign_on_to_the_blueprint(page, site):
    page.goto(site + "/")
    page.get_by_role("link", name="Sign on (as an individual or as an organization)").click()
    page.get_by_role("textbox", name="Your name").fill("Sandy")
    page.get_by_role("combobox", name="Sector").select_option(label="Research")
    page.get_by_role("textbox", name=re.compile("^Place")).fill("Washington, DC")
    page.get_by_role("radio", name="As an individual").check()
    page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("sandy@example.org")
    page.get_by_role("button", name="Sign on").click()
    expect(heading(page)).to_have_text("Check your e-mail")
    page.goto(site + outbox_link(r"/sign/[^/\s]+/"))
    confirm = page.get_by_role("button", name="Confirm my signature")
    withdraw = page.get_by_role("button", name="Withdraw my signature")
    # Withdrawing looks like what it is: outlined, apart from the main action, never its twin.
    assert confirm.evaluate("b => getComputedStyle(b).backgroundColor") != withdraw.evaluate(
        "b => getComputedStyle(b).backgroundColor"
    )
    assert (
        withdraw.bounding_box()["y"] - (confirm.bounding_box()["y"] + confirm.bounding_box()["height"]) >= 24
    )
    confirm.click()
    expect(page.get_by_role("heading", name="What you signed, and as whom")).to_be_visible()
    expect(page.locator(".signature-details")).to_contain_text("Sandy")
    expect(page.locator(".signature-details")).to_contain_text("Washington, DC")
    page.get_by_role("link", name="The signers").click()
    expect(page.get_by_text("Sandy")).to_be_visible()
    assert Signer.objects.get().status == "confirmed"


def test_with_no_cohort_open_a_reader_asks_to_hear_when_one_starts(page, site):
    """Through the cohorts' list, with JavaScript and without: the choice of a recommendation,
    then that recommendation's own form."""
    page.goto(site + "/cohorts/")
    expect(page.get_by_text("No action cohort is open now.")).to_be_visible()
    page.get_by_role("button", name="Next").click()
    expect(page.get_by_text("Choose the recommendation you would work on.")).to_be_visible()
    page.get_by_role("combobox", name="The recommendation you would work on").select_option(value="2.7.1")
    page.get_by_role("button", name="Next").click()
    assert page.url.endswith("/cohorts/interest/2.7.1/")
    expect(heading(page)).to_have_text("Tell me when a cohort starts on this")
    expect(page.get_by_text("2.7.1", exact=False).first).to_be_visible()
