"""Every public form: honeypot, minimum time, rate limit — each refused politely, nothing lost."""

import re
import time
from unittest import mock

import pytest
from django.core.cache import caches
from django.test import Client

from blueprint.common.protection import RateLimitCounter, client_address
from blueprint.pages.forms import SignerForm
from examples.forms import ExampleSubmissionForm
from examples.models import ExampleSubmission
from recommendations.models import Node, Suggestion
from tests.factories import CommentFactory
from tests.journeys import hidden_fields


def started_value(html):
    return re.search(r'name="started" value="([^"]+)"', html).group(1)


def submission(client, **overrides):
    html = client.get("/examples/submit/").content.decode()
    data = {
        "title": "Title",
        "what_happened": "Something changed.",
        "place": "Denver",
        "nodes": [str(Node.objects.get(number="1.1").pk)],
        "name": "Kim",
        "email": "kim@example.org",
        "consent_contact": "on",
        "website": "",
        "started": started_value(html),
    }
    return client.post("/examples/submit/", {**data, **overrides})


def test_filled_honeypot_is_refused_politely_and_keeps_the_text(client, blueprint):
    response = submission(client, website="http://spam.example")
    html = response.content.decode()
    assert response.status_code == 400
    assert "This looked like an automated submission, so it was not sent." in html
    assert ">\nSomething changed.</textarea>" in html
    assert ExampleSubmission.objects.count() == 0


def test_form_sent_faster_than_the_minimum_time_is_refused(client, blueprint, settings):
    settings.FORM_MIN_SECONDS = 60
    response = submission(client)
    assert response.status_code == 400
    assert "That was very quick." in response.content.decode()
    assert 'value="Denver"' in response.content.decode()
    assert ExampleSubmission.objects.count() == 0


def started_for(form_class, *, seconds_ago):
    """A start time `seconds_ago`, signed for `form_class` at that time."""
    then = time.time() - seconds_ago
    with mock.patch("django.core.signing.time.time", return_value=then):
        return form_class.new_token(started=then)


EXPIRED_TEXT = "This form was open for a long time, so for your safety it needs to be sent again."


@pytest.mark.parametrize("started", ["forged", ""])
def test_form_without_a_valid_start_time_is_refused(client, blueprint, settings, started):
    settings.FORM_MIN_SECONDS = 1
    response = submission(client, started=started)
    assert response.status_code == 400
    assert EXPIRED_TEXT in response.content.decode()
    assert ExampleSubmission.objects.count() == 0


def test_a_start_time_from_another_form_is_refused(client, blueprint, settings):
    settings.FORM_MIN_SECONDS = 1
    response = submission(client, started=started_for(SignerForm, seconds_ago=60))
    assert response.status_code == 400
    assert EXPIRED_TEXT in response.content.decode()
    assert 'value="Denver"' in response.content.decode()
    assert submission(client, started=started_for(ExampleSubmissionForm, seconds_ago=60)).status_code == 302
    assert ExampleSubmission.objects.count() == 1


def test_a_start_time_older_than_the_forms_hours_is_refused_with_the_text_kept(client, blueprint, settings):
    settings.FORM_MIN_SECONDS, settings.FORM_MAX_HOURS = 1, 6
    old = submission(client, started=started_for(ExampleSubmissionForm, seconds_ago=6 * 3600 + 5))
    assert old.status_code == 400
    assert EXPIRED_TEXT in old.content.decode()
    assert ">\nSomething changed.</textarea>" in old.content.decode()
    recent = submission(client, started=started_for(ExampleSubmissionForm, seconds_ago=6 * 3600 - 60))
    assert recent.status_code == 302


@pytest.mark.parametrize("scope", ["submission"])
def test_rate_limit_in_the_database_refuses_politely(client, blueprint, settings, scope):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, scope: "2/h"}
    assert [submission(client).status_code for _ in range(3)] == [302, 302, 429]
    response = submission(client)
    assert (
        "Please wait a little and send it again; everything you typed is still here."
        in response.content.decode()
    )
    assert ExampleSubmission.objects.count() == 2
    assert list(RateLimitCounter.objects.values_list("scope", "client", "count")) == [
        ("submission", "127.0.0.1", 4)
    ]


def test_rate_limit_in_redis_refuses_politely(client, blueprint, settings):
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
        },
    }
    settings.RATE_LIMIT_CACHE = "ratelimit"
    caches["ratelimit"].clear()
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submission": "2/h"}
    try:
        assert [submission(client).status_code for _ in range(3)] == [302, 302, 429]
        assert RateLimitCounter.objects.count() == 0
    finally:
        caches["ratelimit"].clear()


