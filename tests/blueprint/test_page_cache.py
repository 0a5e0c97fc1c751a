"""Anonymous readers share one rendered copy of a reading page, and never anything of another's."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_comments_xtd.models import XtdComment

from blueprint.models import SearchMiss
from examples.models import Example
from recommendations.models import Node


@pytest.fixture
def node(blueprint):
    return Node.objects.get(number="3.2.1")


def read(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response


def test_second_anonymous_reader_gets_the_shared_copy_for_one_query(node):
    url = node.get_absolute_url()
    first = read(Client(), url)
    with CaptureQueriesContext(connection) as queries:
        second = read(Client(), url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert len(queries) == 1  # the content version
    assert second.content == first.content
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert "nonce" not in second["Content-Security-Policy"]


def test_an_edit_shows_on_the_very_next_request(node):
    url = node.get_absolute_url()
    read(Client(), url)
    assert read(Client(), url)["X-Page-Cache"] == "hit"
    node.title = "Make it possible for people to meet."
    node.save()
    html = read(Client(), url).content.decode()
    assert '<h1><span class="number">3.2.1</span> Make it possible for people to meet.</h1>' in html


@pytest.mark.parametrize("change", ["comment", "example link", "example edit"])
def test_what_a_page_shows_changing_makes_its_copy_stale(node, change):
    example = Example.objects.get(slug="mano-a-mano")
    url = node.get_absolute_url()
    read(Client(), url)
    if change == "comment":
        XtdComment.objects.create(
            content_type=ContentType.objects.get_for_model(Node), object_pk=str(node.pk),
            site=Site.objects.get_current(), user_name="Rosa", user_email="rosa@example.org",
            comment="We meet in the library.", is_public=True,
        )
        expected = "We meet in the library."
    elif change == "example link":
        example.nodes.add(node)
        expected = f'href="{example.get_absolute_url()}"'
    else:
        example.nodes.add(node)
        read(Client(), url)
        example.title = "Mano a Mano, renamed"
        example.save()
        expected = "Mano a Mano, renamed"
    response = read(Client(), url)
    assert response["X-Page-Cache"] == "miss"
    assert expected in response.content.decode()


def test_editors_never_get_or_leave_a_shared_copy(client, node, editor):
    node.status = "draft"
    node.save()
    url = Node.objects.get(number="3.2").get_absolute_url()
    client.force_login(editor)
    editor_html = read(client, url).content.decode()
    assert "Make it possible for people to gather." in editor_html  # editors see drafts
    reader = read(Client(), url)
    assert reader["X-Page-Cache"] == "miss"
    assert "Make it possible for people to gather." not in reader.content.decode()
    assert "X-Page-Cache" not in read(client, url)


def test_languages_are_shared_separately(node):
    url = node.get_absolute_url()
    english = read(Client(), url)
    spanish = read(Client(), url, HTTP_ACCEPT_LANGUAGE="es")
    assert (english["X-Page-Cache"], spanish["X-Page-Cache"]) == ("miss", "miss")
    assert read(Client(), url, HTTP_ACCEPT_LANGUAGE="es")["X-Page-Cache"] == "hit"
    assert '<html lang="es">' in read(Client(), url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="en">' in read(Client(), url).content.decode()
    chose = Client()
    chose.cookies["django_language"] = "es"
    assert '<html lang="es">' in read(chose, url).content.decode()


def test_pages_with_a_form_token_are_never_shared(blueprint):
    first, second = Client(), Client()
    one = read(first, "/sign/")
    two = read(second, "/sign/")
    assert "X-Page-Cache" not in one and "X-Page-Cache" not in two
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(one.content.decode()).group(1) != token.search(two.content.decode()).group(1)
    assert first.cookies["csrftoken"].value != second.cookies["csrftoken"].value


def test_a_visitors_message_is_never_shared(client, node):
    url = f"/feedback/node/{node.pk}/"
    page = read(client, url)
    started = re.search(r'name="started" value="([^"]+)"', page.content.decode()).group(1)
    response = client.post(url, {"rating": "3", "comment": "", "website": "", "started": started}, follow=True)
    assert "Thank you. Your answer is saved." in response.content.decode()
    # The same reader, back on the node page, and another reader: neither sees the message.
    for reader in (client, Client()):
        assert "Thank you. Your answer is saved." not in read(reader, node.get_absolute_url()).content.decode()


def test_a_search_that_found_nothing_is_counted_every_time(blueprint):
    for _ in range(2):
        response = read(Client(), "/search/?q=zzzqqq")
        assert "X-Page-Cache" not in response
    assert SearchMiss.objects.get(query="zzzqqq").count == 2
    read(Client(), "/search/?q=benefits")
    assert read(Client(), "/search/?q=benefits")["X-Page-Cache"] == "hit"


def test_the_cache_can_be_turned_off(node, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = node.get_absolute_url()
    read(Client(), url)
    assert "X-Page-Cache" not in read(Client(), url)


def test_shared_copies_are_sent_gzipped_to_browsers_that_ask(node):
    import gzip

    url = node.get_absolute_url()
    plain = read(Client(), url)
    zipped = read(Client(), url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert (zipped["X-Page-Cache"], zipped["Content-Encoding"]) == ("hit", "gzip")
    assert gzip.decompress(zipped.content) == plain.content
    assert int(zipped["Content-Length"]) == len(zipped.content) < len(plain.content) // 3
    assert "Accept-Encoding" in zipped["Vary"]
    assert "Content-Encoding" not in read(Client(), url)
