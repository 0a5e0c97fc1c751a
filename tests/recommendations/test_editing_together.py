"""Two editors on one site, as a team works: two tabs, two people, one node. Nothing either of
them saved is lost or undone without being shown first."""

import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.test import Client

from blueprint.common.models import PendingDraft, Status
from blueprint.maturity.models import Strategy
from blueprint.pulse.models import Item
from examples.models import Tool
from examples.services import accept_submission
from recommendations.models import Node, Page
from recommendations.services import move_node, save_node
from tests.factories import ExampleSubmissionFactory, UserFactory
from tests.journeys import admin_form_data, squeezed

CHANGE = "/admin/recommendations/node/{}/change/"


@pytest.fixture
def second_editor(db):
    client = Client()
    client.force_login(
        UserFactory(username="bea", first_name="Bea", last_name="Ortiz", is_staff=True, is_superuser=True)
    )
    return client


def test_a_form_opened_before_a_move_saves_its_text_and_leaves_the_node_where_it_was_moved(
    editor_client, second_editor, blueprint
):
    node = Node.objects.get(number="1.1.4")
    first_tab = admin_form_data(
        editor_client, CHANGE.format(node.pk), body="Fixed a typo.", _publish="Publish"
    )
    second_editor.post(
        f"/admin/recommendations/node/{node.pk}/move/",
        {"target": Node.objects.get(number="1.2.1").pk, "position": "right"},
    )
    node.refresh_from_db()
    assert node.number == "1.2.2"

    response = editor_client.post(CHANGE.format(node.pk), first_tab)

    assert response.status_code == 302
    node.refresh_from_db()
    assert (node.number, node.parent.number, node.body) == ("1.2.2", "1.2", "Fixed a typo.")


def test_a_save_over_a_newer_version_is_refused_with_the_differences_and_then_merged(
    editor_client, second_editor, blueprint
):
    node = Node.objects.get(number="3.2.1")
    url = CHANGE.format(node.pk)
    tab_a = admin_form_data(editor_client, url, _publish="Publish")
    tab_b = admin_form_data(second_editor, url, _publish="Publish")
    tab_a["body"] = node.body + "\n\nA sentence from A."
    assert editor_client.post(url, tab_a).status_code == 302

    tab_b["title"] = "Make it possible for people to meet."
    refused = second_editor.post(url, tab_b)

    assert refused.status_code == 200
    html = refused.content.decode()
    assert "Someone saved this since you opened it. Nothing was saved" in html
    assert '<del class="diff-removed">A sentence from A.</del>' in squeezed(html).replace("\n", "")
    assert 'value="Make it possible for people to meet."' in html  # what B typed is kept
    node.refresh_from_db()
    assert (node.title, node.body.endswith("A sentence from A.")) == (
        "Make it possible for people to gather.",
        True,
    )

    # B brings A's sentence into the form they got back, and saves it.
    merged = {
        **tab_b,
        "body": node.body,
        "opened_version": refused.context["adminform"].form.data["opened_version"],
    }
    assert second_editor.post(url, merged).status_code == 302
    node.refresh_from_db()
    assert (node.title, node.body.endswith("A sentence from A.")) == (
        "Make it possible for people to meet.",
        True,
    )


@pytest.mark.parametrize(
    ("url", "changes"),
    [
        ("/admin/cohorts/cohort/{cohort}/change/", {"name": "Renamed"}),
        ("/admin/maturity/strategy/{strategy}/change/", {"title": "Renamed"}),
        ("/admin/pulse/item/{item}/change/", {"text": "Renamed"}),
        ("/admin/recommendations/page/{page}/change/", {"title": "Renamed", "_publish": "Publish"}),
        ("/admin/examples/tool/{tool}/change/", {"title": "Renamed", "_publish": "Publish"}),
    ],
)
def test_every_change_form_refuses_a_save_over_a_newer_version(
    editor_client, second_editor, blueprint, cohort_factory, url, changes
):
    url = url.format(
        cohort=cohort_factory().pk,
        strategy=Strategy.objects.first().pk,
        item=Item.objects.first().pk,
        page=Page.objects.first().pk,
        tool=Tool.objects.first().pk,
    )
    first = admin_form_data(editor_client, url, **changes)
    second = admin_form_data(
        second_editor,
        url,
        **{name: f"{value} again" if not name.startswith("_") else value for name, value in changes.items()},
    )
    assert second_editor.post(url, {**second, "_save": "Save"}).status_code == 302
    response = editor_client.post(url, {**first, "_save": "Save"})
    assert response.status_code == 200
    assert "Someone saved this since you opened it." in response.content.decode()


