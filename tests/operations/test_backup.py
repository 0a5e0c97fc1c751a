"""`make backup` / `make restore`: a backup restored into an empty database gives the same site."""

import gzip
import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django_comments_xtd.models import XtdComment

from blueprint.pages.models import Signer
from cohorts.models import SignUp
from examples.models import ExampleSubmission
from recommendations.models import Node, Suggestion
from recommendations.services import move_node
from tests.factories import CohortFactory, SignUpFactory
from tests.journeys import post_and_confirm, post_suggestion, submission_data

# Restoring empties the database (flush), which PostgreSQL refuses inside a test's transaction.
pytestmark = pytest.mark.django_db(transaction=True)


def tree(nodes):
    return list(
        nodes.order_by("tree_id", "lft").values_list(
            "number", "parent__number", "lft", "rght", "tree_id", "level", "title", "body"
        )
    )


def everything(path):
    """Every row of a backup, as {model: [rows]}, in a comparable form."""
    with gzip.open(path, "rt") as handle:
        rows = json.load(handle)
    by_model = {}
    for row in rows:
        for name, value in row["fields"].items():
            if isinstance(value, list) and all(isinstance(item, int) for item in value):
                row["fields"][name] = sorted(value)  # many-to-many links come in no set order
        by_model.setdefault(row["model"], []).append(row)
    return by_model


@pytest.fixture
def lived_in_site(client, blueprint, editor):
    """The Blueprint after people have taken part: comments, submissions, sign-ups, edits."""
    node = Node.objects.get(number="3.2.1")
    post_and_confirm(client, node)
    assert client.post("/examples/submit/", submission_data()).status_code == 302
    assert (
        "Thank you for your suggestion"
        in client.get(post_suggestion(client, node)["Location"]).content.decode()
    )
    assert (
        client.post(
            "/sign/",
            {
                "name": "Ana Ruiz",
                "email": "ana@example.org",
                "kind": "individual",
                "sector": "other",
                "place": "Akron",
            },
        ).status_code
        == 302  # to "check your e-mail"
    )
    cohort = CohortFactory(node=node, name="Gathering cohort", slug="gathering", capacity=5)
    SignUpFactory(cohort=cohort, name="Ana", email="ana@example.org", status="member", token="member-token")
    node.title = "Make it possible for people to meet."
    node.save()  # a revision in the history
    moved = Node.objects.get(number="1.1.4")
    move_node(node=moved, target=Node.objects.get(number="1.2"), position="last-child")
    # A revision saved within the first millisecond of a second (JSON often drops microseconds).
    Node.history.filter(pk=Node.history.latest().pk).update(
        history_date=datetime(2026, 11, 29, 12, 0, 0, 500, tzinfo=UTC)
    )
    return node


def test_restoring_a_backup_into_an_empty_database_gives_everything_back(lived_in_site, tmp_path, client):
    first = tmp_path / "first.json.gz"
    call_command("backup", str(first))
    before = tree(Node.objects)
    counts = [model.objects.count() for model in (XtdComment, ExampleSubmission, Suggestion, Signer, SignUp)]
    assert counts == [1, 1, 1, 1, 1]
    history = Node.history.count()

    call_command("flush", interactive=False, verbosity=0)
    assert Node.objects.count() == 0
    call_command("restore", str(first))

    assert tree(Node.objects) == before
    assert [
        model.objects.count() for model in (XtdComment, ExampleSubmission, Suggestion, Signer, SignUp)
    ] == counts
    assert Node.history.count() == history
    assert Node.history.filter(history_date=datetime(2026, 11, 29, 12, 0, 0, 500, tzinfo=UTC)).count() == 1
    second = tmp_path / "second.json.gz"
    call_command("backup", str(second))
    restored, backed_up = everything(second), everything(first)
    for model, rows in backed_up.items():
        assert (model, restored[model]) == (model, rows)
    assert restored.keys() == backed_up.keys()
    # The restored site serves the restored content, and search finds it.
    html = client.get(lived_in_site.get_absolute_url()).content.decode()
    assert "Make it possible for people to meet.</h1>" in html
    assert "Our library lends meeting rooms for free" in html
    assert "Make it possible for people to meet." in client.get("/search/?q=possible+meet").content.decode()


def test_restore_refuses_a_database_that_holds_content(blueprint, tmp_path):
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))
    with pytest.raises(CommandError, match="This database already holds content"):
        call_command("restore", str(path))
    call_command("restore", str(path), replace=True)
    assert Node.objects.filter(number="3.2.1").exists()


def test_restore_refuses_a_backup_naming_files_outside_the_media_folder_and_keeps_the_site(
    blueprint, tmp_path
):
    path = tmp_path / "backup.json.gz"
    call_command("backup", str(path))
    with gzip.open(path, "rt") as handle:
        rows = json.load(handle)
    tool = next(row for row in rows if row["model"] == "examples.tool")
    tool["fields"]["file"] = "../../blueprint/settings.py"
    with gzip.open(path, "wt") as handle:
        json.dump(rows, handle)
    with pytest.raises(
        CommandError,
        match=r"names files outside the media folder \(examples.tool.file: ../../blueprint/settings.py\)",
    ):
        call_command("restore", str(path), replace=True)
    assert Node.objects.count() == 94
