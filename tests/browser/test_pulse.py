"""Pulse Check as a leader takes it, with JavaScript and without: alone (take it, see the result,
retake it and see the change) and as a group of three with a facilitator."""

import re

from django.core import mail
from playwright.sync_api import expect

from blueprint.pulse.models import GroupCheck
from tests.browser.conftest import outbox_link


def heading(page):
    return page.get_by_role("heading", level=1)


def place(page, item, stage, urgency):
    question = page.get_by_role("group", name=re.compile("^" + re.escape(item) + " "))
    question.get_by_role("radio", name=stage, exact=True).check()
    question.get_by_role("radio", name=urgency, exact=True).check()


def test_take_a_check_alone_see_the_result_retake_it_and_see_the_change(page, site):
    page.goto(site + "/pulse-check/")
    page.get_by_role("link", name="Take it alone").first.click()
    expect(heading(page)).to_have_text("Wellbeing Blueprint Pulse Check")
    page.get_by_role("button", name="Start").click()
    expect(heading(page)).to_have_text("1. Start with what matters to people: wellbeing")
    place(page, "1.1", "Baseline prerequisites", "Urgent")
    place(page, "1.4", "Transformative innovations", "Matters")
    page.get_by_role("button", name="Save and go on").click()
    expect(heading(page)).to_have_text(re.compile("^2. Push against harms"))
    place(page, "2.7", "Core building blocks", "Urgent")
    page.get_by_role("button", name="Save and see the result").first.click()

    expect(heading(page)).to_have_text("Your Pulse Check")
    suggestions = page.locator(".suggestions > li > strong")
    expect(suggestions).to_have_text([re.compile(r"^1\.1 "), re.compile(r"^2\.7 "), re.compile(r"^1\.4 ")])
    table = page.get_by_role("table", name=re.compile("^Your answers on 1. Start"))
    expect(table.get_by_role("row", name=re.compile(r"^1\.1 "))).to_contain_text("Baseline prerequisites")
    expect(page.locator("svg.chart")).to_have_count(5)
    result = page.url

    page.get_by_role("link", name="Retake the check now").click()
    page.get_by_role("button", name="Start the new check").click()
    expect(page.get_by_role("radio", name="Baseline prerequisites", exact=True).first).not_to_be_checked()
    place(page, "1.1", "Foundational innovations", "Urgent")
    page.get_by_role("button", name="Save and see the result").first.click()
    expect(page.get_by_text(re.compile("^Compared with your check of"))).to_be_visible()
    table = page.get_by_role("table", name=re.compile("^Your answers on 1. Start"))
    expect(table.get_by_role("row", name=re.compile(r"^1\.1 "))).to_contain_text(
        re.compile("Foundational innovations.*Urgent.*Baseline prerequisites", re.S)
    )
    expect(page.locator("svg.chart rect.before")).to_have_count(3)
    assert page.url != result  # the first result keeps its own link
    page.goto(result)
    expect(page.get_by_text("Compared with your check of")).to_have_count(0)


def test_run_a_group_check_with_three_people_and_see_the_spread(page, site):
    page.goto(site + "/pulse-check/")
    page.get_by_role("link", name="Run it with a group").first.click()
    page.get_by_role("textbox", name="Name of the group check").fill("Riverside prevention team")
    page.get_by_role("button", name="Create the group check").click()
    expect(heading(page)).to_have_text("Riverside prevention team")
    facilitator = page.url
    share = page.get_by_role("textbox", name="Link to share").input_value()
    assert share == site + GroupCheck.objects.get().share_url()

    for stage in ("Baseline prerequisites", "Vision", "Core building blocks"):
        page.goto(share)
        page.get_by_role("button", name="Start my answers").click()
        place(page, "1.3", stage, "Urgent")
        page.get_by_role("button", name="Save and see the result").first.click()
        expect(heading(page)).to_have_text("Your Pulse Check")

    page.goto(facilitator)
    expect(page.get_by_role("status")).to_have_text("3 people have answered.")
    spread = page.get_by_role("table", name=re.compile("^How many people placed each item"))
    expect(spread.get_by_role("row", name=re.compile(r"^1\.3 "))).to_have_text(
        re.compile(r"1\s*1\s*0\s*0\s*1\s*3")
    )
    disagreement = page.get_by_role("region", name="Where the group disagrees most")
    expect(disagreement.get_by_role("listitem")).to_have_text([re.compile(r"^1\.3 ")])
    page.get_by_role("link", name="Close the group check").click()
    page.get_by_role("button", name="Close it").click()
    expect(page.get_by_text(re.compile("^Closed on"))).to_be_visible()
    page.goto(share)
    expect(heading(page)).to_have_text("This group check is closed")


def test_add_an_entry_confirm_it_be_contacted_and_withdraw_it(page, site):
    page.goto(site + "/r/4.2.1/")
    page.get_by_role("link", name="I'm working on this").click()
    page.get_by_role("textbox", name="Your name").fill("Dana Whitfield")
    page.get_by_role("textbox", name="Organisation").fill("Tulsa Family Services")
    page.get_by_role("textbox", name=re.compile("^Place")).fill("Tulsa, Oklahoma")
    page.get_by_role("combobox", name="Sector").select_option(label="Government or public system")
    page.get_by_role("textbox", name=re.compile("^What are you doing")).fill("Fewer forms for child care.")
    page.get_by_role("checkbox", name="Others may contact me through the site").check()
    page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("dana@example.org")
    page.get_by_role("button", name="Add my entry").click()
    expect(heading(page)).to_have_text("Check your e-mail")

    page.goto(site + outbox_link(r"/working-on/entry/[^/\s]+/"))
    page.get_by_role("button", name="Confirm my entry").click()
    expect(page.get_by_text("Listed on the recommendation's page.")).to_be_visible()
    entry_page = page.url

    page.goto(site + "/r/4.2.1/")
    listing = page.get_by_role("region", name="Who is working on this")
    expect(listing).to_contain_text("Fewer forms for child care.")
    listing.get_by_role("link", name="Write to Dana Whitfield").click()
    page.get_by_role("textbox", name="Your name").fill("Luis")
    page.get_by_role("textbox", name=re.compile("^Your e-mail address")).fill("luis@example.org")
    page.get_by_role("textbox", name=re.compile("^Message")).fill("Which forms went? luis.phone 555-0100")
    page.get_by_role("button", name="Send the message").click()
    expect(heading(page)).to_have_text("Your message is on its way")
    sent = mail.outbox[-1]
    assert sent.to == ["dana@example.org"]
    assert "luis@example.org" not in sent.body
    assert "Which forms went?" in sent.body

    page.goto(entry_page)
    page.get_by_role("button", name="Withdraw my entry").click()
    expect(heading(page)).to_have_text("Your entry is withdrawn")
    page.goto(site + "/r/4.2.1/")
    expect(page.get_by_role("region", name="Who is working on this")).not_to_contain_text("Dana Whitfield")
