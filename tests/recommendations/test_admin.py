import re

import pytest

from examples.models import Example, Tool
from recommendations.models import Node
from tests.factories import UserFactory
from tests.journeys import hidden_fields


def test_editor_sees_the_tree_in_navigation_order(editor_client, blueprint):
    response = editor_client.get("/admin/recommendations/node/")
    assert response.status_code == 200
    numbers = re.findall(
        r'<div class="tree-title" style="text-indent:\d+px" title="([\d.]+) ', response.content.decode()
    )
    assert numbers[:4] == ["1", "1.1", "1.1.1", "1.1.2"]


def test_editor_moves_a_node_by_drag_and_drop(editor_client, blueprint):
    moved = Node.objects.get(number="1.1.4")
    target = Node.objects.get(number="1.1.1")
    response = editor_client.post(
        "/admin/recommendations/node/",
        {"cmd": "move_node", "cut_item": moved.pk, "pasted_on": target.pk, "position": "left"},
    )
    assert response.status_code == 200
    children = Node.objects.get(number="1.1").get_children()
    assert [(child.pk, child.number) for child in children][:2] == [(moved.pk, "1.1.1"), (target.pk, "1.1.2")]
    assert [child.number for child in children] == ["1.1.1", "1.1.2", "1.1.3", "1.1.4"]
    before = list(Node.objects.order_by("pk").values_list("lft", "rght", "tree_id", "level"))
    Node.objects.rebuild()
    assert list(Node.objects.order_by("pk").values_list("lft", "rght", "tree_id", "level")) == before


def test_editor_edits_a_node_and_readers_see_it(client, editor, blueprint):
    node = Node.objects.get(number="3.2.1")
    client.force_login(editor)
    url = f"/admin/recommendations/node/{node.pk}/change/"
    response = client.post(
        url,
        {
            **hidden_fields(client, url),
            "number": "3.2.1",
            "title": node.title,
            "slug": node.slug,
            "body": "## Why\n\nPeople need places to meet.",
            "_publish": "Publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    html = client.get(node.get_absolute_url()).content.decode()
    assert '<div class="prose"><h2 id="s-why">Why</h2>\n<p>People need places to meet.</p></div>' in html


def test_a_nodes_page_links_what_is_attached_to_it(editor_client, blueprint):
    node = Node.objects.get(number="2.6")
    html = editor_client.get(f"/admin/recommendations/node/{node.pk}/change/").content.decode()
    example = Example.objects.get(slug="st-louis-county-family-court")
    assert (
        f'<a href="/admin/examples/example/{example.pk}/change/">Example: St. Louis County Family Court</a>'
        in html
    )


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/recommendations/node/",
        "/admin/recommendations/node/{node}/change/",
        "/admin/recommendations/node/{node}/history/",
        "/admin/examples/tool/{tool}/change/",
        "/admin/django_comments_xtd/xtdcomment/",
    ],
)
def test_the_admin_speaks_in_editors_words(editor_client, blueprint, url):
    node, tool = Node.objects.get(number="3.2.1"), Tool.objects.filter(nodes__isnull=False).first()
    html = editor_client.get(url.format(node=node.pk, tool=tool.pk)).content.decode()
    for jargon in ["Comments Xtd", "Blueprint tree", "historical", "_nodes object", "Blueprint node"]:
        assert jargon not in html.replace("Be public about our historical roots", "")


def test_staff_without_editor_permissions_cannot_change_nodes(client, blueprint):

    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/recommendations/node/").status_code == 403
