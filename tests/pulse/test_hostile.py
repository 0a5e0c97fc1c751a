"""Hostile input in every Pulse Check field: a group's name on every page that shows it, and
answers that are not among the choices. None becomes live markup; none gives a server error."""

import pytest
from django.test import Client

from blueprint.pulse.models import GroupCheck, Instrument, PulseCheck
from tests.hostile import PAYLOADS, live_markup


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

    pulse_check = PulseCheck.objects.create(instrument=Instrument.objects.get(slug="blueprint"), group=group)
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
