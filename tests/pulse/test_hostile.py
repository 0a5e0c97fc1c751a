"""Hostile input in every Pulse Check field: a group's name on every page that shows it, and
answers that are not among the choices. None becomes live markup; none gives a server error."""

import pytest
from django.test import Client
from django.utils import timezone

from blueprint.pulse.models import ContactMessage, GroupCheck, WorkingOn
from recommendations.models import Node
from tests.factories import PulseCheckFactory
from tests.hostile import PAYLOADS, live_markup

pytestmark = pytest.mark.hostile


def clean(html):
    found, h1 = live_markup(html, strict_tags=True)
    assert found == []
    assert h1 == 1


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_hostile_input_in_the_pulse_check_never_runs(payload, blueprint):
    facilitator, participant = Client(), Client()
    invalid = facilitator.post("/pulse-check/blueprint/group/", {"name": ""})
    clean(invalid.content.decode())
    response = facilitator.post("/pulse-check/blueprint/group/", {"name": payload[:120]})
    if not payload[:120].strip():
        return  # a blank name is refused above
    assert response.status_code == 302
    group = GroupCheck.objects.get()
    clean(facilitator.get(group.get_absolute_url()).content.decode())
    clean(participant.get(group.share_url()).content.decode())

    pulse_check = PulseCheckFactory(group=group)
    item = pulse_check.instrument.items.first()
    response = participant.post(
        f"/pulse-check/answers/{pulse_check.token}/1/",
        {f"stage_{item.pk}": payload[:500], f"urgency_{item.pk}": payload[:500]},
    )
    assert response.status_code == 200  # not a choice: the page again, with the message by the field
    html = response.content.decode()
    clean(html)
    assert f'<ul class="errors" id="id_stage_{item.pk}_error"><li>Select a valid choice.' in html
    assert pulse_check.answers.count() == 0


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_hostile_input_in_im_working_on_this_never_runs(payload, blueprint):
    person, reader = Client(), Client()
    node = Node.objects.get(number="2.7.1")
    fields = {
        "name": payload[:120],
        "organisation": payload[:200],
        "place": payload[:200],
        "what": payload[:400],
    }
    invalid = person.post("/working-on/2.7.1/", {**fields, "sector": "other", "email": "x"})
    clean(invalid.content.decode())
    person.post(
        "/working-on/2.7.1/", {**fields, "sector": "other", "may_contact": "on", "email": "h@example.org"}
    )
    entry = WorkingOn.objects.filter(email="h@example.org").first()
    if entry is None:
        return  # a blank required field was refused, shown above
    clean(person.get(entry.get_absolute_url()).content.decode())
    WorkingOn.objects.filter(pk=entry.pk).update(confirmed_at=timezone.now())
    clean(reader.get(node.get_absolute_url()).content.decode())

    message = {"name": payload[:120], "email": "r@example.org", "message": payload[:3000]}
    clean(reader.post(f"/working-on/contact/{entry.pk}/", {**message, "email": "x"}).content.decode())
    reader.post(f"/working-on/contact/{entry.pk}/", message)
    clean(reader.get(f"/working-on/contact/{entry.pk}/").content.decode())

    received = ContactMessage.objects.filter(entry=entry).first()
    if received is None:
        return  # a blank name or message was refused, shown above
    clean(person.get(received.get_reply_url()).content.decode())  # the page to answer it
    clean(person.post(received.get_reply_url(), {"message": ""}).content.decode())
    person.post(received.get_reply_url(), {"message": payload[:3000]})
    answered = received.replies.first()
    clean(person.get(received.get_reply_url()).content.decode())  # with the answer shown
    clean(reader.get(answered.get_reply_url()).content.decode())