def test_rate_limits_are_per_client(blueprint, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "submission": "1/h"}
    assert submission(Client(REMOTE_ADDR="10.0.0.1")).status_code == 302
    assert submission(Client(REMOTE_ADDR="10.0.0.2")).status_code == 302
    assert submission(Client(REMOTE_ADDR="10.0.0.1")).status_code == 429


def test_comment_rate_limit(client, blueprint, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "comment": "1/h"}
    node = Node.objects.get(number="1.1")
    html = client.get(f"/comments/new/node/{node.pk}/").content.decode()
    data = {
        **dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html)),
        "name": "A",
        "email": "a@example.org",
        "comment": "Hello",
        "website": "",
    }
    assert client.post("/comments/post/", data).status_code == 302
    response = client.post("/comments/post/", data)
    assert response.status_code == 429
    assert ">\nHello</textarea>" in response.content.decode()


def test_comment_honeypot_and_minimum_time(client, blueprint, settings):
    node = Node.objects.get(number="1.1")
    html = client.get(f"/comments/new/node/{node.pk}/").content.decode()
    data = {
        **dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html)),
        "name": "A",
        "email": "a@example.org",
        "comment": "Hello",
        "website": "spam",
    }
    assert client.post("/comments/post/", data).status_code == 400
    settings.FORM_MIN_SECONDS = 60
    assert client.post("/comments/post/", {**data, "website": ""}).status_code == 400


def test_flag_rate_limit(client, blueprint, settings):

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "flag": "1/h"}
    node = Node.objects.get(number="1.1")
    comment = CommentFactory(target=node, user_name="A", user_email="a@example.org", comment="x")
    url = f"/comments/{comment.pk}/flag/"
    started = started_value(client.get(url).content.decode())
    assert client.post(url, {"started": started}).status_code == 302  # to "thank you"
    assert client.post(url, {"started": started}).status_code == 429


def test_suggestion_rate_limit(client, blueprint, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "suggestion": "1/h"}
    node = Node.objects.get(number="1.1")
    url = f"{node.get_absolute_url()}suggest/"
    html = client.get(url).content.decode()
    data = {
        "kind": "edit",
        "text": "New",
        "reason": "Why",
        "name": "A",
        "email": "a@example.org",
        "started": started_value(html),
    }
    assert client.post(url, data).status_code == 302  # to "thank you"
    assert Suggestion.objects.count() == 1
    response = client.post(url, data)
    assert response.status_code == 429
    assert Suggestion.objects.count() == 1


def test_feedback_rate_limit(client, blueprint, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "feedback": "1/h"}
    node = Node.objects.get(number="1.1")
    url = f"/feedback/node/{node.pk}/"
    assert client.post(url, {"rating": "3"}).status_code == 302
    assert client.post(url, {"rating": "2"}).status_code == 429


def test_forms_are_csrf_protected(blueprint):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/examples/submit/", {}).status_code == 403
    assert client.post("/comments/post/", {}).status_code == 403


def test_same_answer_whether_or_not_an_address_is_known(client, blueprint):
    """Responses never reveal whether an e-mail address is already known."""
    first = submission(client)
    second = submission(client)
    assert (first.status_code, second.status_code) == (302, 302)
    assert client.get(first["Location"]).content.decode().count("kim@example.org") == 0


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxy trusted: the header is only the client's say-so
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # what the proxy saw, not what the client wrote
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.2", "203.0.113.7"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "", "10.0.0.1"),  # not through the proxy
        (2, "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies: not through them all
        (1, "not-an-address", "unknown"),
        (1, "1" * 10_000, "unknown"),
    ],
)
def test_the_client_address_is_counted_from_the_right_of_the_trusted_proxies(
    rf, settings, proxies, forwarded, address
):
    settings.TRUSTED_PROXIES = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == address


def test_a_garbled_forwarded_header_on_a_form_gives_no_error(client, blueprint, settings):
    settings.TRUSTED_PROXIES = 1
    data = {
        **hidden_fields(client, "/sign/"),
        "name": "Ana",
        "sector": "government",
        "place": "Akron",
        "kind": "individual",
        "show_publicly": "on",
        "email": "ana@example.org",
        "website": "",
    }
    response = client.post("/sign/", data, HTTP_X_FORWARDED_FOR="%00" + "x" * 10_000, follow=True)
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
