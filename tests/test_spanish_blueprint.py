"""The Blueprint in Spanish, as the site's team translated it (fixtures/spanish.json and
fixtures/pages/*.es.md), and the About page."""

import re

from blueprint.gitbook.services import add_new_content
from examples.models import Example, Tool
from recommendations.models import Node, Page
from tests.factories import CohortFactory


def spanish(client, address):
    return client.get(f"/es{address}").content.decode()


def test_every_node_page_example_and_tool_has_a_spanish_title_and_text(blueprint):
    assert list(Node.objects.filter(title_es="").values_list("number", flat=True)) == []
    assert Node.objects.count() == 94
    for model in (Page, Example, Tool):
        assert list(model.objects.filter(title_es="").values_list("slug", flat=True)) == []
        assert list(model.objects.exclude(body="").filter(body_es="").values_list("slug", flat=True)) == []


def test_every_example_and_tool_cites_a_source_with_a_title(blueprint):
    for model in (Example, Tool):
        assert list(model.objects.filter(cited_title="").values_list("slug", flat=True)) == []


def test_a_spanish_reader_reads_spanish_in_the_navigation_breadcrumbs_and_the_page(client, blueprint):
    node = Node.objects.get(number="4.4.1")
    html = spanish(client, node.get_absolute_url())
    assert '<h1><span class="number">4.4.1</span> Atienda el precipicio de beneficios.</h1>' in html
    assert '<span class="nav-number">4</span> Construya seguridad financiera.</a>' in html
    breadcrumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "Atienda la brecha de riqueza." in breadcrumbs
    assert '<p class="translation-note" lang="es">Traducción del equipo del sitio.</p>' in html
    assert "Empiece aquí." in html  # the first page in the navigation


def test_a_spanish_reader_reads_spanish_search_results_and_lists(client, blueprint):
    results = spanish(client, "/search/?q=benefits+cliff")
    assert "Atienda el precipicio de beneficios." in results
    examples = spanish(client, "/examples/")
    assert ">Mano a Mano: residentes y policía en la Pequeña Habana</a>" in examples
    tool = spanish(client, "/tools/prevention-maturity-model/")
    assert "<h1>Modelo de madurez de la prevención: ocho áreas, cinco etapas</h1>" in tool
    assert (
        '<a href="/maturity-model/" rel="noopener noreferrer nofollow">Abra el modelo en este sitio</a>'
        in tool
    )


def test_start_here_reads_in_spanish(client, blueprint):
    html = spanish(client, "/")
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Empiece aquí."]
    assert "<p>¡Le damos la bienvenida! Nos alegra mucho que esté aquí.</p>" in html
    assert "Ir a «Start here.»" not in html


def test_the_spanish_interface_strings_that_read_ambiguously_are_fixed(client, blueprint):
    assert "<legend>Usted firma</legend>" in spanish(client, "/sign/")
    assert "Ir a «Empiece aquí.»" in spanish(client, "/no-such-page/")


def test_the_about_page_is_linked_from_the_footer_and_start_here_but_not_the_sidebar(client, blueprint):
    about = client.get("/about/")
    html = about.content.decode()
    assert about.status_code == 200
    assert "<h1>About the Wellbeing Blueprint</h1>" in html
    for fact in (
        "began in April 2020",
        "<strong>six principles and more than 40 recommendations</strong>",
        "<strong>no new programs, staffing or long-term appropriations</strong>",
        "health and hope and to weather challenges",
        "<strong>power-over</strong>",
        "<strong>power-with</strong>",
        "more than 65 signers from across the country, composed of leaders from the public",
        # The Blueprint's own framing (003_… 1960–1966, 2046–2051, 2069–2073), quoted.
        "“an explicit and implicit racial justice and equity lens”",
        "“To transform and not just tinker around the edges, we must confront the racist roots of our systems.”",
        "our systems are “intentionally designed” to open access to well-being for some (“White people with means”)",
        "(“BIPoC communities, people living in poverty, disabled people, and other marginalized groups”)",
        "shrinking state and local budgets as an opportunity",
        "holds 24 recommendations under the six principles and 64 sub-recommendations",
        "<strong>every other week</strong>",
        "<strong>“docking station”</strong>",
        "Signers are not expected to agree with, or act on, every recommendation.",
        '<a href="/sign/" rel="noopener noreferrer nofollow">sign on</a>',
        "“Cultivating Unlikely Alliances: Advancing Equity and Well-Being”, APHSA Policy &amp; Practice (the "
        "article prints no date: 2020 is inferred from its series)",
    ):
        assert fact in html, fact
    assert 'aria-current="page"' not in html  # no place in the sidebar
    assert '<a href="/about/">About the Blueprint</a>' in client.get("/signers/").content.decode()
    start = client.get("/").content.decode()
    assert '<a href="/about/" rel="noopener noreferrer nofollow">About the Wellbeing Blueprint</a>' in start
    assert client.get("/pages/about/")["Location"] == "/about/"
    assert "<h1>Acerca del Wellbeing Blueprint</h1>" in spanish(client, "/about/")


def test_loading_again_adds_the_translation_only_where_there_is_none(blueprint):
    node = Node.objects.get(number="5")
    node.title_es = "Traspase las fronteras."  # an editor's choice
    node.save()
    Node.objects.filter(number="5.1").update(title_es="")
    add_new_content()
    assert Node.objects.get(number="5").title_es == "Traspase las fronteras."
    assert Node.objects.get(number="5.1").title_es == "Apele a la humanidad de las personas."


def test_an_examples_organization_and_place_read_in_spanish_unless_they_are_proper_names(client, blueprint):
    html = spanish(client, "/examples/automating-nyc/")
    assert (
        "<dd>Cuatro estudiantes de posgrado, en colaboración con agencias de la Ciudad de Nueva York</dd>"
        in html
    )
    assert "<dd>Ciudad de Nueva York</dd>" in html
    html = spanish(client, "/examples/skip-the-line-denver/")
    assert "<dd>Denver Human Services</dd>" in html  # a name: the same in both languages
    assert "<dd>Denver, Colorado</dd>" in html
    assert (
        "<dd>Four graduate students, working with New York City agencies</dd>"
        in client.get("/examples/automating-nyc/").content.decode()
    )


def test_the_spanish_submit_form_and_cohort_filter_list_the_recommendations_in_spanish(client, blueprint):
    node = Node.objects.get(number="2.7.1")
    submit = client.get("/es/examples/submit/").content.decode()
    assert node.title_es in submit
    assert node.title not in submit
    principle = Node.objects.get(number="2")
    CohortFactory(node=node)
    cohorts = client.get("/es/cohorts/").content.decode()
    assert f'<option value="2">2 {principle.title_es}</option>' in cohorts
