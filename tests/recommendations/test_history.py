import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from recommendations.models import Node, Page
from recommendations.services import move_node
from tests.journeys import hidden_fields


def edit(node, **values):
    for name, value in values.items():
        setattr(node, name, value)
    node.save()


def test_node_history_lists_who_changed_what(editor_client, blueprint):
    node = Node.objects.get(number="1.2.1")
    edit(node, body="First text.")
    edit(node, body="Second text.")
    html = editor_client.get(f"/admin/recommendations/node/{node.pk}/history/").content.decode()
    assert html.count("<tr>") >= 3
    assert "Compare two revisions" in html


def test_diff_between_any_two_revisions(editor_client, blueprint):
    node = Node.objects.get(number="1.2.1")
    edit(node, body="Line one.\nLine two.")
    edit(node, body="Line one.\nLine 2.")
    edit(node, title="A new title.")
    newest, middle, oldest_edit, created = node.history.all()[:4]
    response = editor_client.get(
        f"/admin/recommendations/node/{node.pk}/history/compare/",
        {"old": oldest_edit.history_id, "new": newest.history_id},
    )
    html = response.content.decode()
    assert 'Line one.\nLine <del class="diff-removed">two.</del><ins class="diff-added">2.</ins>' in html
    assert '<ins class="diff-added">A new title.</ins>' in html
    revert = f"/admin/recommendations/node/{node.pk}/history/{oldest_edit.history_id}/"
    assert f'<a class="button" href="{revert}">Revert to the older revision' in html


def test_the_compare_page_shows_the_two_revisions_side_by_side_on_request(editor_client, blueprint):
    node = Node.objects.get(number="1.2.1")
    edit(node, body="Line one.\nLine two.")
    edit(node, body="Line one.\nLine 2.")
    newest, older = node.history.all()[:2]
    url = f"/admin/recommendations/node/{node.pk}/history/compare/"
    inline = editor_client.get(url, {"old": older.history_id, "new": newest.history_id}).content.decode()
    assert (
        f'<a href="?old={older.history_id}&amp;new={newest.history_id}&amp;view=side">Side by side</a>'
        in inline
    )

    response = editor_client.get(url, {"old": older.history_id, "new": newest.history_id, "view": "side"})

    cells = re.findall(r'<td class="diff">(.*?)</td>', response.content.decode(), re.S)
    assert cells == [
        'Line one.\nLine <del class="diff-removed">two.</del>',
        'Line one.\nLine <ins class="diff-added">2.</ins>',
    ]


def test_history_names_what_each_revision_changed_in_words(editor_client, blueprint):
    node = Node.objects.get(number="1.2.1")
    edit(node, body="First text.")
    edit(node, title="A new title.", title_es="Un título nuevo.")
    html = editor_client.get(f"/admin/recommendations/node/{node.pk}/history/").content.decode()
    cells = re.findall(r"<td>([^<]*)</td>", html)
    assert "title, title in Spanish" in cells
    assert "text" in cells
    assert "Change reason" not in html
    assert "None" not in html


def test_revert_restores_content_and_never_moves_the_node(editor_client, blueprint):
    node = Node.objects.get(number="1.2.1")
    edit(node, body="Good text.")
    good = node.history.first()
    edit(node, body="Vandalised.")
    # Moving the node after the good revision must survive the revert.
    move_node(node=node, target=Node.objects.get(number="1.3"), position="last-child")
    node.refresh_from_db()
    tree_before = list(Node.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "tree_id"))
    url = f"/admin/recommendations/node/{node.pk}/history/{good.history_id}/"
    form = editor_client.get(url).content.decode()
    assert "Good text." in form
    parent_id = Node.objects.get(number="1.3").pk
    response = editor_client.post(
        url,
        {
            **hidden_fields(editor_client, url),
            "number": "1.2.1",
            "title": node.title,
            "slug": node.slug,
            "body": "Good text.",
            "_save": "Revert",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    node.refresh_from_db()
    assert (node.body, node.parent_id) == ("Good text.", parent_id)
    assert (
        list(Node.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "tree_id"))
        == tree_before
    )
    Node.objects.rebuild()
    assert (
        list(Node.objects.order_by("pk").values_list("pk", "parent_id", "lft", "rght", "tree_id"))
        == tree_before
    )


def test_recent_changes_lists_published_changes_newest_first(client, blueprint):
    edit(Node.objects.get(number="4.1"), body="Text for 4.1.")
    edit(Page.objects.get(slug="start-here"), title="Start here.")
    draft = Node.objects.get(number="4.2")
    edit(draft, status="draft")
    html = client.get("/changes/").content.decode()
    titles = re.findall(r'<a href="[^"]+">([^<]+)</a> <span class="badge">', html)
    assert titles[:2] == ["Start here.", "4.1 Backstop loss."]
    assert "4.2 Ensure access to basic nutritional and economic supports." not in titles


def test_recent_changes_costs_one_query_per_kind_of_content(client, blueprint, django_assert_num_queries):
    for number in ("1.1", "1.2", "1.3", "2.1", "2.2"):
        edit(Node.objects.get(number=number), body=f"Text for {number}.")
    # The content version (for the shared-page cache), how many changes there are (one count per
    # kind of content), one query per kind of content, and the nodes' numbers and addresses now
    # (their revisions do not record them).
    with django_assert_num_queries(10):
        html = client.get("/changes/").content.decode()
    assert '<a href="/2.2/address-bias-in-expectations/">2.2 Address bias in expectations.</a>' in html


def test_recent_changes_go_fifty_a_page_newest_first(client, blueprint, example_factory):
    for n in range(60):
        example_factory(title=f"Community example {n:02}", status="published")
    titles = re.findall(
        r'<a href="[^"]+">([^<]+)</a> <span class="badge">', client.get("/changes/").content.decode()
    )
    assert titles == [f"Community example {n:02}" for n in range(59, 9, -1)]
    second = client.get("/changes/?page=2").content.decode()
    titles = re.findall(r'<a href="[^"]+">([^<]+)</a> <span class="badge">', second)
    assert titles == [f"Community example {n:02}" for n in range(9, -1, -1)]
    assert '<ol class="changes" start="51">' in second
    assert '<a href="/changes/" rel="prev">' in second


def test_the_history_says_what_each_revision_changed_for_the_same_queries_whatever_their_number(
    editor_client, blueprint
):
    node = Node.objects.get(number="1.2.1")
    url = f"/admin/recommendations/node/{node.pk}/history/"
    counts, edits = [], 0
    for revisions in (2, 12):
        while edits < revisions:
            edits += 1
            edit(node, body=f"Text {edits}.")
        editor_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            html = editor_client.get(url).content.decode()
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert html.count("<td>text</td>") == 12
    edit(node, title="A new title.")
    assert "<td>title</td>" in editor_client.get(url).content.decode()


def test_compare_refuses_a_newer_revision_as_the_older(editor_client, blueprint):
    node = Node.objects.get(number="1.2.1")
    edit(node, body="Line one.")
    edit(node, body="Line 2.")
    newest, older = node.history.all()[:2]
    url = f"/admin/recommendations/node/{node.pk}/history/compare/"

    response = editor_client.get(url, {"old": newest.history_id, "new": older.history_id}, follow=True)

    assert response.redirect_chain == [(f"/admin/recommendations/node/{node.pk}/history/", 302)]
    assert (
        "The revision compared as older is the newer one: pick the earlier revision as “older”."
        in response.content.decode()
    )
