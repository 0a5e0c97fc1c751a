"""A node's number is its place in the tree, a link that ever led to a node leads to it forever,
and the tree has three levels exactly."""

import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from recommendations.models import Node, NodeAddress

CHANGE = "/admin/recommendations/node/{}/change/"


def drag(client, node, onto, position):
    return client.post(
        "/admin/recommendations/node/",
        {"cmd": "move_node", "cut_item": node.pk, "pasted_on": onto.pk, "position": position},
    )


def numbers_under(number):
    return [(child.number, child.title) for child in Node.objects.get(number=number).get_children()]


def test_dragging_a_node_under_another_recommendation_gives_it_its_place_there(editor_client, blueprint):
    moved = Node.objects.get(number="1.1.4")
    before = Node.history.count()
    drag(editor_client, moved, Node.objects.get(number="1.2"), "last-child")
    moved.refresh_from_db()
    assert moved.number == f"1.2.{len(numbers_under('1.2'))}"
    assert [number for number, _ in numbers_under("1.1")] == ["1.1.1", "1.1.2", "1.1.3"]
    assert Node.history.count() == before + 1  # one revision, for the moved node alone
    assert moved.history.first().history_change_reason == f"Moved from 1.1.4 to {moved.number}"


def test_reordering_renumbers_the_siblings_by_their_places(editor_client, blueprint):
    titles = [title for _, title in numbers_under("1.1")]
    drag(editor_client, Node.objects.get(number="1.1.1"), Node.objects.get(number="1.1.4"), "right")
    assert numbers_under("1.1") == list(
        zip(["1.1.1", "1.1.2", "1.1.3", "1.1.4"], [*titles[1:], titles[0]], strict=True)
    )


def test_a_link_to_a_moved_node_leads_to_it_and_its_page_says_what_it_was(editor_client, client, blueprint):
    moved = Node.objects.get(number="1.1.4")
    old_url = moved.get_absolute_url()
    drag(editor_client, moved, Node.objects.get(number="1.2"), "last-child")
    moved.refresh_from_db()
    response = client.get(old_url)
    assert (response.status_code, response["Location"]) == (301, moved.get_absolute_url())
    # No node holds 1.1.4 now: the number leads to its last holder, whose page says so.
    assert client.get("/r/1.1.4/")["Location"] == moved.get_absolute_url()
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    html = client.get(moved.get_absolute_url()).content.decode()
    assert f'<p class="former-number">Numbered 1.1.4 until {today}.</p>' in html
    assert list(moved.past_addresses.values_list("number", "slug")) == [("1.1.4", moved.slug)]


def test_the_old_number_and_slug_still_win_over_the_node_that_holds_the_number_now(
    editor_client, client, blueprint
):
    first, second = Node.objects.get(number="1.1.1"), Node.objects.get(number="1.1.2")
    first_url, second_slug = first.get_absolute_url(), second.slug
    drag(editor_client, first, Node.objects.get(number="1.1.4"), "right")
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.number, second.number) == ("1.1.4", "1.1.1")
    assert client.get(first_url)["Location"] == first.get_absolute_url()
    assert client.get(f"/1.1.1/{second_slug}/").status_code == 200
    assert client.get("/r/1.1.1/")["Location"] == second.get_absolute_url()
    # And a retitled node's old slug leads to it too.
    second.title = "A new title"
    second.slug = "a-new-title"
    second.save()
    assert client.get(f"/1.1.1/{second_slug}/")["Location"] == "/1.1.1/a-new-title/"


def test_an_editor_never_types_a_number(editor_client, blueprint):
    node = Node.objects.get(number="3.2.1")
    html = editor_client.get(CHANGE.format(node.pk)).content.decode()
    assert 'name="number"' not in html
    assert re.search(r'<div class="readonly">3\.2\.1</div>', html)


def test_a_node_added_or_deleted_in_the_admin_renumbers_its_siblings(editor_client, blueprint):
    parent = Node.objects.get(number="3.2")
    count = parent.get_children().count()
    response = editor_client.post(
        "/admin/recommendations/node/add/",
        {
            "parent": parent.pk,
            "title": "Open the school gym at night",
            "slug": "open-the-school-gym-at-night",
            "status": "published",
            "body": "",
            "title_es": "",
            "body_es": "",
            **inline_management(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = Node.objects.get(slug="open-the-school-gym-at-night")
    assert added.number == f"3.2.{count + 1}"
    first = parent.get_children().first()
    editor_client.post(f"/admin/recommendations/node/{first.pk}/delete/", {"post": "yes"})
    added.refresh_from_db()
    assert added.number == f"3.2.{count}"
    assert [number for number, _ in numbers_under("3.2")] == [f"3.2.{n}" for n in range(1, count + 1)]


def inline_management():
    data = {}
    for prefix in ("Example_nodes", "Tool_nodes"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data


@pytest.mark.parametrize(
    ("moved", "onto", "position"),
    [
        ("1.1", "1.2.1", "last-child"),  # a recommendation with sub-recommendations, two levels down
        ("1.1.1", "1.1.2", "last-child"),  # a sub-recommendation under a sub-recommendation
        ("1.1", "1.2.1", "left"),  # beside a sub-recommendation: its sub-recommendations a fourth level
        ("1", "2", "last-child"),  # a principle under anything
        ("1", "2.1", "right"),
    ],
)
def test_a_drag_that_breaks_the_three_levels_is_refused_with_the_reason(
    editor_client, blueprint, moved, onto, position
):
    before = list(
        Node.objects.order_by("pk").values_list("number", "parent_id", "lft", "rght", "tree_id", "level")
    )
    response = drag(editor_client, Node.objects.get(number=moved), Node.objects.get(number=onto), position)
    assert response.content == b"FAIL, invalid move."
    after = list(
        Node.objects.order_by("pk").values_list("number", "parent_id", "lft", "rght", "tree_id", "level")
    )
    assert after == before
    html = editor_client.get("/admin/recommendations/node/").content.decode()
    assert "nothing deeper" in html or "A principle stays at the top of the tree" in html


@pytest.mark.parametrize(
    ("number", "parent", "message"),
    [
        ("1.1.1", "1.1.2", "This would make a fourth level under"),
        ("1.1", "1.2", "This would make a fourth level under"),
        ("1", "2.1", "A principle stays at the top of the tree: it cannot be moved under anything."),
        ("1.1", "1.1.1", "Select a valid choice."),  # its own branch is not offered as a parent
    ],
)
def test_move_refuses_a_fourth_level(editor_client, blueprint, number, parent, message):
    node = Node.objects.get(number=number)
    response = editor_client.post(
        f"/admin/recommendations/node/{node.pk}/move/",
        {"target": Node.objects.get(number=parent).pk, "position": "last-child"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Node.objects.get(pk=node.pk).number == number


def test_former_addresses_are_kept_in_the_database(editor_client, blueprint):
    node = Node.objects.get(number="2.7.2")
    drag(editor_client, node, Node.objects.get(number="2.6"), "last-child")
    assert NodeAddress.objects.leading_to("2.7.2", node.slug) == node
