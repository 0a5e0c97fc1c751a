"""Every page type is well-formed HTML by the HTML parsing rules (html5lib in strict mode: any
parse error fails), with unique ids and `<time datetime>` values the HTML standard accepts."""

import re

import html5lib
import pytest

from recommendations.models import Node
from tests.pulse.data import answered_check, group_check, retaken_check_url

TIME_VALUES = re.compile(r"^\d{4}-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})?)?)?$")


def node_url(number, suffix=""):
    return Node.objects.get(number=number).get_absolute_url() + suffix


PAGES = [
    "/",
    lambda: node_url("1"),
    lambda: node_url("2.7"),
    lambda: node_url("2.7.2"),
    "/examples/mano-a-mano/",
    "/tools/prevention-maturity-model/",
    "/about/",
    "/maturity-model/",
    "/maturity-model/use-of-data/transformative-innovations/",
    "/pulse-check/",
    "/pulse-check/blueprint/start/",
    "/pulse-check/blueprint/group/",
    lambda: f"/pulse-check/answers/{answered_check().token}/2/",
    retaken_check_url,
    lambda: group_check().get_absolute_url(),
    lambda: group_check().share_url(),
    lambda: f"/pulse-check/facilitate/{group_check().facilitator_token}/invite/",
    "/examples/",
    "/tools/",
    "/search/?q=benefits",
    "/search/?q=zzzqqq",
    "/examples/submit/?node=2.7.2",
    lambda: node_url("2.7.2", "suggest/"),
    lambda: f"/comments/new/node/{Node.objects.get(number='1').pk}/",
    lambda: f"/feedback/node/{Node.objects.get(number='1').pk}/?rating=3",
    "/sign/",
    "/cohorts/",
    "/cohorts/interest/2.7.1/",
    "/signers/",
    "/changes/",
    "/privacy/",
    "/print/",
    "/no-such-page/",
]


@pytest.mark.parametrize("address", PAGES, ids=lambda a: a if isinstance(a, str) else "")
def test_every_page_type_is_valid_html(client, blueprint, comment_factory, address):
    comment_factory(target=Node.objects.get(number="2.7.2"))  # a comment, with its date
    node = Node.objects.get(number="2.7.2")
    node.body = "Text an editor wrote."
    node.save()  # a recent change, with its moment
    html = client.get(address() if callable(address) else address).content.decode()

    document = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(html)

    ids = [element.get("id") for element in document.iter() if element.get("id")]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    times = [element.get("datetime") for element in document.iter("time")]
    assert [value for value in times if not TIME_VALUES.match(value or "")] == []


FORMS = [
    "/examples/submit/",
    lambda: node_url("2.7.2", "suggest/"),
    lambda: f"/comments/new/node/{Node.objects.get(number='1').pk}/",
    "/sign/",
    "/cohorts/interest/2.7.1/",
]


@pytest.mark.parametrize("address", FORMS, ids=lambda a: a if isinstance(a, str) else "")
def test_every_public_form_asks_for_an_e_mail_address_in_an_email_field(client, blueprint, address):
    html = client.get(address() if callable(address) else address).content.decode()
    fields = re.findall(r'<input type="(\w+)" name="email"', html)
    assert fields == ["email"]
