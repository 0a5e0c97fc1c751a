import re

from django.core.files.base import ContentFile
from django.test import Client

from examples.models import Example, Tool
from recommendations.models import Node, Page
from tests.journeys import hidden_fields, squeezed


def test_example_page_shows_summary_source_and_the_nodes_it_illustrates(client, blueprint):
    html = client.get("/examples/flexible-benefit-set/").content.decode()
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["A Flexible Benefit Set to soften the benefits cliff"]
    assert "<dt>Place</dt><dd>Minnesota</dd>" in html
    assert (
        "Source: <cite>Pathways to Prosperity and Well-Being: A New Family-Centered Approach to Human Services</cite>, "
        "Paul Fleissner, Sook Jin Ong, Jenny Douville and Leigh Durbahn (webinar), January 15, 2020; slides 9, 13, 25 and 26"
        in squeezed(html)
    )
    assert re.findall(r'<li><a href="(/[\d.]+/[^"]+)">', html) == [
        "/4.3.1/relax-restrictions-on-publicly-issued-flex-funds/",
        "/4.4.1/address-the-benefits-cliff/",
    ]


def test_example_without_text_says_so(client, blueprint):
    html = client.get("/examples/found-in-translation/").content.decode()
    assert "There is no description of this yet." in html


def test_tool_without_file_says_so_and_offers_no_download(client, blueprint):
    html = client.get("/tools/wellbeing-blueprint-pulse-check/").content.decode()
    assert "There is no file to download for this yet." in html
    assert client.get("/tools/wellbeing-blueprint-pulse-check/download/").status_code == 404


def test_tool_file_downloads(client, blueprint, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    tool = Tool.objects.get(slug="prevention-maturity-model")
    tool.file.save("maturity.pdf", ContentFile(b"%PDF-1.4 test"))
    html = client.get(tool.get_absolute_url()).content.decode()
    assert '<a href="/tools/prevention-maturity-model/download/" download>Download maturity.pdf</a>' in html
    response = client.get("/tools/prevention-maturity-model/download/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="maturity.pdf"'
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_draft_example_is_hidden_from_readers_and_node_pages(client, blueprint):
    example = Example.objects.get(slug="mano-a-mano")
    example.status = "draft"
    example.save()
    assert client.get(example.get_absolute_url()).status_code == 404
    html = client.get("/r/1.3.3/", follow=True).content.decode()
    assert "/examples/mano-a-mano/" not in html


def new_example(**extra):
    return {
        "title": "Libraries lend rooms",
        "slug": "libraries-lend-rooms",
        "organisation": "Akron Library",
        "place": "Akron, Ohio",
        "body": "Rooms for free.",
        "title_es": "",
        "body_es": "",
        "source_name": "",
        "source_url": "",
        "position": 0,
        **extra,
    }


def test_a_new_example_starts_as_a_draft_and_is_published_with_one_button(editor_client, blueprint):
    reader = Client()
    form = editor_client.get("/admin/examples/example/add/").content.decode()
    assert '<input type="submit" value="Publish" name="_publish" class="default">' in form
    assert '<input type="submit" value="Save draft" name="_save_draft">' in form
    assert 'name="status"' not in form
    nodes = [Node.objects.get(number="3.2.1").pk, Node.objects.get(number="3.2.2").pk]
    response = editor_client.post(
        "/admin/examples/example/add/", new_example(nodes=nodes, _save_draft="Save draft")
    )
    assert response.status_code == 302
    example = Example.objects.get(slug="libraries-lend-rooms")
    assert (example.status, sorted(example.nodes.values_list("number", flat=True))) == (
        "draft",
        ["3.2.1", "3.2.2"],
    )
    assert reader.get("/examples/libraries-lend-rooms/").status_code == 404
    assert editor_client.get("/examples/libraries-lend-rooms/").status_code == 200  # the editor previews it
    url = f"/admin/examples/example/{example.pk}/change/"
    editor_client.post(
        url, {**hidden_fields(editor_client, url), **new_example(nodes=nodes, _publish="Publish")}
    )
    example.refresh_from_db()
    assert example.status == "published"
    assert reader.get("/examples/libraries-lend-rooms/").status_code == 200
    assert (
        "Libraries lend rooms"
        in reader.get(Node.objects.get(number="3.2.2").get_absolute_url()).content.decode()
    )


def test_a_new_page_saved_without_a_choice_is_a_draft(editor_client, blueprint):
    response = editor_client.post(
        "/admin/recommendations/page/add/",
        {
            "title": "Glossary",
            "slug": "glossary",
            "position": 9,
            "body": "Words.",
            "title_es": "",
            "body_es": "",
        },
    )
    assert response.status_code == 302
    assert Page.objects.get(slug="glossary").status == "draft"
