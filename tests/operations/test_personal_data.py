"""Export or erase everything stored about one e-mail address."""

import json
import re
from datetime import date

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.test import Client
from django_comments_xtd.models import XtdComment

from blueprint.common.models import OutgoingEmail
from blueprint.operations.personal_data import erase_personal_data, export_personal_data
from blueprint.pages.models import Signer
from cohorts.models import Cohort
from recommendations.models import Node, Suggestion
from recommendations.services import apply_suggestion
from tests.journeys import post_suggestion

EMAIL = "zephyrine@example.org"
NAME = "Zephyrine Quist"


def everything_about_zephyrine(blueprint_client, editor):
    client = blueprint_client
    node = Node.objects.get(number="3.2.1")
    cohort = Cohort.objects.create(
        node=node,
        name="C",
        slug="c",
        description="d",
        commitment="c",
        status="open",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 2, 1),
        meeting_rhythm="m",
        meeting_format="v",
        capacity=5,
        facilitator_name="F",
        facilitator_email="f@example.org",
    )
    client.post(
        "/cohorts/c/join/",
        {
            "name": NAME,
            "email": EMAIL,
            "organisation": "Quist Org",
            "role": "R",
            "sector": "other",
            "state_or_country": "Ohio",
            "city": "Akron",
            "hope_to_change": "Things",
        },
    )
    client.post("/cohorts/interest/3.2.1/", {"name": NAME, "email": EMAIL})
    client.post(
        "/sign/", {"name": NAME, "sector": "other", "place": "Akron", "kind": "individual", "email": EMAIL}
    )
    client.post(
        "/examples/submit/",
        {
            "title": "Akron story",
            "what_happened": "It changed.",
            "place": "Akron",
            "name": NAME,
            "email": EMAIL,
            "nodes": [node.pk],
            "consent_contact": "on",
            "consent_credit": "on",
        },
    )
    client.post(
        f"{node.get_absolute_url()}suggest/",
        {
            "kind": "edit",
            "text": "New words.",
            "reason": "Because.",
            "name": NAME,
            "email": EMAIL,
        },
    )
    XtdComment.objects.create(
        content_type=ContentType.objects.get_for_model(Node),
        object_pk=str(node.pk),
        site=Site.objects.get_current(),
        user_name=NAME,
        user_email=EMAIL,
        comment="Hello",
        is_public=True,
    )
    moderator = Client()
    moderator.force_login(editor)
    moderator.post(
        "/admin/moderation/",
        {
            "action": "accept",
            "item": [
                f"submission:{apps.get_model('examples', 'ExampleSubmission').objects.get().pk}",
                f"suggestion:{apps.get_model('recommendations', 'Suggestion').objects.get().pk}",
            ],
        },
    )
    return moderator, cohort


