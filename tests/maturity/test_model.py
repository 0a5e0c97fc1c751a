"""The prevention maturity model as data: eight areas by five stages, the lab's goals and example
strategies, each strategy linked to the nodes it illustrates, shown as a grid and one page per cell."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.html import escape

from blueprint.gitbook.services import load_blueprint
from blueprint.maturity.models import Area, Goal, Stage, Strategy
from blueprint.pulse.models import Instrument
from recommendations.models import Node
from tests.journeys import hidden_fields, squeezed

SOURCE = Path(settings.BASE_DIR).parent / "shared" / "seeds" / "004_e6f4d969390ba63a.txt"


def plain(markdown):
    return " ".join(re.sub(r"\*\*|^\s*- ", "", markdown, flags=re.M).split())


def linked(strategy_title):
    strategy = Strategy.objects.get(title__startswith=strategy_title)
    return sorted(strategy.nodes.values_list("number", flat=True))


def test_the_model_has_eight_areas_at_five_stages_in_the_labs_order(blueprint):
    assert list(Stage.objects.values_list("name", flat=True)) == [
        "Baseline prerequisites",
        "Core building blocks",
        "Foundational innovations",
        "Transformative innovations",
        "Vision",
    ]
    assert list(Area.objects.values_list("title", flat=True)) == [
        "Designing and managing prevention service array",
        "Connecting families to supports",
        "Supporting relative caregivers",
        "Narrowing CPS response and ensuring quality of care within safety mission",
        "Use of data",
        "Procurement and contracting practices",
        "Family voice",
        "Agency and provider workforce",
    ]
    assert Goal.objects.count() == 72
    assert Strategy.objects.count() == 64
    # The lab sets no baseline prerequisites for three areas.
    empty = Area.objects.exclude(goal__stage__slug="baseline-prerequisites").values_list("slug", flat=True)
    assert sorted(empty) == ["connecting-families-to-supports", "family-voice", "prevention-service-array"]


@pytest.mark.skipif(not SOURCE.exists(), reason="the source documents sit beside the repository")
def test_every_goal_and_strategy_is_the_labs_own_words(blueprint):
    source = " ".join(re.sub(r"<sup>\d+</sup>|\*\*|\[([^\]]+)\]\(#\)", r"\1", SOURCE.read_text()).split())
    quoted = [goal.text for goal in Goal.objects.all()] + [s.text for s in Strategy.objects.all()]
    for text in quoted:
        for line in text.splitlines():
            assert plain(line) in source, line


def test_strategies_are_linked_to_the_nodes_they_illustrate(blueprint):
    assert linked("Building the capacity of hotline workers") == ["1.6.1"]
    assert linked("Funding investments and establishing policies to support kin") == ["3.1", "3.1.3"]
    assert linked("Paying providers what it actually costs") == ["1.5.1"]
    assert linked("Ensuring service arrays are culturally responsive") == ["1.3.5", "1.5.1"]
    assert linked("Establishing appropriate protections against unintended consequences") == ["2.6"]
    assert linked("Designing outreach and engagement strategies") == ["3.4.1", "4.2.1"]
    assert linked("Hiring and effectively supporting people with lived experience") == ["3.4.1"]
    assert Strategy.objects.filter(nodes__isnull=False).distinct().count() == 39


def test_the_grid_links_every_area_at_every_stage_with_goals_or_strategies(
    client, blueprint, django_assert_num_queries
):
    client.get("/")  # the navigation, built once per version, is cached for every page
    with django_assert_num_queries(6):
        response = client.get("/maturity-model/")
    html = response.content.decode()
    assert response.status_code == 200
    # Not "each strategy linked": the page says how many are.
    assert "39 of the 64 strategies are linked to the Blueprint recommendations they illustrate" in squeezed(
        html
    )
    cells = re.findall(r'<td><a href="/maturity-model/([a-z-]+)/([a-z-]+)/"', html)
    assert len(cells) == 40 - 3  # an empty cell is not a link to an empty page
    assert cells[0] == ("prevention-service-array", "core-building-blocks")  # its first stage is empty
    assert cells[-1] == ("workforce", "vision")
    assert (
        '<th scope="row">4. Narrowing CPS response and ensuring quality of care within safety mission</th>'
        in html
    )
    assert "2 goals, 3 strategies</a>" in html  # the service array's transformative innovations
    assert html.count('<td><span class="empty-cell">None at this stage</span></td>') == 3
    assert "None at this stage</a>" not in html
    assert (
        "<cite>The Journey to a Well-Being-Oriented System: A model for leaders in child welfare</cite>"
        in html
    )


def test_a_cell_shows_the_labs_goals_and_strategies_with_the_nodes_they_illustrate(
    client, blueprint, django_assert_num_queries
):
    client.get("/")
    with django_assert_num_queries(6):
        response = client.get("/maturity-model/narrowing-cps-response/foundational-innovations/")
    html = response.content.decode()
    assert (
        "<h1>Narrowing CPS response and ensuring quality of care within safety mission: Foundational innovations</h1>"
        in html
    )
    assert "Internal practices and external communications increasingly reflect the goal" in html
    assert (
        "<strong>Building the capacity of hotline workers</strong> to distinguish poverty from neglect"
        in html
    )
    node = Node.objects.get(number="1.6.1")
    assert (
        f'<a href="{node.get_absolute_url()}"><span class="number">1.6.1</span> {escape(node.title)}</a>'
        in html
    )
    earlier = (
        '<a class="previous" rel="prev" href="/maturity-model/narrowing-cps-response/core-building-blocks/">'
    )
    later = '<a class="next" rel="next" href="/maturity-model/narrowing-cps-response/transformative-innovations/">'
    assert earlier in html
    assert later in html


def test_a_stage_with_nothing_says_so_and_the_vision_is_the_areas_vision(client, blueprint):
    nothing = client.get("/maturity-model/family-voice/baseline-prerequisites/").content.decode()
    assert "The lab sets no goals for this area at this stage." in nothing
    assert 'rel="prev"' not in nothing
    vision = client.get("/maturity-model/family-voice/vision/").content.decode()
    assert '<h2 id="goals-heading">The vision</h2>' in vision
    assert "Power is shared between agencies and the community." in vision
    assert 'rel="next"' not in vision


@pytest.mark.parametrize(
    "address",
    [
        "/maturity-model/nowhere/vision/",
        "/maturity-model/family-voice/nowhen/",
        "/maturity-model/family-voice/",
    ],
)
def test_unknown_cells_are_not_found(client, blueprint, address):
    assert client.get(address).status_code == 404


def test_an_editor_links_a_strategy_to_another_node_and_the_cell_shows_it_at_once(client, editor, blueprint):
    cell = "/maturity-model/workforce/transformative-innovations/"
    node = Node.objects.get(number="4.4.1")
    shown = f'<span class="number">4.4.1</span> {node.title}</a>'
    assert shown not in client.get(cell).content.decode()  # a reader's copy, now in the shared cache
    strategy = Strategy.objects.get(title="Paying a living wage / fair compensation")

    client.force_login(editor)
    url = f"/admin/maturity/strategy/{strategy.pk}/change/"
    response = client.post(
        url,
        {
            **hidden_fields(client, url),
            "area": strategy.area_id,
            "stage": strategy.stage_id,
            "title": strategy.title,
            "text": strategy.text,
            "nodes": [node.pk],
            "position": strategy.position,
            "source_line": strategy.source_line,
        },
    )
    assert response.status_code == 302
    client.logout()
    assert shown in client.get(cell).content.decode()


def test_in_spanish_the_areas_and_stages_are_translated_and_the_labs_words_marked_english(client, blueprint):
    html = client.get("/es/maturity-model/use-of-data/vision/").content.decode()
    assert "<h1>Uso de datos: Visión</h1>" in html
    assert '<ul class="goals" lang="en">' in html
    with translation.override("es"):
        assert Stage.objects.get(slug="core-building-blocks").local_name == "Componentes esenciales"


def test_a_site_loaded_before_the_model_existed_gets_it_from_load_blueprint(blueprint):
    Instrument.objects.filter(slug="prevention-maturity").delete()  # its questions are the areas
    Stage.objects.all().delete()
    Area.objects.all().delete()
    assert load_blueprint() is False  # the tree is there: nothing of it changes
    assert Strategy.objects.count() == 64
    assert Stage.objects.count() == 5


def test_the_tool_page_opens_the_model(client, blueprint):
    html = client.get("/tools/prevention-maturity-model/").content.decode()
    assert (
        '<a href="/maturity-model/" rel="noopener noreferrer nofollow">Open the model on this site</a>'
        in html
    )
