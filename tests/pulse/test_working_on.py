"""“I'm working on this”: a confirmed entry listed on a recommendation's page, contact through the
site without either address, edited or withdrawn through a private link, hidden by editors, and
counted for cohort organisers."""

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from blueprint.common.models import OptInEmail
from blueprint.operations.personal_data import erase_personal_data, export_personal_data
from blueprint.pulse.models import ContactMessage, WorkingOn
from recommendations.models import Node
from tests import factories
from tests.journeys import hidden_fields, squeezed
from tests.pulse.data import answered_check


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


def test_a_second_entry_from_the_same_address_resends_the_first_link_once_a_day(client, blueprint):
    add_entry(client)
    first = entry_link()
    sent = len(mail.outbox)
    add_entry(client, name="Dana W.")
    assert (WorkingOn.objects.count(), len(mail.outbox)) == (1, sent)  # one link a day, at most
    OptInEmail.objects.update(day=timezone.now().date() - timedelta(days=1))
    add_entry(client, name="Dana W.")
    assert WorkingOn.objects.count() == 1
    assert entry_link() == first
    assert mail.outbox[-1].subject == "Your entry: I'm working on this"


def test_the_entry_e_mails_name_the_recommendation_in_the_readers_language_with_one_full_stop(
    client, blueprint
):
    node = Node.objects.get(number="4.2.1")
    assert (node.title[-1], node.title_es[-1]) == (".", ".")
    with translation.override("es"):
        url = reverse("pulse:working_on", args=[node.number])
    for _ in range(2):  # the link, then the same link again ("you already have an entry")
        OptInEmail.objects.all().delete()
        client.post(url, {**hidden_fields(client, url), **entry_data()})
        body = mail.outbox[-1].body
        assert f"\n4.2.1 {node.title_es}\n" in body
        assert node.title not in body
        assert ".." not in body
    assert mail.outbox[-1].subject == "Su entrada: Trabajo en esto"


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
    assert 'value="Dana Whitfield"' in html
    assert 'value="Tulsa Family Services"' in html
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
    assert "luis@example.org" not in message.body
    assert "luis@example.org" not in message.subject
    assert "Which forms? Call me at 555-0100." in message.body
    assert ContactMessage.objects.get().email == "luis@example.org"


def reply_link(message):
    return re.search(r"http://127\.0\.0\.1:8000(/working-on/reply/[^/\s]+/)", message.body).group(1)


def answer(client, link, text, *, share=False):
    data = {**hidden_fields(client, link), "message": text}
    if share:
        data["share_address"] = "on"
    return client.post(link, data, follow=True)


def test_a_relayed_message_is_answered_through_the_site_both_ways_without_either_address(client, blueprint):
    add_entry(client)
    confirm(client)
    entry = WorkingOn.objects.get()
    luis = Client()
    url = f"/working-on/contact/{entry.pk}/"
    luis.post(
        url,
        {**hidden_fields(luis, url), "name": "Luis", "email": "luis@example.org", "message": "Which forms?"},
    )
    to_dana = mail.outbox[-1]
    assert "Which forms?" in to_dana.body
    assert "benefits.” and wrote to you through the Wellbeing Blueprint:" in to_dana.body  # one full stop

    dana = Client()
    page = squeezed(dana.get(reply_link(to_dana)).content.decode())
    assert "<h1>Answer Luis</h1>" in page
    assert "luis@example.org" not in page
    done = answer(dana, reply_link(to_dana), "The three intake forms.")

    assert "Your answer is on its way to Luis." in done.content.decode()
    to_luis = mail.outbox[-1]
    assert (to_luis.to, to_luis.reply_to) == (["luis@example.org"], [])
    assert to_luis.subject == "Dana Whitfield answered you about 4.2.1 through the Wellbeing Blueprint"
    assert "The three intake forms." in to_luis.body
    assert "dana@example.org" not in to_luis.body

    answer(luis, reply_link(to_luis), "Thank you! Mine is luis@example.org.", share=True)

    back = mail.outbox[-1]
    assert (back.to, back.reply_to) == (["dana@example.org"], ["luis@example.org"])
    assert "They chose to show their e-mail address: luis@example.org" in back.body
    assert ContactMessage.objects.count() == 3
    assert all(m.from_email == settings.DEFAULT_FROM_EMAIL for m in (to_dana, to_luis, back))


