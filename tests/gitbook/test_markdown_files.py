from io import StringIO
from pathlib import Path

import markdown
import pytest
import yaml
from django.core.management import CommandError, call_command
from markdown_it import MarkdownIt

from blueprint.common.markdown import sanitised_markdown
from blueprint.pulse.models import Instrument
from examples.models import Example, Tool
from recommendations.models import Node, Page
from tests.hostile import PAYLOADS, live_markup


def read_all(directory):
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(Path(directory).rglob("*.md"))}


def empty_the_blueprint():
    Instrument.objects.all().delete()  # a question protects the node it asks about
    Example.objects.all().delete()
    Tool.objects.all().delete()
    for node in Node.objects.filter(level=2):
        node.delete()
    for node in Node.objects.filter(level=1):
        node.delete()
    Node.objects.all().delete()
    Page.objects.all().delete()


def test_export_writes_summary_readme_and_a_file_per_node(blueprint, tmp_path):
    out = StringIO()
    call_command("export_markdown", str(tmp_path), stdout=out)
    files = read_all(tmp_path)
    assert out.getvalue() == f"Wrote {len(files)} files to {tmp_path}.\n"
    assert len([f for f in files if f.startswith("nodes/")]) == 94
    assert len([f for f in files if f.startswith(("examples/", "tools/"))]) == 34
    summary = files["SUMMARY.md"].decode().splitlines()
    assert summary[:6] == [
        "# Summary",
        "",
        "* [Start here.](README.md)",
        "* [A message for those of us within systems](pages/a-message-for-those-of-us-within-systems.md)",
        "",
        "## Principle 1",
    ]
    assert (
        "  * [1.1 Be public about our historical roots and commitment to equity and wellbeing.](nodes/1.1-be-public-about-our-historical-roots-and-commitment-to-equity-and-wellbeing.md)"
        in summary
    )
    assert (
        "      * [A Toolkit for Centering Racial Equity Throughout Data Integration](tools/a-toolkit-for-centering-racial-equity-throughout-data-integration.md)"
        in summary
    )
    assert (
        files["README.md"]
        .decode()
        .startswith("---\nslug: start-here\nstatus: published\n---\n\n# Start here.\n\n*June 24, 2020*")
    )


def test_round_trip_gives_byte_identical_files(blueprint, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    Node.objects.filter(number="2.5").update(body="Some **text**\n\n## A heading")
    call_command("export_markdown", str(first), stdout=StringIO())
    empty_the_blueprint()
    assert (Node.objects.count(), Example.objects.count()) == (0, 0)
    call_command("import_markdown", str(first), stdout=StringIO())
    assert Node.objects.count() == 94
    call_command("export_markdown", str(second), stdout=StringIO())
    assert read_all(first) == read_all(second)


def test_importing_a_gitbook_export_keeps_old_paths_and_redirects(client, empty_database, tmp_path):
    (tmp_path / "start-with-what-matters-wellbeing").mkdir()
    (tmp_path / "SUMMARY.md").write_text(
        "# Table of contents\n\n* [Start here.](README.md)\n\n## Principle 1\n\n"
        "* [1. Start with what matters to people: wellbeing](start-with-what-matters-wellbeing/README.md)\n"
        "  * [1.1 Be public about our roots.](start-with-what-matters-wellbeing/intro.md)\n",
        "utf-8",
    )
    (tmp_path / "README.md").write_text("# Start here.\n\nWelcome!\n", "utf-8")
    (tmp_path / "start-with-what-matters-wellbeing" / "README.md").write_text(
        "# 1. Start\n\nPrinciple text.\n", "utf-8"
    )
    (tmp_path / "start-with-what-matters-wellbeing" / "intro.md").write_text(
        "# 1.1 Be public\n\nIntro text.\n", "utf-8"
    )
    call_command("import_markdown", str(tmp_path), stdout=StringIO())
    node = Node.objects.get(number="1.1")
    assert (node.body, node.gitbook_path) == ("Intro text.", "start-with-what-matters-wellbeing/intro")
    response = client.get("/start-with-what-matters-wellbeing/intro")
    assert (response.status_code, response["Location"]) == (301, node.get_absolute_url())
    assert client.get("/start-with-what-matters-wellbeing/").status_code == 301
    assert client.get("/no-such/gitbook/page").status_code == 404


def test_node_content_as_markdown(client, blueprint):
    node = Node.objects.get(number="2.5")
    node.body = "Some **text**."
    node.save()
    for url in (f"{node.get_absolute_url()}index.md", f"{node.get_absolute_url()}?format=md"):
        response = client.get(url)
        assert response["Content-Type"] == "text/markdown; charset=utf-8"
        assert response.content.decode() == (
            '---\nnumber: "2.5"\nstatus: published\n---\n\n'
            "# 2.5 Use the different access to people’s homes to help, not to surveil.\n\nSome **text**.\n"
        )


def front_matter(text):
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:].partition("\n---\n")[0])