def rows_mentioning(needle):
    """Every row, in every table of the project, whose values mention `needle`."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed:
            continue  # no table
        for row in model._base_manager.values():
            if needle.lower() in json.dumps(row, default=str).lower():
                found.append(model._meta.label)
    return sorted(found)


def test_erasure_leaves_nothing_of_the_person_in_any_table(client, blueprint, editor):
    moderator, _ = everything_about_zephyrine(client, editor)
    assert rows_mentioning(EMAIL) != []
    assert "examples.HistoricalExample" in rows_mentioning(NAME)
    assert "recommendations.HistoricalNode" in rows_mentioning(NAME)
    response = moderator.post(
        "/admin/personal-data/", {"email": EMAIL.upper(), "do": "erase", "confirm_erase": "on"}, follow=True
    )
    assert "Erased. example credits: 1, history credits: 1," in response.content.decode()  # each once
    assert rows_mentioning(EMAIL) == []
    assert rows_mentioning("Zephyrine") == []
    # The published content stays, credited to "a reader".
    assert Node.objects.get(number="3.2.1").body == "New words."
    assert (
        apps.get_model("examples", "Example").objects.get(title="Akron story").source_name
        == "Sent in by a reader"
    )


def test_erasure_needs_a_ticked_box(client, blueprint, editor):
    moderator, _ = everything_about_zephyrine(client, editor)
    response = moderator.post("/admin/personal-data/", {"email": EMAIL, "do": "erase"})
    assert "Tick this box to erase." in response.content.decode()
    assert rows_mentioning(EMAIL) != []


def test_personal_data_is_in_the_admins_navigation_with_styled_buttons(client, blueprint, editor):
    client.force_login(editor)
    for url in ("/admin/", "/admin/recommendations/node/"):
        html = client.get(url).content.decode()
        assert '<a href="/admin/personal-data/">Personal data: export or erase</a>' in html
        assert '<a href="/admin/moderation/">Moderation queue</a>' in html
    html = client.get("/admin/personal-data/").content.decode()
    assert '<button type="submit" class="button default" name="do" value="export" formnovalidate>' in html
    assert '<button type="submit" class="button deletelink" name="do" value="erase">' in html
    assert re.search(r'<input type="checkbox" name="confirm_erase" required[^>]*>', html)
    assert "Required to erase; not needed to export." in html


def test_staff_without_the_permissions_see_no_work_to_do(client, blueprint, user_factory):
    client.force_login(user_factory(is_staff=True))
    html = client.get("/admin/").content.decode()
    assert "Work to do" not in html and "/admin/personal-data/" not in html


def test_export_lists_every_record_about_the_address(client, blueprint, editor):
    moderator, _ = everything_about_zephyrine(client, editor)
    response = moderator.post("/admin/personal-data/", {"email": EMAIL, "do": "export"})
    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    assert data["names"] == [NAME]
    assert {label: len(records) for label, records in data["records"].items() if label != "e-mails sent"} == {
        "cohort sign-ups": 1,
        "cohort interest": 1,
        "signatures": 1,
        "example submissions": 1,
        "suggestions": 1,
        "comments": 1,
        "I'm working on this": 0,
        "messages sent through the site": 0,
        "Pulse Check answers": 0,
        "Pulse Checks": 0,
        "examples credited": 1,
    }
    assert len(data["records"]["e-mails sent"]) >= 5


@pytest.fixture
def look_alikes(blueprint, signer_factory, comment_factory, outgoing_email_factory):
    """n@example.org, named ".", beside ann@example.org, named "a" (once typed Ann@Example.org)."""
    for email, name in (("n@example.org", "."), ("ann@example.org", "a")):
        signer_factory(email=email, name=name)
        comment_factory(user_email=email, user_name=name, comment=f"{name} wrote this, a text with a dot.")
        outgoing_email_factory(to=[email], subject="Please confirm", body=f"Hello {name}, a link.")
        outgoing_email_factory(to=["editor@example.org"], body=f"A submission by {name}.", about=email)
    outgoing_email_factory(to=["Ann@Example.org"], body="Hello a.")


def emails(queryset):
    return sorted((tuple(outgoing.to), outgoing.about) for outgoing in queryset)


def test_an_export_holds_the_whole_address_only_never_a_look_alike_or_a_name(look_alikes):
    data = export_personal_data("N@example.org ")
    records = data["records"]
    assert [row["fields"]["email"] for row in records["signatures"]] == ["n@example.org"]
    assert [row["fields"]["user_email"] for row in records["comments"]] == ["n@example.org"]
    assert sorted(
        (tuple(row["fields"]["to"]), row["fields"]["about"]) for row in records["e-mails sent"]
    ) == [
        (("editor@example.org",), "n@example.org"),
        (("n@example.org",), ""),
    ]
    assert data["names"] == ["."]


def test_erasure_touches_only_that_persons_rows(look_alikes):
    counts = erase_personal_data("n@example.org")
    assert (counts["signatures"], counts["comments"], counts["e-mails"]) == (1, 1, 2)
    assert list(Signer.objects.values_list("email", flat=True)) == ["ann@example.org"]
    assert list(XtdComment.objects.values_list("user_email", flat=True)) == ["ann@example.org"]
    assert emails(OutgoingEmail.objects.all()) == [
        (("Ann@Example.org",), ""),
        (("ann@example.org",), ""),
        (("editor@example.org",), "ann@example.org"),
    ]


def test_erasure_anonymises_only_the_credits_of_that_persons_suggestions(client, blueprint, editor):
    node = Node.objects.get(number="3.2.1")
    for email, name, text in (
        ("n@example.org", "a", "First words."),
        ("ann@example.org", "a", "Second words."),
    ):
        post_suggestion(client, node, name=name, email=email, text=text)
        suggestion = Suggestion.objects.get(email=email)
        apply_suggestion(suggestion=suggestion, editor=editor, resolve_conflict=True)
    erase_personal_data("n@example.org")
    assert list(node.history.order_by("history_date").values_list("body", "history_change_reason"))[-2:] == [
        ("First words.", "Suggested by a reader"),
        ("Second words.", "Suggested by a"),
    ]
