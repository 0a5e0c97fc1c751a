"""“I'm working on this”: a confirmed entry listed on a recommendation's page, contact through the
site without either address, edited or withdrawn through a private link, hidden by editors, and
counted for cohort organisers."""

import re

import pytest
from django.core import mail
from django.test import Client

from blueprint.operations.personal_data import erase_personal_data, export_personal_data
from blueprint.pulse.models import ContactMessage, WorkingOn
from cohorts.models import Interest
from recommendations.models import Node
from tests.journeys import hidden_fields


def entry_data(**overrides):
    return {
        "name": "Dana Whitfield",
        "organisation": "Tulsa Family Services",
        "place": "Tulsa, Oklahoma",
        "sector": "government",
        "what": "We removed two of the six forms families fill in for child care assistance.",
        "may_contact": "on",
        "email": "Dana@Example.org",
        **overrides,
    }


def add_entry(client, number="4.2.1", **overrides):
    url = f"/working-on/{number}/"
    return client.post(url, {**hidden_fields(client, url), **entry_data(**overrides)})


def entry_link():
    return re.search(r"http://127\.0\.0\.1:8000(/working-on/entry/[^/\s]+/)", mail.outbox[-1].body).group(1)


def confirm(client):
    link = entry_link()
    client.post(link, {**hidden_fields(client, link), "action": "confirm"})
    return link


def test_an_entry_is_listed_only_once_confirmed(client, blueprint):
    node = Node.objects.get(number="4.2.1")
    response = add_entry(client)
    assert response["Location"] == "/working-on/4.2.1/sent/"
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()
    entry = WorkingOn.objects.get()
    assert (entry.email, entry.confirmed_at) == ("dana@example.org", None)
    assert "Dana Whitfield" not in client.get(node.get_absolute_url()).content.decode()

    confirm(client)
    html = client.get(node.get_absolute_url()).content.decode()
    section = html.split('id="working-on-heading"')[1].split("</section>")[0]
    assert "<strong>Dana Whitfield</strong>, Tulsa Family Services" in section
    assert "We removed two of the six forms" in section
    assert f'<a href="/working-on/contact/{entry.pk}/">Write to Dana Whitfield</a>' in section
    assert "dana@example.org" not in html


def test_a_second_entry_from_the_same_address_resends_the_first_link(client, blueprint):
    add_entry(client)
    first = entry_link()
    add_entry(client, name="Dana W.")
    assert WorkingOn.objects.count() == 1
    assert entry_link() == first
    assert mail.outbox[-1].subject == "Your entry: I'm working on this"


def test_principles_take_no_entries(client, blueprint):
    assert client.get("/working-on/1/").status_code == 404
    assert (
        'id="working-on"' not in client.get(Node.objects.get(number="1").get_absolute_url()).content.decode()
    )


def test_bad_input_is_shown_next_to_the_fields_with_everything_kept(client, blueprint):
    response = add_entry(client, what="", sector="nowhere", email="not an address")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<ul class="errors"') == 3
    assert 'value="Dana Whitfield"' in html and 'value="Tulsa Family Services"' in html
    assert WorkingOn.objects.count() == 0


def test_contact_goes_through_the_site_without_either_address(client, blueprint):
    add_entry(client)
    confirm(client)
    entry = WorkingOn.objects.get()
    reader = Client()
    url = f"/working-on/contact/{entry.pk}/"
    page = reader.get(url).content.decode()
    assert "dana@example.org" not in page
    response = reader.post(
        url,
        {
            **hidden_fields(reader, url),
            "name": "Luis",
            "email": "luis@example.org",
            "message": "Which forms? Call me at 555-0100.",
        },
    )
    assert response["Location"] == "/working-on/4.2.1/message-sent/"
    message = mail.outbox[-1]
    assert message.to == ["dana@example.org"]
    assert message.reply_to == []
    assert "luis@example.org" not in message.body and "luis@example.org" not in message.subject
    assert "Which forms? Call me at 555-0100." in message.body
    assert ContactMessage.objects.get().email == "luis@example.org"


