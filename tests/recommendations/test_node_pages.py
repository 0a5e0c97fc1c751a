import re
from datetime import UTC, datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from blueprint.common.cache import mark_all_stale
from blueprint.common.models import Status
from blueprint.gitbook.outline import parse_outline
from blueprint.gitbook.services import import_outline
from recommendations.models import Node
from recommendations.services import save_node
from tests.factories import CommentFactory


def node_url(number):
    return Node.objects.get(number=number).get_absolute_url()


def links(html, css_class):
    """(href, text) of the links inside the first element with `css_class`."""
    block = re.search(rf'class="{css_class}"(.*?)</(nav|ul|section)>', html, re.S).group(1)
    return [
        (href, " ".join(re.sub(r"<[^>]+>", " ", text).split()))
        for href, text in re.findall(r'<a [^>]*?href="([^"]+)"[^>]*>(.*?)</a>', block, re.S)
    ]


def test_node_page_shows_title_breadcrumbs_children_and_previous_next(client, blueprint):
    html = client.get(node_url("1.1")).content.decode()
    assert re.findall(r"<h1>(.*?)</h1>", html, re.S) == [
        '<span class="number">1.1</span> Be public about our historical roots and commitment to equity and wellbeing.'
    ]
    assert links(html, "breadcrumbs") == [
        ("/1/start-with-what-matters-to-people-wellbeing/", "1 Start with what matters to people: wellbeing")
    ]
    assert [text for _, text in links(html, "sections") if re.match(r"1\.1\.\d ", text)] == [
        "1.1.1 Make history and commitments available on the web; co-create a report card with the community.",
        "1.1.2 Engage staff to shift this history.",
        "1.1.3 Collect and use disaggregated data.",
        "1.1.4 Eliminate biased decision-making data sets.",
    ]
    assert links(html, "previous-next") == [
        (
            "/1/start-with-what-matters-to-people-wellbeing/",
            "Previous 1 Start with what matters to people: wellbeing",
        ),
        (
            "/1.1.1/make-history-and-commitments-available-on-the-web-co-create-a-report-card-with-the-community/",
            "Next 1.1.1 Make history and commitments available on the web; co-create a report card with the community.",
        ),
    ]


def test_first_principle_follows_the_stand_alone_pages(client, blueprint):
    html = client.get(node_url("1")).content.decode()
    # Not the page the sources only name: it has no text yet.
    assert links(html, "previous-next")[0] == ("/", "Previous Start here.")


def test_the_last_page_of_the_reading_order_leads_on_to_about_the_examples_and_the_pulse_check(
    client, blueprint
):
    html = client.get(node_url("6")).content.decode()
    assert links(html, "previous-next") == [
        (
            Node.objects.get(number="5.3.2").get_absolute_url(),
            "Previous 5.3.2 Convene multiple industries to workforce development funding.",
        ),
        ("/about/", "About the Blueprint"),
        ("/examples/", "Examples of the Blueprint at work"),
        ("/pulse-check/", "Take the Pulse Check"),
    ]
    assert "You have read the whole Blueprint. Next" in html
    assert "You have read the whole Blueprint" not in client.get(node_url("5.3.2")).content.decode()


def test_navigation_marks_current_node_and_opens_its_branch(client, blueprint):
    html = client.get(node_url("2.6.3")).content.decode()
    node_ids = dict(Node.objects.values_list("number", "pk"))
    assert re.findall(r'data-key="([^"]+)" aria-current="page"', html) == [f"node:{node_ids['2.6.3']}"]
    opened = re.findall(r'data-branch="node:(\d+)" open', html)
    # Its branch, and its own examples and tools (the other nodes' stay folded).
    assert sorted(int(pk) for pk in opened) == sorted([node_ids["2"], node_ids["2.6"], node_ids["2.6.3"]])
    # Every node and the page with text are in the navigation.
    assert len(re.findall(r'data-key="node:\d+"', html)) == 94
    assert len(re.findall(r'data-key="page:\d+"', html)) == 1


def test_node_page_lists_its_examples_and_tools(client, blueprint):
    html = client.get(node_url("2.6")).content.decode()
    assert links(html, "attachments") == [
        ("/examples/st-louis-county-family-court/", "St. Louis County Family Court")
    ]
    html = client.get(node_url("1.1.4")).content.decode()
    assert links(html, "attachments") == [  # its examples were not about biased data sets (issue 30)
        (
            "/tools/a-toolkit-for-centering-racial-equity-throughout-data-integration/",
            "A Toolkit for Centering Racial Equity Throughout Data Integration",
        ),
    ]
    tools = html.split('id="tools-heading"')[1]
    assert links(tools, "attachments") == [
        (
            "/tools/a-toolkit-for-centering-racial-equity-throughout-data-integration/",
            "A Toolkit for Centering Racial Equity Throughout Data Integration",
        )
    ]


