"""/examples/ and /tools/: every example and tool, filterable by principle, place and kind."""

import re

import pytest

from examples.models import Example, Tool
from recommendations.models import Node


def listed(html):
    return re.findall(r'<li>\s*<a href="/(?:examples|tools)/[^"]+">([^<]+)</a>', html)


def test_the_examples_list_shows_every_published_example_with_what_it_illustrates(
    client, blueprint, example_factory
):
    example_factory(title="A draft example", status="draft")
    html = client.get("/examples/").content.decode()
    assert len(listed(html)) == Example.objects.public().count()
    assert "A draft example" not in html
    assert '<option value="" selected>All principles</option>' in html
    assert "---------" not in html


def test_examples_filter_by_principle_and_place(client, blueprint, example_factory):
    example_factory(
        title="Tablets at the library", place="Tulsa, Oklahoma", nodes=[Node.objects.get(number="2.7.1")]
    )
    example_factory(title="Rooms to meet", place="Tulsa, Oklahoma", nodes=[Node.objects.get(number="3.2.1")])
    principle = Node.objects.get(number="2")

    html = client.get("/examples/", {"principle": principle.pk, "place": "Tulsa, Oklahoma"}).content.decode()

    assert listed(html) == ["Tablets at the library"]
    assert f'<option value="{principle.pk}" selected>2 ' in html


def test_tools_filter_by_kind_and_an_unknown_filter_leads_to_everything(client, blueprint):
    playbooks = client.get("/tools/", {"kind": "playbook"}).content.decode()
    assert len(listed(playbooks)) == Tool.objects.public().filter(kind="playbook").count()
    unknown = client.get("/tools/", {"kind": "<script>", "principle": "x"})
    assert (unknown.status_code, unknown["Location"]) == (301, "/tools/")
    everything = client.get(unknown["Location"])
    assert len(listed(everything.content.decode())) == Tool.objects.public().count()


@pytest.mark.parametrize("address", ["/examples/", "/tools/"])
def test_the_lists_are_linked_from_the_navigation_and_the_footer(client, blueprint, address):
    html = client.get("/").content.decode()
    assert html.count(f'<a href="{address}">') == 2
