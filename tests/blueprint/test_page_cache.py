"""Anonymous readers share one rendered copy of a reading page: what every write readers can see
changes shows on the very next request, nothing of one visitor is ever shared, and junk in an
address stores nothing."""

import gzip
import re
import uuid

import pytest
import redis
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from blueprint.comments.services import flag_comment, hide_comment
from blueprint.common.cache import content_version
from blueprint.maturity.models import Strategy
from blueprint.pages.models import SearchMiss
from blueprint.pages.services import confirm_signature
from blueprint.pulse.models import Instrument
from blueprint.pulse.services import confirm_working_on
from cohorts.models import Cohort
from cohorts.services import confirm_sign_up
from examples.models import Example
from recommendations.models import Node
from recommendations.services import move_node
from tests.journeys import hidden_fields

REDIS = "redis://127.0.0.1:6379/14"


@pytest.fixture
def node(blueprint):
    return Node.objects.get(number="3.2.1")


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, url
    return response.content.decode()


def numbered(number):
    return Node.objects.get(number=number)


def test_a_second_anonymous_reader_costs_one_query_and_gets_the_same_page(node):
    url = node.get_absolute_url()
    first = Client().get(url)
    with CaptureQueriesContext(connection) as queries:
        second = Client().get(url)
    assert [query["sql"] for query in queries] == [
        "SELECT version FROM blueprint_contentversion WHERE scope = 'content'"
    ]
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "nonce" not in second["Content-Security-Policy"]


# -- every write readers see shows on the next request ------------------------------------------


def retitle_node(context):
    node = numbered("3.2")
    node.title = "Make it possible for people to meet."
    node.save()


def new_text(context):
    node = numbered("3.2.1")
    node.body = "Listen first, then build."
    node.save()


def move(context):
    move_node(node=numbered("2.7.2"), target=numbered("2.6"), position="last-child")


def publish_comment(context):
    context["comment_factory"](target=numbered("3.2.1"), comment="We meet in the library.")


def hide(context):
    hide_comment(comment=context["comment"], editor=context["editor"], reason="Personal attack.")


def edit_example(context):
    example = Example.objects.get(slug="mano-a-mano")
    example.title = "Mano a Mano, renamed"
    example.save()


def attach_example(context):
    context["example"].nodes.add(numbered("3.2.1"))


def confirm_a_signature(context):
    confirm_signature(signer=context["signer_factory"]())


def open_cohort(context):
    cohort = context["forming_cohort"]
    cohort.status = Cohort.Status.OPEN
    cohort.save()


def take_a_seat(context):
    confirm_sign_up(sign_up=context["sign_up_factory"](cohort=context["open_cohort"]))


def confirm_entry(context):
    confirm_working_on(entry=context["working_on_factory"](node=numbered("3.2.1"), name="Lena Ortiz"))


def link_strategy(context):
    context["strategy"].nodes.add(numbered("5.1.1"))


def retitle_instrument(context):
    instrument = Instrument.objects.get(slug="blueprint")
    instrument.title = "The Blueprint, recommendation by recommendation"
    instrument.save()


WRITES = {
    # write: (page, what it shows afterwards, what it no longer shows)
    "a node's new title, in every sidebar": (
        "/",
        '<span class="nav-number">3.2</span> Make it possible for people to meet.',
        None,
    ),
    "a node's new text": ("/3.2.1/", "Listen first, then build.", None),
    "a move": ("/2.6/", "2.6.4", None),
    "a published comment": ("/3.2.1/", "We meet in the library.", None),
    "a hidden comment": ("/3.2.1/", None, "Hide me, please."),
    "an edited example": ("/examples/mano-a-mano/", "Mano a Mano, renamed", None),
    "an example attached": ("/3.2.1/", 'href="/examples/rooms-to-meet/"', None),
    "a confirmed signature": ("/", "1 person or organization has signed on through this site.", None),
    "a cohort opened": ("/2.7.2/", "Join this cohort", None),
    "a seat taken": ("/2.6.1/", "1 seat left", "2 seats left"),
    "an entry confirmed": ("/3.2.1/", "Lena Ortiz", None),
    "a strategy linked": ("strategy", '<p class="illustrates">Illustrates: <a href="/5.1.1/', None),
    "an instrument retitled": ("/pulse-check/", "The Blueprint, recommendation by recommendation", None),
}
ACTIONS = {
    "a node's new title, in every sidebar": retitle_node,
    "a node's new text": new_text,
    "a move": move,
    "a published comment": publish_comment,
    "a hidden comment": hide,
    "an edited example": edit_example,
    "an example attached": attach_example,
    "a confirmed signature": confirm_a_signature,
    "a cohort opened": open_cohort,
    "a seat taken": take_a_seat,
    "an entry confirmed": confirm_entry,
    "a strategy linked": link_strategy,
    "an instrument retitled": retitle_instrument,
}


