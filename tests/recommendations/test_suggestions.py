import pytest
from django.core import mail
from django.test import Client

from recommendations.models import Node, Suggestion
from tests.journeys import post_suggestion, suggest_url


@pytest.fixture
def node(blueprint):
    return Node.objects.get(number="3.2.1")


@pytest.fixture
def moderator(editor):
    client = Client()
    client.force_login(editor)
    return client


def test_suggest_form_starts_from_the_current_text(client, node):
    node.body = "Current text."
    node.save()
    html = client.get(suggest_url(node)).content.decode()
    assert ">\nCurrent text.</textarea>" in html


def test_accepted_suggestion_becomes_a_revision_credited_to_the_suggester(client, node, moderator, editor):
    response = post_suggestion(client, node)
    assert response.status_code == 302
    assert "Thank you for your suggestion" in client.get(response["Location"]).content.decode()
    suggestion = Suggestion.objects.get()
    page = moderator.get(f"/admin/recommendations/suggestion/{suggestion.pk}/review/").content.decode()
    assert '<ins class="diff-added">People need places to meet, indoors and out.</ins>' in page
    moderator.post(
        f"/admin/recommendations/suggestion/{suggestion.pk}/review/", {"decision": "accept", "note": "Thanks"}
    )
    node.refresh_from_db()
    assert node.body == "People need places to meet, indoors and out."
    latest = node.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Suggested by Sam Lee", editor)
    assert mail.outbox[-1].subject == "Your suggestion for 3.2.1: Accepted"
    html = client.get(node.get_absolute_url()).content.decode()
    assert "<p>People need places to meet, indoors and out.</p>" in html


def test_conflicting_suggestion_is_not_applied_until_the_editor_decides(client, node, moderator):
    post_suggestion(client, node)
    node.body = "An editor wrote this after the suggestion was started."
    node.save()
    suggestion = Suggestion.objects.get()
    url = f"/admin/recommendations/suggestion/{suggestion.pk}/review/"
    response = moderator.post(url, {"decision": "accept"})
    html = response.content.decode()
    assert "The text changed after this suggestion was started." in html
    assert '<ins class="diff-added">An editor wrote this after the suggestion was started.</ins>' in html
    node.refresh_from_db()
    assert node.body == "An editor wrote this after the suggestion was started."
    moderator.post(url, {"decision": "accept", "resolve_conflict": "on"})
    node.refresh_from_db()
    assert node.body == "People need places to meet, indoors and out."


def test_suggested_sub_recommendation_is_added_under_the_node(client, blueprint, moderator):
    parent = Node.objects.get(number="3.2")
    post_suggestion(client, parent, kind="child", title="Fund places to gather.", text="Libraries, parks.")
    suggestion = Suggestion.objects.get()
    moderator.post(f"/admin/recommendations/suggestion/{suggestion.pk}/review/", {"decision": "accept"})
    assert [child.number for child in parent.get_children()] == ["3.2.1", "3.2.2", "3.2.3", "3.2.4"]
    new = Node.objects.get(number="3.2.4")
    assert (new.title, new.body, new.history.first().history_change_reason) == (
        "Fund places to gather.",
        "Libraries, parks.",
        "Suggested by Sam Lee",
    )
    Node.objects.rebuild()
    assert Node.objects.get(number="3.2.4").parent == parent


def test_declined_suggestion_changes_nothing_and_tells_the_suggester(client, node, moderator):
    post_suggestion(client, node)
    suggestion = Suggestion.objects.get()
    moderator.post(
        f"/admin/recommendations/suggestion/{suggestion.pk}/review/",
        {"decision": "decline", "note": "Too broad."},
    )
    node.refresh_from_db()
    assert node.body == ""
    assert mail.outbox[-1].subject == "Your suggestion for 3.2.1: Declined"
    assert "Too broad." in mail.outbox[-1].body


def test_suggestion_needs_a_title_for_a_new_sub_recommendation(client, blueprint):
    parent = Node.objects.get(number="3.2")
    response = post_suggestion(client, parent, kind="child", title="")
    assert (
        '<ul class="errors" id="id_title_error"><li>Give the new sub-recommendation a title.</li></ul>'
        in response.content.decode()
    )
    assert Suggestion.objects.count() == 0


def test_on_a_sub_recommendation_the_form_offers_only_new_text(client, node):
    html = client.get(suggest_url(node)).content.decode()
    assert 'name="kind"' not in html
    assert 'name="title"' not in html
    assert "<p>Propose new text for this page.\n" in html
    assert '(optional)</span></label>\n  \n  \n  <textarea name="text"' not in html

    post_suggestion(client, node, kind="child", title="Sneaked in")

    assert list(Suggestion.objects.values_list("kind", "title")) == [("edit", "")]


