from io import StringIO
from pathlib import Path

from django.core.management import call_command

from examples.models import Example, Tool
from recommendations.models import Node, Page


def read_all(directory):
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(Path(directory).rglob("*.md"))}


def empty_the_blueprint():
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
    assert len([f for f in files if f.startswith(("examples/", "tools/"))]) == 18
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
            "---\nnumber: 2.5\nstatus: published\n---\n\n"
            "# 2.5 Use the different access to people’s homes to help, not to surveil.\n\nSome **text**.\n"
        )