def test_a_sub_recommendation_without_text_invites_an_example_or_text_and_invents_nothing(client, blueprint):
    html = client.get(node_url("3.2.1")).content.decode()
    assert "Our sources give 3.2.1 its title only." in html
    assert "no text for this yet" not in html
    assert 'class="prose"' not in html


def test_a_section_page_lists_what_is_under_it_with_counts_of_examples_tools_and_open_cohorts(
    client, blueprint, example_factory, tool_factory, cohort_factory
):
    sub = Node.objects.get(number="3.2.1")
    example_factory(nodes=[sub, Node.objects.get(number="3.2.2")])  # counted once under 3.2
    example_factory(nodes=[sub], status="draft")  # not for readers
    tool_factory(nodes=[Node.objects.get(number="3.2")])
    cohort_factory(node=sub, status="open")
    cohort_factory(node=sub, status="forming")

    html = client.get(node_url("3")).content.decode()

    sections = re.findall(
        r'<li><a href="[^"]+"><span class="number">([\d.]+)</span>[^<]*</a>\s*<p class="section-counts">([^<]*)</p>',
        html,
    )
    assert sections == [
        ("3.1", "2 examples · 4 maturity-model strategies"),
        ("3.2", "1 example · 1 tool · 1 open cohort"),
        ("3.3", "3 examples · 1 maturity-model strategy"),
        ("3.4", "2 examples · 3 maturity-model strategies"),
    ]
    assert "Our sources give" not in html
    assert "no text for this yet" not in html


def test_a_principle_page_is_an_overview_of_its_branch(client, blueprint, working_on_factory):
    """Each recommendation with its sub-recommendations, what the branch holds with its first
    example, and an honest line for the text the sources do not give."""
    working_on_factory(node=Node.objects.get(number="3.2.1"), confirmed_at=timezone.now())
    working_on_factory(node=Node.objects.get(number="3.2.2"))  # not confirmed: not listed, not counted
    html = client.get(node_url("3")).content.decode()
    assert (
        "The Blueprint gives this principle’s discussion as its recommendations, below: our sources have "
        "no other text for it." in html
    )
    overview = html.split('id="children-heading"')[1].split("</section>")[0]
    item = overview.split('<span class="number">3.2</span>')[1].split('<span class="number">3.3</span>')[0]
    assert "1 person working on it" in item
    assert [number for number in re.findall(r'<span class="number">([\d.]+)</span>', item)] == [
        "3.2.1",
        "3.2.2",
        "3.2.3",
    ]
    first = overview.split('<span class="number">3.1</span>')[1]
    assert re.search(
        r'<p class="section-example">For example: <a href="/examples/[^"]+/">[^<]+</a></p>', first
    )
    assert (
        "The Blueprint gives this recommendation’s discussion" in client.get(node_url("3.2")).content.decode()
    )


def test_a_new_example_under_a_section_makes_its_shared_page_stale(client, blueprint, example_factory):
    client.get(node_url("3"))
    example_factory(nodes=[Node.objects.get(number="3.2.1")])
    html = client.get(node_url("3")).content.decode()
    assert re.search(r'3\.2</span>[^<]*</a>\s*<p class="section-counts">1 example', html)


def test_permalink_redirects_to_canonical_page(client, blueprint):
    response = client.get("/r/1.1.4/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/1.1.4/eliminate-biased-decision-making-data-sets/",
    )


def test_permalink_to_unknown_number_is_404(client, blueprint):
    assert client.get("/r/9.9.9/").status_code == 404


def test_outdated_slug_redirects_permanently(client, blueprint):
    response = client.get("/1.1.4/old-title/")
    assert (response.status_code, response["Location"]) == (
        301,
        "/1.1.4/eliminate-biased-decision-making-data-sets/",
    )


def test_draft_node_and_its_branch_are_hidden_from_readers(client, blueprint):
    node = Node.objects.get(number="2.6")
    child = node.get_children().first()
    old_urls = [node.get_absolute_url(), child.get_absolute_url()]
    node.status = Status.DRAFT
    save_node(node=node)
    child.refresh_from_db()
    assert (node.number, child.number) == ("2.7", "2.7.1")  # drafts are numbered after what readers see
    for url in [*old_urls, node.get_absolute_url(), child.get_absolute_url(), f"/n/{node.pk}/"]:
        assert (url, client.get(url).status_code) == (url, 404)
    # Readers see no node numbered 2.7 now: the number leads to the one they last saw there.
    assert client.get("/r/2.7/")["Location"] == Node.objects.get(number="2.6").get_absolute_url()
    html = client.get(node_url("2.5.1")).content.decode()
    assert len(re.findall(r'data-key="node:\d+"', html)) == 90
    assert links(html, "previous-next")[1][1] == "Next 2.6 Make access meaningful."


