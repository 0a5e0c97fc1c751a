import json
import re
import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

from blueprint.pages.sitemaps import SITEMAPS
from examples.models import Example
from recommendations.models import Node

ATOM = "{http://www.w3.org/2005/Atom}"


def test_tree_json_has_every_published_node_with_attachments(client, blueprint):
    Node.objects.filter(number="6").update(status="draft")
    data = json.loads(client.get("/api/tree.json").content)
    principles = data["principles"]
    assert [p["number"] for p in principles] == ["1", "2", "3", "4", "5"]
    node_26 = next(r for r in principles[1]["children"] if r["number"] == "2.6")
    assert (
        node_26["url"]
        == "http://testserver/2.6/separate-out-sanctions-from-treatment-and-help-and-adjust-both/"
    )
    # Counted, and listed by their own endpoint a page at a time: the tree stays the tree.
    assert node_26["examples"] == {"count": 1, "url": "http://testserver/api/examples.json?node=2.6"}
    assert json.loads(client.get("/api/examples.json?node=2.6").content) == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "next": None,
        "previous": None,
        "examples": [
            {
                "title": "St. Louis County Family Court",
                "url": "http://testserver/examples/st-louis-county-family-court/",
            }
        ],
    }
    assert [c["number"] for c in node_26["children"]] == ["2.6.1", "2.6.2", "2.6.3"]

    def count(items):
        return sum(1 + count(item["children"]) for item in items)

    assert count(principles) == 93


def test_every_published_example_is_listed_by_the_json_endpoint_a_hundred_at_a_time(client, blueprint):
    Example.objects.bulk_create(
        Example(title=f"Community example {n:03}", slug=f"community-example-{n}", status="published")
        for n in range(150)
    )
    first = json.loads(client.get("/api/examples.json").content)
    published = Example.objects.public().count()
    assert (first["count"], first["pages"], len(first["examples"])) == (published, 2, 100)
    assert first["next"] == "http://testserver/api/examples.json?page=2"
    second = json.loads(client.get("/api/examples.json?page=2").content)
    assert (second["previous"], second["next"], len(second["examples"])) == (
        "http://testserver/api/examples.json",
        None,
        published - 100,
    )
    titles = {item["title"] for item in first["examples"] + second["examples"]}
    assert len(titles) == published
    assert client.get("/api/examples.json?page=9")["Location"] == "/api/examples.json?page=2"