def test_an_editor_is_told_who_else_has_the_form_open_and_that_it_was_saved_since(
    editor_client, editor, second_editor, blueprint
):
    node = Node.objects.get(number="3.2.1")
    ping = f"/admin/editing/recommendations/node/{node.pk}/ping/"
    version = admin_form_data(editor_client, CHANGE.format(node.pk))["opened_version"]
    assert editor_client.get(ping, {"version": version}).json() == {"notices": []}

    assert second_editor.get(ping).json() == {
        "notices": [
            f"{editor.username} has this page open too: save one after the other, and check what the other saved."
        ]
    }
    node.body = "Saved by Bea."
    save_node(node=node)
    assert editor_client.get(ping, {"version": version}).json() == {
        "notices": [
            "Bea Ortiz has this page open too: save one after the other, and check what the other saved.",
            "Someone saved this page since you opened it. If you save now, you will be shown the "
            "differences to bring together first.",
        ]
    }


def test_a_draft_beside_a_live_example_is_previewed_then_published_and_its_submitter_told_once(
    editor_client, editor, blueprint
):
    submission = ExampleSubmissionFactory(email="sam@example.org")
    example = accept_submission(submission=submission, editor=editor)
    assert example.is_published
    told = [m.subject for m in mail.outbox]
    url = f"/admin/examples/example/{example.pk}/change/"
    reader_url = example.get_absolute_url()

    response = editor_client.post(
        url, admin_form_data(editor_client, url, body="Work in progress.", _save_draft="Save as a draft")
    )

    assert response["Location"] == url
    example.refresh_from_db()
    assert (example.status, example.body) == (Status.PUBLISHED, submission.what_happened)
    assert "Work in progress." not in Client().get(reader_url).content.decode()
    form = editor_client.get(url).content.decode()
    assert "Readers still see the published version." in form
    assert "Work in progress." in form  # the editor goes on with the draft
    preview = editor_client.get(f"/admin/examples/example/{example.pk}/preview/").content.decode()
    assert "<p>Work in progress.</p>" in preview
    assert "Preview for editors: readers do not see this version." in preview
    assert "Was this helpful?" not in preview
    assert 'id="comments"' not in preview

    editor_client.post(url, admin_form_data(editor_client, url, _publish="Publish changes"))
    assert "<p>Work in progress.</p>" in Client().get(reader_url).content.decode()
    assert PendingDraft.objects.count() == 0
    editor_client.post(url, admin_form_data(editor_client, url, _publish="Publish changes"))
    assert [m.subject for m in mail.outbox] == told  # published again: no second e-mail


def test_a_discarded_draft_leaves_the_published_version_as_it_was(editor_client, blueprint):
    node = Node.objects.get(number="3.2.1")
    url = CHANGE.format(node.pk)
    editor_client.post(url, admin_form_data(editor_client, url, body="Half done.", _save_draft="Save"))
    assert PendingDraft.objects.filter(content_type=ContentType.objects.get_for_model(Node)).count() == 1
    page = editor_client.get(f"/admin/recommendations/node/{node.pk}/discard-draft/").content.decode()
    assert "The draft's changes are lost; the published version stays as it is." in page

    editor_client.post(f"/admin/recommendations/node/{node.pk}/discard-draft/")

    assert PendingDraft.objects.count() == 0
    assert "Half done." not in editor_client.get(url).content.decode()
    assert "Half done." not in Client().get(node.get_absolute_url()).content.decode()


def test_saving_a_draft_of_a_published_node_keeps_every_number(editor_client, blueprint):
    node = Node.objects.get(number="2.2.1")
    numbers = list(Node.objects.order_by("pk").values_list("number", flat=True))
    url = CHANGE.format(node.pk)
    editor_client.post(url, admin_form_data(editor_client, url, title="Unfinished", _save_draft="Save"))
    assert list(Node.objects.order_by("pk").values_list("number", flat=True)) == numbers
    assert Node.objects.get(pk=node.pk).status == Status.PUBLISHED