def test_a_sender_is_politely_paused_after_the_days_limit(client, blueprint, settings):
    settings.CONTACT_MESSAGES_PER_DAY = 2
    add_entry(client)
    confirm(client)
    entry = WorkingOn.objects.get()
    url = f"/working-on/contact/{entry.pk}/"
    data = {"name": "Luis", "email": "luis@example.org", "message": "Hello."}
    for _ in range(2):
        assert client.post(url, {**hidden_fields(client, url), **data}).status_code == 302
    response = client.post(url, {**hidden_fields(client, url), **data, "email": "LUIS@example.org"})
    html = response.content.decode()
    assert "You have sent several messages through the site today" in html
    assert re.search(r">\s*Hello\.</textarea>", html)
    assert ContactMessage.objects.count() == 2


def test_nobody_can_write_to_an_entry_that_does_not_allow_it_or_is_not_listed(client, blueprint):
    add_entry(client, may_contact="")
    entry = WorkingOn.objects.get()
    assert client.get(f"/working-on/contact/{entry.pk}/").status_code == 404  # unconfirmed, and no contact
    confirm(client)
    assert client.get(f"/working-on/contact/{entry.pk}/").status_code == 404


def test_an_entry_is_changed_and_withdrawn_through_its_private_link(client, blueprint):
    node = Node.objects.get(number="4.2.1")
    add_entry(client)
    link = confirm(client)
    response = client.post(
        link, {**hidden_fields(client, link), **entry_data(what="Now three forms fewer."), "action": "save"}
    )
    assert response["Location"] == link
    assert "Now three forms fewer." in client.get(node.get_absolute_url()).content.decode()
    response = client.post(link, {**hidden_fields(client, link), "action": "withdraw"})
    assert response["Location"] == "/working-on/4.2.1/withdrawn/"
    assert WorkingOn.objects.count() == 0
    assert "Now three forms fewer." not in client.get(node.get_absolute_url()).content.decode()
    assert client.get(link).status_code == 404


def test_editors_hide_an_entry_and_organisers_see_the_counts(client, editor_client, blueprint):
    node = Node.objects.get(number="4.2.1")
    add_entry(client)
    confirm(client)
    Interest.objects.create(node=node, name="Ann", email="ann@example.org", confirmed=True)
    html = editor_client.get("/admin/who-is-working/").content.decode()
    assert "1 person is working on this; 1 wants a cohort" in html
    entry = WorkingOn.objects.get()
    editor_client.post("/admin/pulse/workingon/", {"action": "hide", "_selected_action": [entry.pk]})
    assert WorkingOn.objects.get().hidden
    assert "Dana Whitfield" not in Client().get(node.get_absolute_url()).content.decode()


def test_entries_and_messages_are_in_the_personal_data_export_and_erasure(client, blueprint):
    add_entry(client)
    confirm(client)
    entry = WorkingOn.objects.get()
    ContactMessage.objects.create(entry=entry, name="Luis", email="luis@example.org", message="Hi")
    exported = export_personal_data("DANA@example.org")
    assert exported["records"]["I'm working on this"][0]["fields"]["what"].startswith("We removed two")
    assert "Dana Whitfield" in exported["names"]
    assert (
        export_personal_data("luis@example.org")["records"]["messages sent through the site"][0]["fields"][
            "message"
        ]
        == "Hi"
    )
    counts = erase_personal_data("dana@example.org")
    assert counts["I'm working on this"] == 1
    assert WorkingOn.objects.count() == 0 and ContactMessage.objects.count() == 0  # messages to it go too


def test_the_pulse_check_result_offers_who_is_working_on_each_suggestion(client, blueprint):
    from tests.pulse.data import answered_check

    html = client.get(answered_check().get_absolute_url()).content.decode()
    assert re.search(r'<a href="/[\d.]+/[^"]+#working-on">See who is working on this</a>', html)


@pytest.mark.parametrize("address", ["/working-on/4.2.1/", "/working-on/4.2.1/sent/"])
def test_the_pages_read_in_spanish(client, blueprint, address):
    html = client.get(address, headers={"accept-language": "es"}).content.decode()
    assert '<html lang="es">' in html
    assert "I'm working on this" not in html