def test_atom_feeds_are_advertised_and_agree_with_the_pages_the_blueprints_load_being_no_change(
    client, blueprint, example_factory
):
    html = client.get("/").content.decode()
    assert (
        '<link rel="alternate" type="application/atom+xml" title="New examples" href="/feeds/examples.atom">'
        in html
    )

    def entries(address):
        feed = ET.fromstring(client.get(address).content)
        return [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")]

    assert (entries("/feeds/examples.atom"), entries("/feeds/changes.atom")) == ([], [])
    assert "Nothing has changed yet" in client.get("/changes/").content.decode()

    example_factory(title="Tablets at the library")
    node = Node.objects.get(number="4.2.2")
    node.body = "Changed."
    node.save()
    assert entries("/feeds/examples.atom") == ["Tablets at the library"]
    changed = entries("/feeds/changes.atom")
    assert changed == [
        "4.2.2 Suspend benefit cutoffs for at least six months after the end of the public health emergency.",
        "Tablets at the library",
    ]
    page = client.get("/changes/").content.decode()
    assert all(title in page for title in changed)


def test_sitemap_lists_every_public_page(client, blueprint):
    Node.objects.filter(number="3.1").update(status="draft")
    index = client.get("/sitemap.xml").content.decode()
    sections = re.findall(r"<loc>([^<]+)</loc>", index)
    assert "<sitemapindex" in index
    assert sections == [
        f"http://127.0.0.1:8000/sitemap-{name}.xml"
        for name in ("pages", "nodes", "examples", "tools", "cohorts", "maturity", "static")
    ]
    locations = [
        location
        for section in sections
        for location in re.findall(
            r"<loc>([^<]+)</loc>", client.get(section.removeprefix("http://127.0.0.1:8000")).content.decode()
        )
    ]
    assert "http://127.0.0.1:8000/1.1.4/eliminate-biased-decision-making-data-sets/" in locations
    assert not any("/3.1." in loc or "/3.1/" in loc for loc in locations)
    assert "http://127.0.0.1:8000/" in locations
    assert len([loc for loc in locations if re.search(r"/\d+(\.\d+)*/", loc)]) == 94 - 4


def test_a_sitemap_section_larger_than_a_file_is_split_and_every_address_stays_listed(
    client, blueprint, monkeypatch
):
    assert SITEMAPS["examples"].limit == 5000  # the protocol allows 50,000 a file
    monkeypatch.setattr(SITEMAPS["examples"], "limit", 10)
    index = client.get("/sitemap.xml").content.decode()
    files = [loc for loc in re.findall(r"<loc>([^<]+)</loc>", index) if "sitemap-examples" in loc]
    assert files == [f"http://127.0.0.1:8000/sitemap-examples.xml{page}" for page in ("", "?p=2", "?p=3")]
    listed = [
        location
        for address in files
        for location in re.findall(
            r"<loc>([^<]+)</loc>", client.get(address.removeprefix("http://127.0.0.1:8000")).content.decode()
        )
    ]
    assert sorted(listed) == sorted(
        f"http://127.0.0.1:8000{example.get_absolute_url()}" for example in Example.objects.public()
    )
    latest = Example.objects.public().order_by("-updated_at").first().updated_at
    assert f"<loc>{files[0]}</loc><lastmod>{latest.isoformat()}</lastmod>" in index


def test_every_address_in_the_sitemap_is_one_robots_txt_allows_and_the_reading_pages_are_there(
    client, blueprint
):
    robots = RobotFileParser()
    robots.parse(client.get("/robots.txt").content.decode().splitlines())
    index = client.get("/sitemap.xml").content.decode()
    locations = [
        location
        for section in re.findall(r"<loc>([^<]+)</loc>", index)
        for location in re.findall(
            r"<loc>([^<]+)</loc>", client.get(section.removeprefix("http://127.0.0.1:8000")).content.decode()
        )
    ]
    assert [loc for loc in locations if not robots.can_fetch("*", loc)] == []
    paths = {loc.removeprefix("http://127.0.0.1:8000") for loc in locations}
    assert {"/maturity-model/", "/pulse-check/", "/about/", "/examples/", "/tools/"} <= paths
    assert "/maturity-model/use-of-data/transformative-innovations/" in paths
    assert "/pages/a-message-for-those-of-us-within-systems/" not in paths  # no text yet
    cells = [path for path in paths if path.startswith("/maturity-model/") and path != "/maturity-model/"]
    for path in cells:
        assert "None at this stage" not in client.get(path).content.decode()


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    assert response.content.decode().splitlines()[0] == "User-agent: *"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()


def test_print_page_has_the_whole_blueprint_in_order(client, blueprint):
    html = client.get("/print/").content.decode()
    numbers = re.findall(r'<section class="print-node level-\d" id="n([\d.]+)">', html)
    assert len(numbers) == 94
    assert numbers[:3] == ["1", "1.1", "1.1.1"]
    assert numbers[-1] == "6"
    assert "Welcome! We’re so glad you’re here." in html
    assert html.count("<h1") == 1
    assert "A message for those of us within systems" not in html  # no text yet
    spanish = client.get("/es/print/").content.decode()
    assert "¡Le damos la bienvenida! Nos alegra mucho que esté aquí." in spanish
    assert "Welcome! We’re so glad you’re here." not in spanish


def test_address_without_trailing_slash_redirects(client, blueprint):
    response = client.get("/search")
    assert (response.status_code, response["Location"]) == (301, "/search/")