def test_unpublishing_is_confirmed_on_its_own_page_which_says_what_renumbers(editor_client, blueprint):
    node = Node.objects.get(number="2.2.1")
    siblings = list(node.get_siblings().values_list("number", flat=True))
    url = f"/admin/recommendations/node/{node.pk}/unpublish/"
    page = squeezed(editor_client.get(url).content.decode())
    assert "Readers get a “Page not found” page at its address and at its permanent link." in page
    renumbering = "; ".join(f"{number} → 2.2.{place}" for place, number in enumerate(siblings, start=1))
    assert (
        f"These published nodes take new numbers (their old addresses keep leading to them): {renumbering}."
        in page
    )
    assert Node.objects.get(pk=node.pk).is_published  # asking is not doing

    editor_client.post(url)

    assert Client().get(f"/n/{node.pk}/").status_code == 404
    assert list(
        Node.objects.get(number="2.2").get_children().published().values_list("number", flat=True)
    ) == [f"2.2.{place}" for place in range(1, len(siblings) + 1)]


def test_published_again_no_sibling_says_it_was_numbered_as_it_is_now(editor_client, blueprint):
    node = Node.objects.get(number="2.2.1")
    sibling = Node.objects.get(number="2.2.2")
    editor_client.post(f"/admin/recommendations/node/{node.pk}/unpublish/")
    node.refresh_from_db()
    node.status = Status.PUBLISHED
    save_node(node=node)
    sibling.refresh_from_db()
    assert sibling.number == "2.2.2"
    html = Client().get(sibling.get_absolute_url()).content.decode()
    assert "Numbered 2.2.2 until" not in html


def test_a_new_node_starts_as_a_draft(editor_client, blueprint):
    parent = Node.objects.get(number="3.2")
    editor_client.post(
        "/admin/recommendations/node/add/",
        {"parent": parent.pk, "title": "A new idea", "slug": "a-new-idea", "body": "Text."},
    )
    assert Node.objects.get(slug="a-new-idea").status == Status.DRAFT


def test_the_permanent_link_leads_to_the_node_after_two_moves(blueprint):
    node = Node.objects.get(number="1.1.4")
    html = Client().get(node.get_absolute_url()).content.decode()
    assert f'Permalink: <a href="/n/{node.pk}/">http://127.0.0.1:8000/n/{node.pk}/</a>' in html
    assert f"Wellbeing Blueprint, “1.1.4 {node.title}”, http://127.0.0.1:8000/n/{node.pk}/" in html
    move_node(node=node, target=Node.objects.get(number="1.2"), position="last-child")
    move_node(node=node, target=Node.objects.get(number="3.1"), position="left")
    node.refresh_from_db()
    assert Client().get(f"/n/{node.pk}/")["Location"] == node.get_absolute_url()


def test_a_move_is_in_the_nodes_history_and_on_the_recent_changes(editor_client, blueprint):
    node = Node.objects.get(number="1.3.2")
    move_node(node=Node.objects.get(number="1.1.4"), target=node, position="left", editor=None)
    moved = Node.objects.get(number="1.3.2")
    record = moved.history.first()
    assert record.history_change_reason == "Moved from 1.1.4 to 1.3.2, renumbering " + ", ".join(
        f"1.3.{n} → 1.3.{n + 1}" for n in range(2, Node.objects.get(number="1.3").get_children().count())
    )
    changes = squeezed(Client().get("/changes/").content.decode())
    assert re.search(r"Moved from 1\.1\.4 to 1\.3\.2", changes)


@pytest.mark.parametrize(("model_name", "field"), [("maturity.strategy", "title"), ("pulse.item", "text")])
def test_strategies_and_pulse_items_have_history_compare_and_revert(
    editor_client, blueprint, model_name, field
):
    model = apps.get_model(model_name)
    obj = model.objects.first()
    before = getattr(obj, field)
    base = f"/admin/{model_name.replace('.', '/')}/{obj.pk}"
    editor_client.post(
        f"{base}/change/",
        admin_form_data(editor_client, f"{base}/change/", **{field: "Changed once", "_save": "Save"}),
    )
    newer, older = obj.history.all()[:2]  # newest first
    assert getattr(newer, field) == "Changed once"

    compare = editor_client.get(
        f"{base}/history/compare/", {"old": older.history_id, "new": newer.history_id}
    )
    assert compare.status_code == 200
    assert '<ins class="diff-added">Changed once</ins>' in compare.content.decode()
    revert = f"{base}/history/{older.history_id}/"
    editor_client.post(revert, admin_form_data(editor_client, revert, _save="Revert"))
    obj.refresh_from_db()
    assert getattr(obj, field) == before
