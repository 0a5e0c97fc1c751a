"""/examples/ and /tools/: every example and tool, filterable by principle, place and kind."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType

from blueprint.common.cache import mark_all_stale
from examples.models import Example, Tool
from recommendations.models import Node


def listed(html):
    return re.findall(r'<li>\s*<a href="/(?:examples|tools)/[^"?]+">([^<]+)</a>', html)


def test_the_examples_list_shows_every_published_example_with_what_it_illustrates(
    client, blueprint, example_factory
):
    example_factory(title="A draft example", status="draft")
    html = client.get("/examples/").content.decode()
    published = Example.objects.public().count()
    assert (published, len(listed(html))) == (27, 20)  # a page at a time
    assert f"{published} found. Showing 1–20." in html
    second = client.get("/examples/?page=2").content.decode()
    assert len(listed(second)) == 7
    assert set(listed(html)).isdisjoint(listed(second))
    assert "A draft example" not in html + second
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


def many_examples_on(node, count):
    start = Example.objects.count()
    examples = Example.objects.bulk_create(
        Example(title=f"Community example {n:04}", slug=f"community-example-{n}", status="published")
        for n in range(start, start + count)
    )
    Example.nodes.through.objects.bulk_create(
        Example.nodes.through(example=example, node=node) for example in examples
    )
    mark_all_stale()  # bulk writes pass by the signals, as a restore does


def sidebar(html):
    return html.split('<nav id="site-nav"')[1].split("</nav>")[0]


def test_a_node_with_many_examples_costs_what_one_screen_shows(client, blueprint, django_assert_num_queries):
    """At 30 and at 300 examples on one node: the same sidebar, the same queries, one page of
    each list; every example still reachable, a page at a time."""
    node = Node.objects.get(number="2.7.1")
    ContentType.objects.get_for_model(Node)  # kept for the process, as on a server that is up
    seen = {}
    for count in (30, 300):
        many_examples_on(node, count - node.examples.count())
        client.get("/")  # the navigation, built once per content version
        with django_assert_num_queries(9) as node_page:
            html = client.get(node.get_absolute_url()).content.decode()
        examples = html.split('id="examples-heading"')[1].split("</section>")[0]
        assert len(re.findall(r"<li><a href=", examples)) == 10
        assert f'<a href="/examples/?node=2.7.1">All {count} examples</a>' in examples
        side = sidebar(html)
        assert f"All {count} examples</a>" in side
        assert side.count("Community example") == 3
        seen[count] = (re.sub(r"\d+", "", side), len(node_page.captured_queries))
        with django_assert_num_queries(7):
            listing = client.get("/examples/?node=2.7.1").content.decode()
        assert f"{count} found. Showing 1–20." in listing
        assert len(listed(listing)) == 20
        last = -(-count // 20)
        assert f'<a href="/examples/?node=2.7.1&amp;page={last}">{last}</a>' in listing
    assert seen[30] == seen[300]
    reached = {
        title
        for number in range(1, 16)
        for title in listed(client.get(f"/examples/?node=2.7.1&page={number}", follow=True).content.decode())
    }
    assert len(reached) == 300


def test_the_lists_search_inside_by_words_in_the_title_with_the_other_filters_kept(
    client, blueprint, example_factory
):
    example_factory(
        title="Tablets at the library", place="Tulsa, Oklahoma", nodes=[Node.objects.get(number="2.7.1")]
    )
    example_factory(
        title="Library rooms to meet", place="Akron, Ohio", nodes=[Node.objects.get(number="3.2.1")]
    )
    html = client.get("/examples/", {"q": "library"}).content.decode()
    assert sorted(listed(html)) == ["Library rooms to meet", "Tablets at the library"]
    assert 'name="q" value="library"' in html
    narrowed = client.get("/examples/", {"q": "LIBRARY tablets", "place": "Tulsa, Oklahoma"}).content.decode()
    assert listed(narrowed) == ["Tablets at the library"]
    spaced = client.get("/examples/", {"q": "  library   rooms "})
    assert (spaced.status_code, spaced["Location"]) == (301, "/examples/?q=library+rooms")
    nothing = client.get("/tools/", {"q": "<script>zzz"}).content.decode()
    assert "Nothing matches these filters." in nothing
    assert 'value="&lt;script&gt;zzz"' in nothing