@pytest.mark.parametrize(("number", "child"), [("3", "recommendation"), ("3.2", "sub-recommendation")])
def test_the_form_names_what_can_go_under_the_node_and_marks_no_conditional_field_optional(
    client, blueprint, number, child
):
    html = client.get(suggest_url(Node.objects.get(number=number))).content.decode()
    assert f"\n A new {child} under it</label>" in html
    assert f'Title of the new {child} <span class="optional">(needed for a new {child})</span>' in html
    assert 'Text <span class="optional">(needed for new text)</span>' in html
    assert html.count("(optional)") == 1  # the honeypot, hidden from people


@pytest.mark.parametrize("body", ["", "Current text."])
def test_new_text_cannot_be_empty_and_one_message_says_so(client, node, body):
    node.body = body
    node.save()
    response = post_suggestion(client, node, text="")
    assert '<ul class="errors" id="id_text_error"><li>Write the new text for this page.</li></ul>' in (
        response.content.decode()
    )
    assert Suggestion.objects.count() == 0


def test_the_text_box_says_what_is_in_it_and_how_to_format_in_plain_words(client, node):
    html = client.get(suggest_url(node)).content.decode()
    assert node.body == ""
    assert "This page has no text yet: write it in the box." in html
    assert "already in the box" not in html
    assert "For bold, put **two stars** around words; for a list, start lines with “- ”." in html
    assert "Markdown" not in html
    node.body = "Current text."
    node.save()
    assert "The page&#x27;s current text is already in the box: change it there." in (
        client.get(suggest_url(node)).content.decode()
    )


def test_node_page_offers_suggest_an_edit(client, node):
    html = client.get(node.get_absolute_url()).content.decode()
    assert f'<a href="{suggest_url(node)}">Suggest an edit</a>' in html


STARS = "*" * 2499 + "a" + "*" * 2499
BRACKETS = "[" * 4000 + "x" + "]" * 4000


@pytest.mark.parametrize("text", [STARS, BRACKETS], ids=["emphasis", "brackets"])
def test_markdown_nested_too_deeply_is_refused_next_to_the_field_with_the_text_kept(client, node, text):
    response = post_suggestion(client, node, text=text)
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "This text nests markup more than 32 levels deep (brackets, emphasis marks, quotes or lists), "
        "or leaves that many HTML tags open. Please simplify it."
    ) in html
    assert f">\n{text}</textarea>" in html
    assert Suggestion.objects.count() == 0


def test_accepting_a_suggestion_nested_too_deeply_shows_it_as_plain_text(node, moderator, suggestion_factory):
    suggestion = suggestion_factory(node=node, text=STARS)
    url = f"/admin/recommendations/suggestion/{suggestion.pk}/review/"
    response = moderator.post(url, {"decision": "accept"})
    assert response.status_code == 302
    node.refresh_from_db()
    assert node.body_html == f"<p>{STARS}</p>"


def test_a_conflicting_suggestion_is_merged_by_the_editor_and_the_reader_told(
    client, node, moderator, editor
):
    post_suggestion(client, node, text="People need places to meet.")
    node.body = "An editor added this line.\n\nPeople meet."
    node.save()
    suggestion = Suggestion.objects.get()
    url = f"/admin/recommendations/suggestion/{suggestion.pk}/review/"
    page = moderator.get(url).content.decode()
    assert f'<a href="/admin/recommendations/node/{node.pk}/change/">{node}</a>' in page
    assert ">\nAn editor added this line.\n\nPeople meet.</textarea>" in page  # prefilled with the text now
    assert 'class="merged-text"' in page  # (the whole width of the form: admin.css)
    refused = moderator.post(url, {"decision": "accept"}).content.decode()
    assert "Compare the two differences above" in refused
    merged = "An editor added this line.\n\nPeople need places to meet."
    response = moderator.post(url, {"decision": "merge", "merged_text": merged, "note": ""}, follow=True)
    assert "Accepted with changes: your merged text is a new revision" in response.content.decode()
    node.refresh_from_db()
    assert node.body == merged
    latest = node.history.first()
    assert (latest.history_change_reason, latest.history_user) == ("Suggested by Sam Lee", editor)
    assert Suggestion.objects.get().get_status_display() == "Accepted with changes"
    assert mail.outbox[-1].subject == "Your suggestion for 3.2.1: Accepted with changes"
    assert "accepted your suggestion with changes" in mail.outbox[-1].body
