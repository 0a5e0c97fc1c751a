import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from blueprint.pages.models import SearchEntry, SearchMiss
from blueprint.pages.search import search
from examples.models import Example
from recommendations.models import Node


def titles(results):
    return [f"{r.number} {r.title}".strip() for r in results.results]


def test_search_finds_a_recommendation_by_a_word_in_its_title(blueprint):
    results = search("procurement")
    # Both engines rank these two first; their order between the two may differ.
    assert sorted(titles(results)[:2]) == [
        "1.5 Structure procurements for wellbeing.",
        "1.5.1 Develop core procurement elements that use equity and wellbeing as a framework.",
    ]


def test_search_by_number_puts_that_node_first(blueprint):
    results = search("2.7.1")
    assert titles(results)[0] == "2.7.1 Improve access to and use of tech to reduce barriers."


def test_search_finds_examples_and_tools_by_their_text(blueprint):
    results = search("Little Havana")
    kinds = {r.kind for r in results.results}
    assert "example" in kinds
    assert "Community liaisons in Little Havana, Miami" in titles(results)


def test_search_results_are_grouped_by_kind_with_highlighted_excerpts(client, blueprint):
    html = client.get("/search/", {"q": "benefits cliff"}).content.decode()
    groups = re.findall(r'<section class="search-group">\s*<h2>([^<]+)</h2>', html)
    assert set(groups) >= {"Recommendations", "Examples"}
    assert "<mark>" in html
    assert "cliff</mark>" in html
    assert 'value="benefits cliff"' in html


def test_search_result_shows_the_nodes_place_in_the_tree(client, blueprint):
    html = client.get("/search/", {"q": "2.7.1"}).content.decode()
    assert re.search(
        r'<p class="search-breadcrumbs">2 Push against harms being concentrated in communities already facing the greatest adversity\. › 2\.7 Make access meaningful\.</p>',
        html,
    )


def test_index_is_current_after_an_edit(blueprint):
    node = Node.objects.get(number="3.1.2")
    node.body = "Grandparents and kinship caregivers need xylophonic support."
    node.save()
    assert titles(search("xylophonic")) == ["3.1.2 Keep families close."]
    assert titles(search("3.1.2"))[0] == "3.1.2 Keep families close."


def test_drafts_and_their_branches_never_appear(blueprint):
    node = Node.objects.get(number="3.1")
    node.status = "draft"
    node.save()
    found = titles(search("family members"))
    assert not any(title.startswith("3.1") for title in found)
    node.status = "published"
    node.save()  # (its number and those beneath it stay: only their visibility changes)
    assert "3.1.2 Keep families close." in titles(search("keep families close"))
    example = Example.objects.get(slug="mano-a-mano")
    example.status = "draft"
    example.save()
    assert "Mano a Mano: residents and police in Little Havana" not in titles(search("Mano"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Type a word, or a number such as 2.7.1"),
        ("?!*&^%$#@()", "That search has no words or numbers in it."),
        ("x" * 201, "That search is too long."),
        ('"unbalanced AND (OR NEAR', "for “&quot;unbalanced AND (OR NEAR”"),
    ],
)
def test_odd_queries_get_a_helpful_page(client, blueprint, query, message):
    response = client.get("/search/", {"q": query}, follow=True)  # an empty one leads to /search/
    assert response.status_code == 200
    assert message in response.content.decode()


def test_searches_that_found_nothing_are_counted_for_editors(client, blueprint, editor):
    client.get("/search/", {"q": "Quokka"})
    client.get("/search/", {"q": "quokka"})
    client.get("/search/", {"q": "wombat"})
    today = timezone.localdate()
    assert list(SearchMiss.objects.values_list("query", "day", "count")) == [
        ("quokka", today, 2),
        ("wombat", today, 1),
    ]
    client.force_login(editor)
    html = client.get("/admin/pages/searchmiss/").content.decode()
    assert html.index("quokka") < html.index("wombat")


def test_a_search_that_found_nothing_is_one_row_per_text_per_day(client, blueprint, search_miss_factory):
    yesterday = timezone.localdate() - timedelta(days=1)
    search_miss_factory(query="quokka", day=yesterday, count=7)
    for _ in range(3):
        client.get("/search/", {"q": "quokka"})
    assert list(SearchMiss.objects.values_list("day", "count")) == [(timezone.localdate(), 3), (yesterday, 7)]


def test_new_texts_of_searches_that_found_nothing_stop_at_the_days_cap(client, blueprint, settings):
    settings.SEARCH_MISSES_PER_DAY = 3
    for number in range(10):
        client.get("/search/", {"q": f"quokka{number}"})
    client.get("/search/", {"q": "quokka0"})
    assert sorted(SearchMiss.objects.values_list("query", "count")) == [
        ("quokka0", 2),
        ("quokka1", 1),
        ("quokka2", 1),
    ]


def test_results_are_paginated(client, blueprint):
    first = search("the", per_page=5)
    second = search("the", page=2, per_page=5)
    assert first.total == second.total > 10
    assert len(first.results) == len(second.results) == 5
    assert not set(titles(first)) & set(titles(second))


