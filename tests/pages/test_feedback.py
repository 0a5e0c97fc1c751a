import re

import pytest
from django.test import Client

from blueprint.pages.models import Feedback, Rating
from recommendations.models import Node, Page


@pytest.fixture
def node(blueprint):
    return Node.objects.get(number="1.2")


def feedback_url(node):
    return f"/feedback/node/{node.pk}/"


def test_rating_button_opens_form_with_choice_selected(client, node):
    response = client.get(feedback_url(node), {"rating": "3"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="3" required id="id_rating_0" checked' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'Anything you would like to add? <span class="optional">(optional)</span></label>' in html


def test_rating_is_stored_for_the_page(client, node):
    response = client.post(feedback_url(node), {"rating": "3", "comment": "Clear and useful"})
    assert (response.status_code, response["Location"]) == (302, feedback_url(node))
    assert list(Feedback.objects.values_list("object_id", "rating", "comment")) == [
        (node.pk, Rating.HELPFUL, "Clear and useful")
    ]
    html = client.get(feedback_url(node)).content.decode()
    assert "Thank you. Your answer is saved." in html


def test_without_javascript_the_saved_answer_stays_chosen_and_a_comment_can_be_added_after_it(client, node):
    """Not helpful, Send; then a comment, Send again: the form the reader comes back to holds
    their answer, so the second send needs nothing retyped."""
    client.post(feedback_url(node), {"rating": "1"})
    html = client.get(feedback_url(node)).content.decode()
    assert "Thank you. Your answer is saved." in html
    assert "Your answer, saved: <strong>Not helpful</strong>." in html
    assert 'value="1" required id="id_rating_2" checked' in html
    assert "·" not in html.split("<h1>")[1].split("</p>")[0]  # the line under the heading
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    chosen = re.search(r'name="rating" value="(\d)"[^>]* checked', html).group(1)
    response = client.post(
        feedback_url(node), {**hidden, "rating": chosen, "comment": "It needs an example."}
    )
    assert response.status_code == 302
    assert list(Feedback.objects.values_list("rating", "comment")) == [
        (Rating.NOT_HELPFUL, "It needs an example.")
    ]
    again = client.get(feedback_url(node)).content.decode()
    assert "Your comment, saved:</p>" in again
    assert "<blockquote><p>It needs an example.</p></blockquote>" in again
    # A rating in the address (a page's button) is the choice shown, over the saved one.
    assert (
        'value="3" required id="id_rating_0" checked'
        in client.get(feedback_url(node), {"rating": "3"}).content.decode()
    )


def test_a_one_click_rating_is_answered_in_json_and_remembers_the_visitor(client, node):
    response = client.post(feedback_url(node), {"rating": "2"}, headers={"accept": "application/json"})
    assert (response.status_code, response.json()) == (
        200,
        {"saved": True, "message": "Thank you. Your answer is saved."},
    )
    assert "bp_visitor" in response.cookies
    client.post(feedback_url(node), {"rating": "3"}, headers={"accept": "application/json"})
    assert list(Feedback.objects.values_list("rating", flat=True)) == [Rating.HELPFUL]


def test_same_visitor_voting_again_changes_their_vote(client, node):
    client.post(feedback_url(node), {"rating": "3"})
    client.post(feedback_url(node), {"rating": "1", "comment": "On reflection, no"})
    assert list(Feedback.objects.values_list("rating", "comment")) == [
        (Rating.NOT_HELPFUL, "On reflection, no")
    ]


def test_each_visitor_has_one_vote_per_page(node):
    for rating in ("3", "2", "2"):
        Client().post(feedback_url(node), {"rating": rating})
    assert sorted(Feedback.objects.values_list("rating", flat=True)) == [2, 2, 3]


def test_votes_on_different_pages_are_separate(client, node):
    other = Page.objects.get(slug="start-here")
    client.post(feedback_url(node), {"rating": "3"})
    client.post(f"/feedback/page/{other.pk}/", {"rating": "2"})
    assert Feedback.objects.count() == 2


def test_invalid_rating_keeps_comment_and_explains(client, node):
    response = client.post(feedback_url(node), {"rating": "7", "comment": "Kept <b>text</b>"})
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        '<ul class="errors" id="id_rating_error"><li>Select a valid choice. 7 is not one of the available choices.</li></ul>'
        in html
    )
    assert ">\nKept &lt;b&gt;text&lt;/b&gt;</textarea>" in html
    assert Feedback.objects.count() == 0


def test_too_long_comment_is_refused_with_a_message(client, node):
    response = client.post(feedback_url(node), {"rating": "3", "comment": "x" * 501})
    assert "Ensure this value has at most 500 characters (it has 501)." in response.content.decode()
    assert Feedback.objects.count() == 0


def test_feedback_for_unknown_kind_or_draft_is_404(client, node):
    assert client.get(f"/feedback/cohort/{node.pk}/").status_code == 404
    node.status = "draft"
    node.save()
    assert client.get(feedback_url(node)).status_code == 404


def test_ratings_report_counts_answers_per_page(client, editor, node):
    for rating in ("3", "3", "1"):
        Client().post(feedback_url(node), {"rating": rating, "comment": "c" if rating == "1" else ""})
    client.force_login(editor)
    response = client.get("/admin/pages/feedback/report/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [
        (row["page"], row["helpful"], row["somewhat"], row["not_helpful"], row["total"], row["comments"])
        for row in response.context["rows"]
    ] == [(node, 2, 0, 1, 3, 1)]
    assert "1.2 Use restorative and transformative practices." in html