@pytest.mark.parametrize("write", WRITES)
def test_every_write_readers_see_shows_on_the_very_next_request(
    write,
    blueprint,
    editor,
    comment_factory,
    signer_factory,
    cohort_factory,
    sign_up_factory,
    working_on_factory,
    example_factory,
):
    context = {
        "editor": editor,
        "comment_factory": comment_factory,
        "signer_factory": signer_factory,
        "sign_up_factory": sign_up_factory,
        "working_on_factory": working_on_factory,
        "comment": comment_factory(target=numbered("3.2.1"), comment="Hide me, please."),
        "forming_cohort": cohort_factory(node=numbered("2.7.2"), status=Cohort.Status.FORMING),
        "open_cohort": cohort_factory(node=numbered("2.6.1"), status=Cohort.Status.OPEN, capacity=2),
        "example": example_factory(slug="rooms-to-meet", title="Rooms to meet", status="published"),
        "strategy": Strategy.objects.filter(nodes=None).select_related("area", "stage").first(),
    }
    page, shown, gone = WRITES[write]
    if page == "strategy":
        strategy = context["strategy"]
        url = f"/maturity-model/{strategy.area.slug}/{strategy.stage.slug}/"
    elif page[1:2].isdigit():
        url = numbered(page.strip("/")).get_absolute_url()
    else:
        url = page
    before = read(Client(), url)
    read(Client(), url)  # a second reader: what a shared copy holds
    ACTIONS[write](context)
    after = read(Client(), url)
    if shown is not None:
        assert shown not in before
        assert shown in after
    if gone is not None:
        assert gone in before
        assert gone not in after


def test_what_readers_cannot_see_leaves_their_pages_as_they_were(
    blueprint, comment_factory, signer_factory, cohort_factory, sign_up_factory, working_on_factory
):
    """A rating, a report, and everything not yet confirmed: none of it shows, so a shared copy
    stays good (the figures `make bench` keeps while readers rate at ten a second)."""
    comment = comment_factory(target=numbered("1.3.3"))
    cohort = cohort_factory(node=numbered("2.7.2"))
    version = content_version()
    client = Client()
    url = f"/feedback/node/{numbered('1.3.3').pk}/"
    assert client.post(url, {**hidden_fields(client, url), "rating": "3", "website": ""}).status_code == 302
    flag_comment(comment=comment, reason="Off topic.")
    signer_factory()  # unconfirmed
    sign_up_factory(cohort=cohort)  # unconfirmed
    entry = working_on_factory(node=numbered("3.2.1"))  # unconfirmed
    entry.what = "Changed before it was ever confirmed."
    entry.save()
    comment_factory(target=numbered("1.3.3"), is_public=False)  # held for an editor
    read(Client(), "/search/?q=zzzqqq")
    assert SearchMiss.objects.get().query == "zzzqqq"
    assert content_version() == version


def test_editors_never_get_or_leave_a_shared_copy(client, node, editor):
    node.status = "draft"
    node.save()
    url = numbered("3.2").get_absolute_url()
    client.force_login(editor)
    assert "Make it possible for people to gather." in read(client, url)  # editors see drafts
    for _ in range(2):
        assert "Make it possible for people to gather." not in read(Client(), url)
    assert "Make it possible for people to gather." in read(client, url)


def test_each_language_gets_its_own_page_at_its_own_address(node):
    url = node.get_absolute_url()
    for _ in range(2):
        assert '<html lang="en">' in read(Client(), url)
        assert '<html lang="es">' in read(Client(), f"/es{url}")
        # The address says the language: not the browser's preference, nor an old cookie.
        assert '<html lang="en">' in read(Client(), url, HTTP_ACCEPT_LANGUAGE="es")
    chose = Client()
    chose.cookies["django_language"] = "es"
    assert '<html lang="en">' in read(chose, url)


def test_each_visitor_gets_a_form_token_of_their_own(blueprint):
    first, second = Client(), Client()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    one, two = read(first, "/sign/"), read(second, "/sign/")
    assert token.search(one).group(1) != token.search(two).group(1)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_a_visitors_message_is_never_shared(client, node):
    url = f"/feedback/node/{node.pk}/"
    data = {**hidden_fields(client, url), "rating": "3", "comment": "", "website": ""}
    response = client.post(url, data, follow=True)
    assert "Thank you. Your answer is saved." in response.content.decode()
    # The same reader, back on the node page, and another reader: neither sees the message.
    for reader in (client, Client()):
        assert "Thank you. Your answer is saved." not in read(reader, node.get_absolute_url())


def test_a_search_that_found_nothing_is_counted_every_time(blueprint):
    for _ in range(2):
        read(Client(), "/search/?q=zzzqqq")
    assert SearchMiss.objects.get(query="zzzqqq").count == 2


