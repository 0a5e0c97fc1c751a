"""No 5xx from malformed input: a corpus of bad values, sent in every part of every public URL
pattern and in every query parameter the site reads, by GET and by POST."""

import re
from urllib.parse import quote

import pytest
from django.test import Client

from recommendations.models import Node
from tests.addresses import public_patterns

BAD_VALUES = [
    "²",  # a digit to str.isdigit(), not to int()
    "٣",  # an Arabic-Indic three: int() reads it
    "1" * 30,
    "-1",
    "0",
    "%00",
    "\x00",
    "x" * 10_000,
    "../../etc/passwd",
    "😀",
    "1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1.1",
    "<script>alert(1)</script>",
    "",
]

# Every query parameter the site reads, and the address that reads it.
QUERY_PARAMETERS = {
    "q": "pages:search",
    "page": "pages:search",
    "rating": "pages:feedback",
    "reply_to": "comments:form",
    "c": "comments-xtd-sent",
    "next": "language",
    "format": "recommendations:node",
    "node": "examples:submit",
    "principle": "cohorts:list",
    "status": "cohorts:list",
    "scope": "cohorts:list",
}

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def good_values():
    node = Node.objects.get(number="1.1")
    return {
        "code": "es",
        "slug": node.slug,
        "kind": "node",
        "pk": str(node.pk),
        "number": node.number,
        "token": "a-token",
        "comment_id": "1",
        "content_type_id": "1",
        "object_id": str(node.pk),
        "path": "uploads/a.png",
        "old_path": "some/old/page",
        "area": "use-of-data",
        "stage": "vision",
        "section": "1",
    }


def addresses_with(route, bad, good):
    """`route` with each of its parameters in turn set to `bad`, the others good."""
    names = [match["name"] for match in PARAMETER.finditer(route)]
    for name in names:
        yield "/" + PARAMETER.sub(
            lambda match, name=name: quote(bad, safe="") if match["name"] == name else good[match["name"]],
            route,
        )


def answer_status(client, method, url, data=None):
    response = getattr(client, method)(url, data or {})
    return response.status_code


@pytest.mark.parametrize("bad", BAD_VALUES, ids=range(len(BAD_VALUES)))
def test_no_bad_value_in_an_address_gives_a_server_error(bad, blueprint):
    good, client = good_values(), Client()
    errors = []
    for name, route in public_patterns().items():
        addresses = list(addresses_with(route, bad, good)) or ["/" + route]
        for url in addresses:
            for method in ("get", "post"):
                status = answer_status(client, method, url)
                if status >= 500:
                    errors.append((name, method, url[:80], status))
    assert errors == []


@pytest.mark.parametrize("bad", BAD_VALUES, ids=range(len(BAD_VALUES)))
def test_no_bad_value_in_a_query_parameter_gives_a_server_error(bad, blueprint):
    good, client, patterns = good_values(), Client(), public_patterns()
    errors = []

    def address(name):
        return "/" + PARAMETER.sub(lambda match: good[match["name"]], patterns[name])

    for parameter, name in QUERY_PARAMETERS.items():
        url = f"{address(name)}?{parameter}={quote(bad, safe='')}"
        for method in ("get", "post"):
            status = answer_status(client, method, url, {parameter: bad.replace("\x00", "")})
            if status >= 500:
                errors.append((parameter, method, status))
    # And all of them at once, at every address.
    query = "&".join(f"{parameter}={quote(bad, safe='')}" for parameter in QUERY_PARAMETERS)
    for name in patterns:
        status = answer_status(client, "get", f"{address(name)}?{query}")
        if status >= 500:
            errors.append((name, "all", status))
    assert errors == []


@pytest.mark.parametrize(
    "url",
    ["/feedback/node/1/?rating=²", "/search/?q=care&page=²", "/search/?q=care&page=" + "9" * 23],
)
def test_numbers_a_reader_could_type_give_no_server_error(url, blueprint, client):
    assert client.get(url).status_code < 500


def test_a_nul_character_in_an_address_gets_a_clear_page_in_the_sites_layout(client, blueprint):
    response = client.get("/search/?q=care%00")
    html = response.content.decode()
    assert response.status_code == 400
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["This address does not work"]
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