def exported_values(item):
    values = {"slug": item.slug, "status": item.status}
    if isinstance(item, Tool):
        values["kind"] = item.kind
    else:
        values |= {"organisation": item.organisation, "place": item.place}
    values["nodes"] = ", ".join(item.nodes.order_by("tree_id", "lft").values_list("number", flat=True))
    return values | {
        "cited_title": item.cited_title,
        "cited_author": item.cited_author,
        "cited_date": item.cited_date,
        "cited_section": item.cited_section,
        "source_name": item.source_name,
        "source_url": item.source_url,
        "position": str(item.position),
    }


def test_every_exported_front_matter_reads_back_exactly_with_a_yaml_library(blueprint, tmp_path):
    denver = Example.objects.get(slug="human-together-denver")
    assert ": " in denver.source_name
    Tool.objects.filter(pk=Tool.objects.first().pk).update(source_name='#1 "quoted" tool: yes')
    call_command("export_markdown", str(tmp_path), stdout=StringIO())
    read = {
        path: front_matter(text.decode()) for path, text in read_all(tmp_path).items() if path != "SUMMARY.md"
    }
    assert len(read) == 2 + 94 + 34
    for node in Node.objects.all():
        assert read[f"nodes/{node.number}-{node.slug}.md"] == {"number": node.number, "status": node.status}
    for item in [*Example.objects.all(), *Tool.objects.all()]:
        folder = "examples" if isinstance(item, Example) else "tools"
        assert read[f"{folder}/{item.slug}.md"] == exported_values(item)
    assert read["README.md"] == {"slug": "start-here", "status": "published"}


@pytest.mark.parametrize("payload", PAYLOADS, ids=range(len(PAYLOADS)))
def test_the_export_carries_no_live_markup_into_a_markdown_build(blueprint, tmp_path, payload):
    node = Node.objects.get(number="2.5")
    node.title = f"Title {payload[:200]}"
    node.body = f"Before.\n\n{payload}\n\n[link](javascript:alert('XSS'))\n\nAfter."
    node.save()
    call_command("export_markdown", str(tmp_path), stdout=StringIO())
    text = (tmp_path / f"nodes/2.5-{node.slug}.md").read_text("utf-8")
    built = markdown.markdown(text.partition("\n---\n")[2], extensions=["extra"])  # no sanitiser
    assert live_markup(built)[0] == []


def folder_naming(tmp_path, line, files=None):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "SUMMARY.md").write_text(f"# Summary\n\n* [Start here.](README.md)\n{line}\n", "utf-8")
    (tmp_path / "README.md").write_text("# Start here.\n\nWelcome!\n", "utf-8")
    for name, text in (files or {}).items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    return tmp_path


def import_refused(directory):
    with pytest.raises(CommandError) as refused:
        call_command("import_markdown", str(directory), stdout=StringIO())
    return str(refused.value)


@pytest.mark.parametrize(
    "path",
    ["../blueprint/settings.py", "../outside.md", "/etc/passwd", "nodes/../../outside.md", "settings.py"],
)
def test_an_import_reads_no_file_outside_its_folder(empty_database, tmp_path, path):
    (tmp_path / "outside.md").write_text("# 1. Secret\n\nNot for import.\n", "utf-8")
    folder = folder_naming(tmp_path / "folder", f"* [1. Start]({path})")
    assert import_refused(folder).endswith("Nothing was imported.")
    assert (Node.objects.count(), Page.objects.count()) == (0, 0)