def test_with_the_cache_turned_off_every_reader_gets_a_page_rendered_for_them(node, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = node.get_absolute_url()
    read(Client(), url)
    with CaptureQueriesContext(connection) as queries:
        read(Client(), url)
    assert len(queries) == 8  # the version, then everything the node page shows


def test_pages_are_sent_gzipped_to_browsers_that_ask(node):
    url = node.get_absolute_url()
    plain = Client().get(url)
    zipped = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) // 3
    assert "Accept-Encoding" in zipped["Vary"]
    assert "Content-Encoding" not in Client().get(url)


# -- conditional requests -----------------------------------------------------------------------


def test_an_unchanged_page_answers_a_conditional_request_with_304_for_one_query(node):
    url = node.get_absolute_url()
    etag = Client().get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert (response.status_code, response.content, response["ETag"]) == (304, b"", etag)
    assert len(queries) == 1


def test_after_a_change_a_conditional_request_gets_the_new_page(node):
    url = node.get_absolute_url()
    etag = Client().get(url)["ETag"]
    node.title = "Make it possible for people to meet."
    node.save()
    response = Client().get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] != etag
    assert "Make it possible for people to meet." in response.content.decode()


def test_each_language_has_its_own_etag(node):
    url = node.get_absolute_url()
    english = Client().get(url)["ETag"]
    spanish = Client().get(f"/es{url}")
    assert spanish["ETag"] != english
    assert Client().get(f"/es{url}", HTTP_IF_NONE_MATCH=english).status_code == 200


def test_editors_and_private_pages_carry_no_etag(editor_client, node):
    assert "ETag" not in editor_client.get(node.get_absolute_url())
    assert "ETag" not in Client().get("/sign/")


# -- junk in the address ------------------------------------------------------------------------


@pytest.fixture
def stored_pages(settings):
    """The page cache in Redis, so that a test can count the copies stored: returns a counter."""
    prefix = f"test-{uuid.uuid4().hex}:"
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS,
            "KEY_PREFIX": f"{prefix}{alias}",
        }
        for alias in ("default", "pages")
    }
    server = redis.Redis.from_url(REDIS)

    def count():
        return sum(1 for key in server.scan_iter(f"{prefix}pages:*") if b":page:" in key)

    yield count
    for key in server.scan_iter(f"{prefix}*"):
        server.delete(key)


JUNK = {
    "format": ("/3.2.1/", lambda n: f"format=x{n}"),
    "a place": ("/examples/", lambda n: f"place=Nowhere+{n}"),
    "a principle": ("/examples/", lambda n: f"principle={n + 1000}"),
    "a kind": ("/tools/", lambda n: f"kind=k{n}"),
    "spaces in a search": ("/search/", lambda n: "q=" + "+" * (n % 7 + 1) + "benefits" + "+" * (n // 7)),
    "a page number": ("/search/", lambda n: f"q=benefits&page=0{n % 10}{'0' * (n // 10)}"),
}


@pytest.mark.parametrize("parameter", JUNK)
def test_junk_values_of_a_parameter_lead_to_the_canonical_page_and_store_nothing(
    parameter, blueprint, stored_pages
):
    page, junk = JUNK[parameter]
    if page == "/3.2.1/":
        page = numbered("3.2.1").get_absolute_url()
    canonical = "/search/?q=benefits" if page == "/search/" else page
    read(Client(), canonical)
    before = stored_pages()
    reader = Client()
    for n in range(200):
        reader.cookies.clear()  # a new reader each time (a new Client loads every middleware again)
        response = reader.get(f"{page}?{junk(n)}")
        assert (response.status_code, response["Location"]) == (301, canonical), junk(n)
    assert stored_pages() == before


def test_one_page_stores_at_most_so_many_addresses_with_a_query(blueprint, stored_pages, settings):
    settings.PAGE_CACHE_VARIANTS = 20
    numbers = Node.objects.order_by("tree_id", "lft").values_list("number", flat=True)
    for number in numbers[:50]:  # each finds its node
        read(Client(), f"/search/?q={number}")
    assert stored_pages() == 20


def test_parameters_a_page_does_not_read_share_its_one_copy(node, stored_pages):
    url = node.get_absolute_url()
    reader = Client()
    for n in range(200):
        reader.cookies.clear()  # a new reader each time
        read(reader, f"{url}?x={n}")
    html = read(Client(), url)
    assert stored_pages() == 1
    # The copy shows its own address without what it ignored.
    assert f'<a class="language" href="/es{url}"' in html


def test_a_shared_search_shows_its_own_address_without_what_it_ignored(blueprint):
    read(Client(), "/search/?q=care&x=1")
    html = read(Client(), "/search/?x=3&q=care")
    assert '<a class="language" href="/es/search/?q=care"' in html