def test_an_empty_answer_is_said_next_to_the_field_and_sends_nothing(
    client, blueprint, contact_message_factory
):
    message = contact_message_factory(
        entry=working_on_entry(1), name="Luis", email="luis@example.org", message="Hi"
    )
    link = message.get_reply_url()
    response = client.post(link, {**hidden_fields(client, link), "message": "", "share_address": "on"})
    html = squeezed(response.content.decode())
    assert "This field is required." in html
    assert 'name="share_address" id="id_share_address" checked' in html
    assert mail.outbox == []


def test_a_recipient_gets_so_many_messages_a_day_whatever_the_senders_type(client, blueprint, settings):
    """The finding: the limit was per sender address, which nobody checks. Here each message
    comes from a new client with a new address."""
    settings.CONTACT_MESSAGES_PER_RECIPIENT_PER_DAY = 2
    add_entry(client)
    confirm(client)
    entry = WorkingOn.objects.get()
    url = f"/working-on/contact/{entry.pk}/"

    def send(n):
        sender = Client(REMOTE_ADDR=f"10.0.0.{n}")
        data = {"name": f"Luis {n}", "email": f"luis{n}@example.org", "message": "Hello."}
        return sender.post(url, {**hidden_fields(sender, url), **data})

    assert [send(n).status_code for n in range(2)] == [302, 302]
    html = send(3).content.decode()
    assert "This person has had several messages through the site today" in html
    assert re.search(r">\s*Hello\.</textarea>", html)
    assert ContactMessage.objects.count() == 2


def working_on_entry(n):
    return factories.WorkingOnFactory(
        node=Node.objects.get(number="4.2.1"),
        name=f"Dana {n}",
        organisation="Tulsa Family Services",
        email=f"dana{n}@example.org",
        confirmed_at=timezone.now(),
    )


def test_one_client_sends_so_many_messages_a_day_whatever_address_it_types(client, blueprint, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "contact": "2/d"}
    answers = []
    for n in range(3):
        url = f"/working-on/contact/{working_on_entry(n).pk}/"
        data = {"name": "Luis", "email": f"luis{n}@example.org", "message": "Hello."}
        answers.append(client.post(url, {**hidden_fields(client, url), **data}).status_code)
    assert answers == [302, 302, 429]


def test_a_senders_name_reaches_the_e_mail_without_control_characters(client, blueprint):
    entry = working_on_entry(1)
    url = f"/working-on/contact/{entry.pk}/"
    data = {"name": "Luis\r\nBcc: all@example.org\u202e\x07", "email": "luis@example.org", "message": "Hi."}
    assert client.post(url, {**hidden_fields(client, url), **data}).status_code == 302
    assert ContactMessage.objects.get().name == "LuisBcc: all@example.org"
    assert mail.outbox[-1].subject.startswith("LuisBcc: all@example.org wrote to you")


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
        link,
        {
            **hidden_fields(client, link, button="save"),
            **entry_data(what="Now three forms fewer."),
            "action": "save",
        },
    )
    assert response["Location"] == link
    assert "Now three forms fewer." in client.get(node.get_absolute_url()).content.decode()
    asked = client.post(link, {**hidden_fields(client, link, button="withdraw"), "action": "withdraw"})
    assert "<h1>Withdraw your entry on 4.2.1?</h1>" in asked.content.decode()
    assert WorkingOn.objects.count() == 1  # nothing yet
    started = re.search(r'name="started" value="([^"]+)"', asked.content.decode()).group(1)
    response = client.post(link, {"action": "withdraw-confirmed", "started": started})
    assert response["Location"] == "/working-on/4.2.1/withdrawn/"
    assert WorkingOn.objects.count() == 0
    assert "Now three forms fewer." not in client.get(node.get_absolute_url()).content.decode()
    assert client.get(link).status_code == 404