def test_an_import_follows_no_symbolic_link_out_of_its_folder(empty_database, tmp_path):
    (tmp_path / "secret.md").write_text("# 1. Secret\n\nNot for import.\n", "utf-8")
    folder = folder_naming(tmp_path / "folder", "* [1. Start](start.md)")
    (folder / "start.md").symlink_to(tmp_path / "secret.md")
    (folder / "examples").mkdir()
    (folder / "examples" / "leak.md").symlink_to(tmp_path / "secret.md")
    assert "start.md: leads outside the folder." in import_refused(folder)
    (folder / "start.md").unlink()
    (folder / "start.md").write_text("# 1. Start\n\nText.\n", "utf-8")
    assert "examples/leak.md: leads outside the folder." in import_refused(folder)
    assert (Node.objects.count(), Example.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("front_matter", "message"),
    [
        ("source_url: javascript:alert(1)", "examples/story.md: source_url: Enter a valid URL."),
        ("source_url: ftp://example.org/x", "examples/story.md: source_url: Enter a valid URL."),
        ("status: secret", "examples/story.md: status: Value 'secret' is not a valid choice."),
        ("position: ²", "examples/story.md: position: Enter a whole number."),
        ("slug: a/b", "examples/story.md: slug: Enter a valid “slug”"),
        ("place: " + "x" * 201, "examples/story.md: place: Ensure this value has at most 200 characters"),
        ("source_name: a: b", "examples/story.md: the front matter is not valid YAML"),
        ("- a list", "examples/story.md: the front matter is not a list of `key: value` lines."),
    ],
)
def test_an_import_checks_every_front_matter_value_as_the_admin_would(
    empty_database, tmp_path, front_matter, message
):
    folder = folder_naming(
        tmp_path,
        "* [1. Start](start.md)",
        {
            "start.md": "# 1. Start\n\nText.\n",
            "examples/story.md": f"---\n{front_matter}\n---\n\n# A story\n\nText.\n",
        },
    )
    assert message in import_refused(folder)
    assert (Node.objects.count(), Example.objects.count()) == (0, 0)


def test_a_node_status_from_front_matter_is_checked(empty_database, tmp_path):
    folder = folder_naming(
        tmp_path, "* [1. Start](start.md)", {"start.md": "---\nstatus: live\n---\n\n# 1. Start\n"}
    )
    assert "start.md: status: Value 'live' is not a valid choice." in import_refused(folder)


@pytest.mark.parametrize(
    ("body", "exported"),
    [
        ("[a](javascript\\:alert(1))", "[a](#)"),
        ("[b][r]\n\n[r]:\n  javascript:alert(2)", "[b][r]\n\n[r]:\n  #"),
        ("[d](javascript:alert(4))", "[d](#)"),
        ("[e](&#x6A;avascript:alert(5) 'title')", "[e](# 'title')"),
    ],
    ids=["escaped colon", "definition on the next line", "parentheses", "entity"],
)
def test_links_a_commonmark_renderer_would_make_live_point_nowhere(blueprint, tmp_path, body, exported):
    """The finding: these two forms survived the export's pattern, and any CommonMark renderer
    building the folder made them live links. Here the export is built by one that keeps every
    link (markdown-it-py with no check of its own)."""
    node = Node.objects.get(number="2.5")
    node.body = body
    node.save()
    call_command("export_markdown", str(tmp_path), stdout=StringIO())
    text = (tmp_path / f"nodes/2.5-{node.slug}.md").read_text("utf-8").partition("\n---\n")[2]
    assert text.endswith(f"\n{exported}\n")
    renderer = MarkdownIt("commonmark")
    renderer.validateLink = lambda url: True
    built = renderer.render(text)
    assert "javascript" not in built.lower()
    assert sanitised_markdown(text) == text  # applying it again changes nothing
