"""At least 50 hostile inputs in every free-text field: none ever becomes live markup."""

import pytest
from django.test import Client
from django_comments_xtd.models import XtdComment

from blueprint.pages.models import Signer
from cohorts.models import SignUp
from examples.models import Example, ExampleSubmission
from recommendations.models import Node, Suggestion
from tests.factories import CohortFactory, CommentFactory
from tests.hostile import PAYLOADS, live_markup

assert len(PAYLOADS) >= 50


def clean(html, *, public):
    found, h1 = live_markup(html, strict_tags=public)
    assert found == []
    if public:
        assert h1 == 1


@pytest.mark.hostile
@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_hostile_input_never_runs(payload, blueprint, editor):
    reader, moderator = Client(), Client()
    moderator.force_login(editor)
    node = Node.objects.get(number="2.7.1")

    # Example submission: every free-text field, the form with errors, the status page.
    invalid = reader.post(
        "/examples/submit/",
        {
            "title": payload[:200],
            "what_happened": payload[:5000],
            "organisation": payload[:200],
            "place": payload[:200],
            "name": payload[:120],
            "email": "x",
            "nodes": [node.pk],
        },
    )
    clean(invalid.content.decode(), public=True)
    response = reader.post(
        "/examples/submit/",
        {
            "title": payload[:200],
            "what_happened": payload[:5000],
            "organisation": payload[:200],
            "place": payload[:200],
            "name": payload[:120],
            "email": "h@example.org",
            "nodes": [node.pk],
            "consent_contact": "on",
            "consent_credit": "on",
        },
    )
    assert response.status_code == 302
    submission = ExampleSubmission.objects.get()
    clean(reader.get(submission.get_absolute_url()).content.decode(), public=True)
    clean(
        moderator.get(f"/admin/examples/examplesubmission/{submission.pk}/change/").content.decode(),
        public=False,
    )

    # Suggestion: title, text, reason, name.
    response = reader.post(
        f"{node.get_absolute_url()}suggest/",
        {
            "kind": "edit",
            "title": payload[:300],
            "text": payload[:20000],
            "reason": payload[:3000],
            "name": payload[:120],
            "email": "h@example.org",
        },
        follow=True,  # to the thank-you page
    )
    clean(response.content.decode(), public=True)
    suggestion = Suggestion.objects.get()
    clean(
        moderator.get(f"/admin/recommendations/suggestion/{suggestion.pk}/review/").content.decode(),
        public=False,
    )

    # Comment: name and text, held for moderation and published.
    CommentFactory(
        target=node,
        user_name=payload[:50],
        user_email="h@example.org",
        comment=payload[:3000],
        is_public=False,
    )
    clean(moderator.get("/admin/moderation/").content.decode(), public=False)
    comment = XtdComment.objects.get()
    clean(reader.get(f"/comments/new/node/{node.pk}/?reply_to={comment.pk}").content.decode(), public=True)

    # Published: the example (Markdown, sanitised), the node page with the comment, recent changes.
    moderator.post("/admin/moderation/", {"action": "publish", "item": [f"comment:{comment.pk}"]})
    moderator.post(f"/admin/recommendations/suggestion/{suggestion.pk}/review/", {"decision": "accept"})
    moderator.post("/admin/moderation/", {"action": "accept", "item": [f"submission:{submission.pk}"]})
    example = Example.objects.get(submissions=submission)
    clean(reader.get(example.get_absolute_url()).content.decode(), public=True)
    page = reader.get(node.get_absolute_url()).content.decode()
    clean(page, public=True)
    assert page.count('<li class="comment level-0"') == 1
    clean(reader.get("/changes/").content.decode(), public=True)
    clean(moderator.get(f"/admin/recommendations/node/{node.pk}/history/").content.decode(), public=False)

    # Cohort sign-up and signature: every free-text field, on every page that shows them.
    cohort = CohortFactory(node=node, name="C", slug="c", capacity=5)
    reader.post(
        "/cohorts/c/join/",
        {
            "name": payload[:120],
            "email": "h@example.org",
            "organisation": payload[:200],
            "role": payload[:120],
            "sector": "other",
            "state_or_country": payload[:120],
            "city": payload[:120],
            "hope_to_change": payload[:3000],
            "listed_to_members": "on",
        },
    )
    sign_up = SignUp.objects.get()
    SignUp.objects.filter(pk=sign_up.pk).update(status="member")
    clean(reader.get(sign_up.get_absolute_url()).content.decode(), public=True)
    clean(reader.get(f"/cohorts/members/{sign_up.token}/").content.decode(), public=True)
    clean(reader.get(cohort.get_absolute_url()).content.decode(), public=True)
    clean(moderator.get(f"/admin/cohorts/signup/{sign_up.pk}/change/").content.decode(), public=False)
    reader.post(
        "/sign/",
        {
            "name": payload[:120],
            "organisation": payload[:200],
            "title": payload[:120],
            "sector": "other",
            "place": payload[:200],
            "kind": "individual",
            "show_publicly": "on",
            "email": "h@example.org",
        },
    )
    Signer.objects.update(status="confirmed")
    clean(reader.get("/signers/").content.decode(), public=True)

    # A rating's comment, in the admin report.
    reader.post(f"/feedback/node/{node.pk}/", {"rating": "1", "comment": payload[:500]})
    clean(moderator.get("/admin/pages/feedback/").content.decode(), public=False)


def test_null_characters_are_refused_with_a_message(client, blueprint):
    response = client.post("/examples/submit/", {"title": "A\x00B", "place": "X"})
    assert "Null characters are not allowed." in response.content.decode()
    assert ExampleSubmission.objects.count() == 0