@pytest.mark.usefixtures("without_page_cache")
def test_a_search_matching_more_than_it_counts_says_more_than_and_still_ranks_the_closest_first(
    client, blueprint, monkeypatch
):
    everything = search("the").total
    monkeypatch.setattr("blueprint.pages.search.COUNTED", 10)
    capped = search("the", per_page=5)
    assert (capped.more, capped.total, capped.pages, everything > 10) == (True, 10, 2, True)
    assert titles(capped) == titles(search("the", per_page=5))
    html = client.get("/search/", {"q": "the"}).content.decode()
    assert "More than 10 results for “the”, the closest first." in html
    assert (search("quokka").more, search("wellbeing").more) == (False, True)


@pytest.mark.usefixtures("without_page_cache")
@pytest.mark.parametrize("query", ["wellbeing", "the"])
def test_search_query_count_does_not_grow_with_matches(client, blueprint, query, django_assert_num_queries):
    client.get("/search/", {"q": query})
    # The versions; how many match, and the page of them; on PostgreSQL, their excerpts.
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 3):
        client.get("/search/", {"q": query})


def test_typo_still_finds_the_node_on_postgresql(blueprint):
    if connection.vendor != "postgresql":
        pytest.skip("typo tolerance is PostgreSQL's trigram similarity")
    assert (
        "2.7.2 Ensure that professional, credentialed translation and interpretation services are available."
        in titles(search("translaton"))
    )


def numbers_found(query):
    return sorted(
        result.number for result in search(query, record_miss=False).results if result.kind == "node"
    )


def test_search_understands_english_word_forms(blueprint):
    assert numbers_found("benefits") == numbers_found("benefit")
    assert "4.2.2" in numbers_found("benefits")  # "Suspend benefit cutoffs…"


def test_sign_on_finds_the_sign_on_page_first(client, blueprint):
    html = client.get("/search/", {"q": "sign on"}).content.decode()
    assert re.search(
        r'<h2[^>]*>On this site</h2>\s*<ol[^>]*>\s*<li[^>]*>\s*<a href="/sign/">Sign on to the Blueprint</a>',
        html,
    )


def test_on_postgresql_search_vectors_are_kept_in_their_rows(blueprint):
    """Search ranks every match: a vector fetched from the TOAST table for each was most of a
    broad search's time (docs/performance.md, community scale)."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL storage option")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute WHERE attrelid = 'pages_searchentry'::regclass "
            "AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)


@pytest.mark.parametrize(("language", "words"), [("en", "community"), ("es", "comunidad")])
def test_on_postgresql_each_search_parses_its_words_once_not_once_per_row(blueprint, language, words):
    """Once a search is prepared, PostgreSQL may keep a generic plan that runs the parser for
    every row compared and ranked: a word in most entries took 44 ms instead of 17."""
    if connection.vendor != "postgresql":
        pytest.skip("a PostgreSQL plan")
    with translation.override(language), CaptureQueriesContext(connection) as queries:
        assert search(words, record_miss=False).results
    parsers = [sql for sql in (query["sql"] for query in queries) if "websearch_to_tsquery" in sql]
    assert len(parsers) == 3  # counting, ranking and the excerpts
    for sql in parsers:
        assert sql.count("websearch_to_tsquery") == sql.count("(SELECT websearch_to_tsquery")


def test_each_reader_searches_and_reads_excerpts_in_their_own_language(client, blueprint, example_factory):
    with translation.override("en"):
        english = search("redlining")
    assert [r.title for r in english.results][:2] == [
        "New Jersey maps child protection reports against 1930s redlining",
        "Mapping Equity in Asheville",
    ]
    assert all("Nueva Jersey" not in r.excerpt and "*" not in r.excerpt for r in english.results)
    with translation.override("es"):
        spanish = search("redlining")
        cliff = search("precipicio")
    assert (
        spanish.results[0].title
        == "Nueva Jersey compara los reportes de protección infantil con el «redlining» de los años treinta"
    )
    assert "<mark>redlining</mark>) en los años treinta" in spanish.results[0].excerpt
    assert all("*" not in r.excerpt + r.title for r in spanish.results)
    assert spanish.results[0].url.startswith("/es/")
    found = {r.title: r.excerpt for r in cliff.results}
    assert "Atienda el precipicio de beneficios." in found
    assert all(excerpt != title for title, excerpt in found.items())  # never the title again
    # A Spanish search finds what has no Spanish yet, in English.
    example_factory(title="Quokka gardens at the clinic", body="Patients tend quokka gardens.")
    with translation.override("es"):
        untranslated = search("quokka")
    assert [(r.title, r.url) for r in untranslated.results] == [
        (
            "Quokka gardens at the clinic",
            f"/es{Example.objects.get(title__startswith='Quokka').get_absolute_url()}",
        )
    ]
    # Its text is held once: in its English entry, which Spanish searches read.
    assert list(
        SearchEntry.objects.filter(title__startswith="Quokka").values_list("language", "translated")
    ) == [("en", False)]
    with translation.override("en"):
        assert "Atienda" not in " ".join(r.excerpt for r in search("benefits").results)