def test_editor_sees_draft_node_marked_as_draft(editor_client, blueprint):
    node = Node.objects.get(number="2.6")
    node.status = Status.DRAFT
    node.save()
    html = editor_client.get(node.get_absolute_url()).content.decode()
    assert '<span class="badge">Draft</span></h1>' in html


def test_saved_title_shows_on_next_request(client, blueprint):
    url = node_url("1.1")
    client.get(url)
    node = Node.objects.get(number="1.2")
    node.title = "A new title for 1.2"
    node.save()
    html = client.get(url).content.decode()
    assert re.search(r'data-key="node:\d+"><span class="nav-number">1.2</span> A new title for 1.2</a>', html)


# The content version; then the node, its former numbers, examples, tools, comments, cohorts and
# who is working on it. A principle takes no cohorts and no "I'm working on this", so its page
# asks two queries fewer. A page with something under it counts that something's examples,
# tools, open cohorts, people working on it and maturity-model strategies.
NODE_PAGE_QUERIES = 8
PRINCIPLE_PAGE_QUERIES = 6
SECTION_COUNTS_QUERIES = 5


def _queries_for(client, url):
    client.get(url)  # the first request of a version builds the navigation
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.usefixtures("without_page_cache")
def test_node_page_query_count_with_the_blueprint(client, blueprint):
    assert _queries_for(client, node_url("2.7.2")) == NODE_PAGE_QUERIES


# Query counts are the ORM's, the same on every database; importing 1,510 nodes takes 17 s on
# PostgreSQL, so it runs in the first leg only.
@pytest.mark.once
@pytest.mark.usefixtures("without_page_cache")
def test_node_page_query_count_with_a_1510_node_outline(client, empty_database, tmp_path):
    lines = ["Big Blueprint"]
    for p in range(1, 11):
        lines += [f"  • Principle {p}", f"    • {p}. Principle number {p}"]
        for r in range(1, 11):
            lines.append(f"      • {p}.{r} Recommendation {p}.{r}")
            lines += [f"        • {p}.{r}.{s} Sub-recommendation {p}.{r}.{s}" for s in range(1, 15)]
    import_outline(outline=parse_outline("\n".join(lines)))
    assert Node.objects.count() == 1510
    assert _queries_for(client, node_url("7.3.9")) == NODE_PAGE_QUERIES


@pytest.mark.usefixtures("without_page_cache")
def test_a_number_the_navigation_does_not_show_is_404_after_the_version_read_alone(client, blueprint):
    client.get(node_url("2.7.2"))  # builds the navigation
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/9.9.9/no-such-node/")
    assert response.status_code == 404
    assert len(queries) == 2  # the version, and whether a node was ever at that address


@pytest.mark.usefixtures("without_page_cache")
def test_a_principle_page_shows_no_cohorts_and_asks_no_query_for_them(client, blueprint):
    assert _queries_for(client, node_url("1")) == PRINCIPLE_PAGE_QUERIES + SECTION_COUNTS_QUERIES
    assert 'id="cohorts-heading"' not in client.get(node_url("1")).content.decode()


@pytest.mark.usefixtures("without_page_cache")
def test_navigation_is_built_once_per_version(client, blueprint):
    url = node_url("1.1")
    ContentType.objects.get_for_model(Node)  # (Django keeps content types for the process's life)
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as second:
        client.get(url)
    # Building costs six queries (pages, nodes, and for examples and tools under them the first
    # three of each node and the counts); later requests reuse it.
    section = NODE_PAGE_QUERIES + SECTION_COUNTS_QUERIES
    assert (len(first), len(second)) == (section + 6, section)


def test_navigation_keeps_every_character_and_escapes_titles(client, blueprint):
    node = Node.objects.get(number="2.6.3")
    Node.objects.filter(number="2.6").update(title="Families’ money: “cash” <first> — 💶")
    mark_all_stale()  # an update() sends no signal
    CommentFactory(
        target=node,
        user_name="Ana",
        user_email="ana@example.org",
        comment="<!-- a comment -->",
        submit_date=datetime(2026, 3, 4, tzinfo=UTC),
    )

    html = client.get(node.get_absolute_url()).content.decode()

    nav = re.search(r'<nav id="site-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    assert '<span class="nav-number">2.6</span> Families’ money: “cash” &lt;first&gt; — 💶</a>' in nav
    assert html.count('<ul class="nav-tree">') == 1
    assert '<div class="comment-body"><p>&lt;!-- a comment --&gt;</p></div>' in html
