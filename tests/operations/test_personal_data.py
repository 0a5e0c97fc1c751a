"""Export or erase everything stored about one e-mail address."""

import json
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blueprint.common.models import OutgoingEmail
from blueprint.operations.personal_data import erase_personal_data, export_personal_data
from blueprint.pages.models import Signer
from recommendations.models import Node, Suggestion
from recommendations.services import apply_suggestion
from tests.factories import CohortFactory, CommentFactory
from tests.journeys import hidden_fields, post_suggestion

EMAIL = "zephyrine@example.org"
NAME = "Zephyrine Quist"


def everything_about_zephyrine(blueprint_client, editor):
    client = blueprint_client
    node = Node.objects.get(number="3.2.1")
    cohort = CohortFactory(node=node, name="C", slug="c", capacity=5)
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
    CommentFactory(target=node, user_name=NAME, user_email=EMAIL, comment="Hello")
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
    assert "Work to do" not in html
    assert "/admin/personal-data/" not in html


def test_export_lists_every_record_about_the_address(client, blueprint, editor):
    moderator, _ = everything_about_zephyrine(client, editor)
    response = moderator.post("/admin/personal-data/", {"email": EMAIL, "do": "export"})
    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="personal-data.json"'
    assert data["names"] == [NAME]
    records = data["records"]
    assert {label: len(rows) for label, rows in records.items() if label != "e-mails sent to them"} == {
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
    # Sent to her: confirmations of the sign-up, interest and signature, the submission received,
    # then it and the suggestion accepted. Never the editors' notices about her.
    sent = [row["fields"] for row in records["e-mails sent to them"]]
    assert [fields["to"] for fields in sent] == [[EMAIL]] * 6
    assert sorted(fields["subject"] for fields in sent) == [
        "Cohorts on 3.2.1: please confirm",
        "Please confirm your sign-up to C",
        "Please confirm your signature on the Wellbeing Blueprint",
        "We received your example “Akron story”",
        "Your example “Akron story”: Accepted and published",
        "Your suggestion for 3.2.1: Accepted",
    ]
    assert editor.email not in json.dumps(data)


def test_an_export_after_writing_to_someone_holds_what_was_written_never_the_recipient(
    client, blueprint, editor, working_on_factory, mail_server
):
    """The attack: write to someone through “I'm working on this”, then ask for one's own data
    to learn the recipient's address and the private link that edits their entry."""
    entry = working_on_factory(email="recipient@example.org", confirmed_at=timezone.now())
    for delivered in (False, True):  # before the mail server takes it, and after
        (mail_server.up if delivered else mail_server.down)()
        url = f"/working-on/contact/{entry.pk}/"
        data = {"name": NAME, "email": EMAIL, "message": "Could we talk?", "website": ""}
        assert client.post(url, {**hidden_fields(client, url), **data}).status_code == 302
        moderator = Client()
        moderator.force_login(editor)
        exported = moderator.post("/admin/personal-data/", {"email": EMAIL, "do": "export"}).content.decode()
        assert "recipient@example.org" not in exported
        assert entry.token not in exported
        messages = json.loads(exported)["records"]["messages sent through the site"]
        assert [row["fields"]["message"] for row in messages] == ["Could we talk?"] * (2 if delivered else 1)
    # Delivered, the copy of each message (their address, their link) is forgotten.
    call_command("run_periodic", stdout=StringIO())  # the retry of the first
    assert OutgoingEmail.objects.filter(to=["recipient@example.org"]).count() == 0


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
    assert [row["fields"]["to"] for row in records["e-mails sent to them"]] == [["n@example.org"]]
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


def many_rows_from(email, count):
    """`count` example submissions (each on two sub-recommendations) and `count` suggestions."""
    submission_model = apps.get_model("examples", "ExampleSubmission")
    nodes = list(Node.objects.filter(number__in=["3.2.1", "4.4.1"]))
    start = submission_model.objects.count()
    submissions = submission_model.objects.bulk_create(
        submission_model(title=f"Story {n}", what_happened="It changed.", name=NAME, email=email)
        for n in range(start, start + count)
    )
    submission_model.nodes.through.objects.bulk_create(
        submission_model.nodes.through(examplesubmission=submission, node=node)
        for submission in submissions
        for node in nodes
    )
    Suggestion.objects.bulk_create(
        Suggestion(node=nodes[0], kind="edit", text="Words.", reason="Why.", name=NAME, email=email)
        for n in range(start, start + count)
    )


def test_an_export_of_a_thousand_rows_costs_what_an_export_of_ten_does(blueprint, django_assert_num_queries):
    for total in (10, 1000):
        many_rows_from(EMAIL, total // 2 - Suggestion.objects.count())
        # One query per kind of record, one per many-to-many field, the names, the e-mails.
        with django_assert_num_queries(21):
            data = export_personal_data(EMAIL)
        submissions = data["records"]["example submissions"]
        assert (len(submissions), len(data["records"]["suggestions"])) == (total // 2, total // 2)
        assert all(len(row["fields"]["nodes"]) == 2 for row in submissions)