def test_editors_hide_an_entry_and_organisers_see_the_counts(client, editor_client, blueprint):
    node = Node.objects.get(number="4.2.1")
    add_entry(client)
    confirm(client)
    factories.InterestFactory(node=node, name="Ann", email="ann@example.org", confirmed=True)
    html = editor_client.get("/admin/who-is-working/").content.decode()
    assert "1 person is working on this; 1 wants a cohort" in html
    entry = WorkingOn.objects.get()
    editor_client.post("/admin/pulse/workingon/", {"action": "hide", "_selected_action": [entry.pk]})
    assert WorkingOn.objects.get().hidden
    assert "Dana Whitfield" not in Client().get(node.get_absolute_url()).content.decode()


def test_organisers_are_offered_a_new_cohort_only_where_none_is_planned_open_or_running(
    editor_client, blueprint
):
    wanted = Node.objects.get(number="4.2.1")
    factories.InterestFactory(node=wanted, name="Ann", email="ann@example.org", confirmed=True)
    factories.CohortFactory(node=wanted, name="Benefits cohort, 2025", status="closed")
    html = squeezed(editor_client.get("/admin/who-is-working/").content.decode())
    assert "Open a cohort on 4.2.1" in html

    planned = factories.CohortFactory(node=wanted, name="Benefits cohort, 2027", status="forming")
    html = squeezed(editor_client.get("/admin/who-is-working/").content.decode())

    assert "Open a cohort on 4.2.1" not in html
    assert (
        f'<a href="/admin/cohorts/cohort/{planned.pk}/change/">Benefits cohort, 2027</a> (forming, Jan 15, 2027)'
        in html
    )
    assert "Benefits cohort, 2025" not in html


def test_entries_and_messages_are_in_the_personal_data_export_and_erasure(client, blueprint):
    add_entry(client)
    confirm(client)
    entry = WorkingOn.objects.get()
    factories.ContactMessageFactory(entry=entry, name="Luis", email="luis@example.org", message="Hi")
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
    assert WorkingOn.objects.count() == 0
    assert ContactMessage.objects.count() == 0


def test_the_pulse_check_result_offers_who_is_working_on_each_suggestion(client, blueprint):

    html = client.get(answered_check().get_absolute_url()).content.decode()
    assert re.search(r'<a href="/[\d.]+/[^"]+#working-on">See who is working on this</a>', html)


@pytest.mark.parametrize("address", ["/working-on/4.2.1/", "/working-on/4.2.1/sent/"])
def test_the_pages_read_in_spanish(client, blueprint, address):
    html = client.get(f"/es{address}").content.decode()
    assert '<html lang="es">' in html
    assert "I'm working on this" not in html


def test_unconfirmed_entries_go_after_a_week_and_messages_after_30_days(blueprint, contact_message_factory):
    now = timezone.now()
    old_unconfirmed = factories.WorkingOnFactory()
    WorkingOn.objects.filter(pk=old_unconfirmed.pk).update(created_at=now - timedelta(days=8))
    new_unconfirmed = factories.WorkingOnFactory()
    message = contact_message_factory()
    ContactMessage.objects.filter(pk=message.pk).update(created_at=now - timedelta(days=31))
    recent = contact_message_factory()
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert "deleted 1 unconfirmed “I'm working on this” entry(ies) and 1 message(s)" in out.getvalue()
    assert set(WorkingOn.objects.values_list("pk", flat=True)) == {
        new_unconfirmed.pk,
        message.entry_id,
        recent.entry_id,
    }
    assert list(ContactMessage.objects.values_list("pk", flat=True)) == [recent.pk]
    privacy = Client().get("/privacy/").content.decode()
    assert "one never confirmed is deleted after a week, with its address" in privacy
    assert "Messages written to someone through the site are kept for 30 days, then deleted" in privacy
