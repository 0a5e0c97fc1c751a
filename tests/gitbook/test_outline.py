import tempfile
import textwrap
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from blueprint.gitbook.outline import OutlineError, parse_outline
from blueprint.gitbook.services import import_outline
from examples.models import Example, Tool
from recommendations.models import Node, Page
from tests.factories import NodeFactory

SMALL = textwrap.dedent(
    """\
    Wellbeing Blueprint
      • Start here.
      • Principle 1
        • 1. First principle
          • 1.1 A recommendation.
            • 1.1.1 A sub-recommendation.
              • 1.1.1 Tool: Something useful
            • 1.1.2 Another one.
          • 1.2. Second recommendation.
            • Example: Somewhere
            • 1.2 Example - Somewhere
    """
)


def run(text):
    out = StringIO()
    folder = Path(tempfile.mkdtemp())
    path = folder / "outline.txt"
    path.write_text(text, "utf-8")
    call_command("import_outline", str(path), stdout=out)
    return out.getvalue()


def test_import_outline_creates_pages_nodes_and_attachments(empty_database):
    output = run(SMALL)
    assert output.splitlines()[0] == "Created 8, updated 0, moved 0, unchanged 0."
    assert list(Node.objects.in_navigation_order().values_list("number", "title")) == [
        ("1", "First principle"),
        ("1.1", "A recommendation."),
        ("1.1.1", "A sub-recommendation."),
        ("1.1.2", "Another one."),
        ("1.2", "Second recommendation."),
    ]
    assert list(Page.objects.values_list("title", flat=True)) == ["Start here."]
    assert list(Tool.objects.values_list("title", "nodes__number")) == [("Something useful", "1.1.1")]
    assert list(Example.objects.values_list("title", "nodes__number")) == [("Somewhere", "1.2")]


def test_import_outline_twice_changes_nothing_not_even_timestamps(empty_database):
    run(SMALL)
    before = list(Node.objects.order_by("pk").values_list("pk", "updated_at", "lft", "rght", "tree_id"))
    pages_before = list(Page.objects.values_list("pk", "updated_at"))
    output = run(SMALL)
    assert output == "Created 0, updated 0, moved 0, unchanged 8.\n"
    assert (
        list(Node.objects.order_by("pk").values_list("pk", "updated_at", "lft", "rght", "tree_id")) == before
    )
    assert list(Page.objects.values_list("pk", "updated_at")) == pages_before


def test_import_outline_updates_titles_and_reorders(empty_database):
    run(SMALL)
    changed = SMALL.replace("1.1.2 Another one.", "1.1.2 Renamed.").replace(
        "        • 1.1.1 A sub-recommendation.\n          • 1.1.1 Tool: Something useful\n"
        "        • 1.1.2 Renamed.\n",
        "        • 1.1.2 Renamed.\n        • 1.1.1 A sub-recommendation.\n"
        "          • 1.1.1 Tool: Something useful\n",
    )
    output = run(changed)
    assert "  updated: node 1.1.2 (title)" in output.splitlines()
    # Numbered by their new places: "Renamed." comes first, so it is 1.1.1 now.
    assert list(Node.objects.in_navigation_order().values_list("number", "title")) == [
        ("1", "First principle"),
        ("1.1", "A recommendation."),
        ("1.1.1", "Renamed."),
        ("1.1.2", "A sub-recommendation."),
        ("1.2", "Second recommendation."),
    ]
    Node.objects.rebuild()
    assert list(Node.objects.in_navigation_order().values_list("number", flat=True))[0] == "1"


def test_import_outline_keeps_nodes_editors_added(empty_database):
    run(SMALL)
    parent = Node.objects.get(number="1.2")
    NodeFactory(number="1.2.1", title="Added by an editor", parent=parent)
    run(SMALL)
    assert Node.objects.filter(number="1.2.1").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "  • Principle 1\n    • 1. One\n        • 1.1 Too deep\n",
            "line 3: indented deeper than one level below the line before",
        ),
        (
            "  • Principle 1\n    • 1. One\n     • 1.1 Odd\n",
            "line 3: indented by 5 spaces, not a whole number of levels",
        ),
        (
            "  • Principle 1\n    • Unnumbered title\n",
            "line 2: 'Unnumbered title' has no number (such as 2.7 or 2.7.1)",
        ),
        ("  • Principle 1\n    • 1. One\n    • 1. Again\n", "line 3: the number 1 is already used on line 2"),
        ("  • Principle 1\n    • 1. One\n      • 2.1 Wrong parent\n", "line 3: 2.1 cannot sit under 1"),
        (
            "  • Start here.\n    • 1. Under a page\n",
            "line 2: the page 'Start here.' cannot have pages under it",
        ),
        ("  • Principle 1\n    • Example: Orphan\n", "line 2: an example or tool must sit under a node"),
        ("just prose\n", "line 1: no outline found: expected bullet lines such as '  • 1. Title'"),
        (
            "  • Principle 1\n    • 1. One\n      • 1.1 Two\n        • 1.1.1 Three\n          • 1.1.1.1 Four\n",
            "line 5: 1.1.1.1 would be a fourth level: the Blueprint has principles, recommendations and "
            "sub-recommendations, and nothing deeper",
        ),
    ],
)
def test_malformed_outline_is_rejected_with_line_number(text, message):
    with pytest.raises(OutlineError) as error:
        parse_outline(text)
    assert str(error.value) == message


def test_malformed_outline_imports_nothing(empty_database):
    bad = SMALL + "        • 1.2.1 Fine\n              • 1.2.1.1 Too deep\n"
    with pytest.raises(CommandError) as error:
        run(bad)
    assert str(error.value).endswith(
        "line 13: indented deeper than one level below the line before. Nothing was imported."
    )
    assert (Node.objects.count(), Page.objects.count(), Example.objects.count()) == (0, 0, 0)


def test_seed_outline_parses_to_the_blueprint():

    outline = parse_outline((settings.BASE_DIR / "fixtures" / "outline.txt").read_text("utf-8"))
    assert (len(outline.pages), len(outline.nodes), len(outline.attachments)) == (2, 94, 6)
    assert [(a.title, a.kind, a.node_numbers) for a in outline.attachments] == [
        ("A Toolkit for Centering Racial Equity Throughout Data Integration", "toolkit", ["1.1.4"]),
        ("Policy-level Tradeoffs Analysis", "playbook", ["1.4.1"]),
        ("St. Louis County Family Court", "example", ["1.4.3", "2.6"]),
        ("Adjusting Case Plans In Response to the Pandemic", "tool", ["2.6.3"]),
        ("Found in Translation", "example", ["2.7.2"]),
        ("Bridge Builder Arts", "example", ["5.1.2"]),
    ]


def test_import_service_reports_nothing_for_an_unchanged_blueprint(blueprint):

    outline = parse_outline((settings.BASE_DIR / "fixtures" / "outline.txt").read_text("utf-8"))
    report = import_outline(outline=outline)
    assert (report.created, report.updated, report.moved, report.unchanged) == ([], [], [], 102)
