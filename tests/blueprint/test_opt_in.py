"""Anyone can type someone else's address into a form: what that sends them is bounded. One link
a day about the same thing, OPT_IN_EMAILS_PER_DAY in all, and a form's start token serves one
submission. Each test plays the flood."""

import re
import time

import pytest
from django.core import mail
from django.test import Client

from blueprint.common.models import OptInEmail
from blueprint.pulse.models import PulseCheck
from cohorts.models import Cohort
from examples.forms import ExampleSubmissionForm
from recommendations.models import Node
from tests.journeys import hidden_fields

VICTIM = "victim@example.org"


def ask_for_reminder(client, pulse_check):
    url = f"/pulse-check/answers/{pulse_check.token}/remind/"
    return client.post(url, {**hidden_fields(client, url), "email": VICTIM, "remind_after": "3"})


@pytest.fixture
def pulse_check(blueprint):
    client = Client()
    url = "/pulse-check/blueprint/start/"
    response = client.post(url, hidden_fields(client, url))
    token = re.match(r"/pulse-check/answers/([^/]+)/1/$", response["Location"]).group(1)
    return PulseCheck.objects.get(token=token)


def test_forty_reminder_requests_for_one_address_send_it_one_link(pulse_check, settings):
    """The finding: one form token and 40 POSTs sent 40 confirmation e-mails in 3.5 s. Here the
    attacker even fetches a fresh form, from a new address each time (no rate limit binds)."""
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "reminder": "1000/h"}
    for _ in range(40):
        assert ask_for_reminder(Client(), pulse_check).status_code == 302
    assert [message.to for message in mail.outbox] == [[VICTIM]]


def test_reminders_have_a_rate_limit_of_their_own(pulse_check):
    client = Client()
    answers = [ask_for_reminder(client, pulse_check).status_code for _ in range(6)]
    assert answers == [302] * 5 + [429]
    # Answering the questions (the "pulse" limit) goes on.
    url = f"/pulse-check/answers/{pulse_check.token}/1/"
    assert client.post(url, hidden_fields(client, url)).status_code == 302


def test_one_address_gets_at_most_so_many_links_a_day_across_the_site(blueprint, settings, cohort_factory):
    """Sign on, a cohort, three "tell me when", an entry, a reminder…: all to one address."""
    settings.OPT_IN_EMAILS_PER_DAY = 4
    client = Client()
    person = {"name": "Someone", "email": VICTIM, "website": ""}
    client.post("/sign/", {**hidden_fields(client, "/sign/"), **person, "sector": "other", "place": "Akron"})
    for number in ("2.7.2", "2.6.1", "3.2.1"):
        url = f"/cohorts/interest/{number}/"
        client.post(url, {**hidden_fields(client, url), **person})
    cohort = cohort_factory(node=Node.objects.get(number="2.7.2"), status=Cohort.Status.OPEN)
    url = f"/cohorts/{cohort.slug}/join/"
    member = {
        "organisation": "O",
        "role": "R",
        "sector": "other",
        "state_or_country": "Ohio",
        "city": "Akron",
    }
    client.post(url, {**hidden_fields(client, url), **person, **member, "hope_to_change": "Things"})
    assert len(mail.outbox) == 4
    assert OptInEmail.objects.count() == 4
    assert VICTIM not in str(list(OptInEmail.objects.values()))  # counted under a keyed hash


def test_a_form_token_serves_one_submission(client, blueprint, settings):
    """The finding: one signed start token served 40 posts of one form. Eight posts of one token
    here, as a script would replay it: one is sent; the others are refused, with the text kept."""
    settings.FORM_MIN_SECONDS = 1
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submission": "100/h"}
    client.get("/examples/submit/")
    started = ExampleSubmissionForm.new_token(started=time.time() - 60)  # opened a minute ago
    data = {
        "title": "A library lends rooms",
        "what_happened": "Free rooms for every group.",
        "place": "Denver",
        "nodes": [str(Node.objects.get(number="3.2.1").pk)],
        "name": "Kim",
        "email": "kim@example.org",
        "consent_contact": "on",
        "website": "",
        "started": started,
    }
    answers = [client.post("/examples/submit/", data) for _ in range(8)]
    assert [answer.status_code for answer in answers] == [302] + [409] * 7
    refused = answers[-1].content.decode()
    assert "This form was already sent from this page, so it was not sent again." in refused
    assert "Free rooms for every group.</textarea>" in refused
    # The form shown again carries a new token: sending it again works, once.
    fresh = re.search(r'name="started" value="([^"]+)"', refused).group(1)
    assert fresh != started
    settings.FORM_MIN_SECONDS = 0  # (the new token is a second old at most)
    assert client.post("/examples/submit/", {**data, "started": fresh}).status_code == 302
    assert client.post("/examples/submit/", {**data, "started": fresh}).status_code == 409
