"""Every form that ends on a "check your e-mail" or "thank you" page redirects to it after the
post, so reloading that page sends nothing again."""

import re

import pytest
from django.core import mail

from blueprint.comments.models import CommentReport
from blueprint.pages.models import Signer
from cohorts.models import Interest, SignUp
from recommendations.models import Node, Suggestion
from tests.cohorts.test_cohorts import join, make_cohort
from tests.journeys import post_suggestion
from tests.pages.test_signers import sign


def heading(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode()).group(1)


def sign_on(client):
    return sign(client), "/sign/sent/", "Check your e-mail"


def suggest(client):
    node = Node.objects.get(number="3.2.1")
    return (
        post_suggestion(client, node),
        f"{node.get_absolute_url()}suggest/sent/",
        "Thank you for your suggestion",
    )


def join_a_cohort(client):
    cohort = make_cohort("2.7.2", capacity=2)
    return join(client, cohort), f"/cohorts/{cohort.slug}/join/sent/", "Check your e-mail"


def tell_me_when_a_cohort_starts(client):
    response = client.post(
        "/cohorts/interest/4.4.1/", {"name": "Kim", "email": "kim@example.org", "website": ""}
    )
    return response, "/cohorts/interest/4.4.1/sent/", "Check your e-mail"


def stored():
    return (
        Signer.objects.count(),
        Suggestion.objects.count(),
        SignUp.objects.count(),
        Interest.objects.count(),
    )


@pytest.mark.parametrize("post", [sign_on, suggest, join_a_cohort, tell_me_when_a_cohort_starts])
def test_a_form_redirects_to_its_check_your_email_page_and_reloading_it_sends_nothing(
    client, blueprint, post
):
    response, sent_page, title = post(client)
    assert (response.status_code, response["Location"]) == (302, sent_page)
    sent = (len(mail.outbox), stored())

    for _reload in range(2):
        page = client.get(sent_page)
        assert (page.status_code, heading(page)) == (200, title)

    assert (len(mail.outbox), stored()) == sent


def test_reporting_a_comment_redirects_to_its_thank_you_page(client, blueprint, comment_factory):
    comment = comment_factory()
    response = client.post(f"/comments/{comment.pk}/flag/", {"reason": "Spam.", "website": ""})
    assert (response.status_code, response["Location"]) == (302, f"/comments/{comment.pk}/flagged/")
    client.get(response["Location"])
    client.get(response["Location"])
    assert list(CommentReport.objects.values_list("reason", flat=True)) == ["Spam."]
