"""Anonymous readers share one rendered copy of a reading page, and never anything of another's."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_comments.models import CommentFlag
from django_comments_xtd.models import XtdComment
from simple_history.utils import update_change_reason

from blueprint.comments.services import hide_comment
from blueprint.common.models import ContentVersion
from blueprint.common.page_cache import CONTENT, changed, changes_marked_at_the_end
from blueprint.pages.models import Feedback, SearchMiss, Signer
from blueprint.pages.services import confirm_signature
from cohorts.models import Cohort, SignUp
from cohorts.services import confirm_sign_up
from examples.models import Example
from recommendations.models import Node
from tests.journeys import hidden_fields


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
            content_type=ContentType.objects.get_for_model(Node),
            object_pk=str(node.pk),
            site=Site.objects.get_current(),
            user_name="Rosa",
            user_email="rosa@example.org",
            comment="We meet in the library.",
            is_public=True,
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
    response = client.post(
        url, {"rating": "3", "comment": "", "website": "", "started": started}, follow=True
    )
    assert "Thank you. Your answer is saved." in response.content.decode()
    # The same reader, back on the node page, and another reader: neither sees the message.
    for reader in (client, Client()):
        assert (
            "Thank you. Your answer is saved." not in read(reader, node.get_absolute_url()).content.decode()
        )


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


# -- what a change makes stale, and what it leaves shared ----------------------------------------

SHARED = {
    "node": "/1.3.3/relentlessly-seek-diverse-and-inclusive-engagement-in-planning-processes/",
    "other node": "/2.7.2/ensure-that-professional-credentialed-translation-and-interpretation-services-are-available/",
    "start": "/",
    "example": "/examples/mano-a-mano/",
    "changes": "/changes/",
    "search": "/search/?q=benefits",
    "print": "/print/",
    "signers": "/signers/",
}


@pytest.fixture
def shared(blueprint):
    """Every kind of reading page, each read once, so each has a shared copy."""
    for url in SHARED.values():
        assert read(Client(), url)["X-Page-Cache"] == "miss"
    return {name: url for name, url in SHARED.items()}


def stale(pages):
    """The pages a new anonymous reader gets freshly rendered: those a change made stale."""
    return {name for name, url in pages.items() if read(Client(), url)["X-Page-Cache"] == "miss"}


def numbered(number):
    return Node.objects.get(number=number)


def test_a_rating_leaves_every_shared_page_shared(shared):
    url = f"/feedback/node/{numbered('1.3.3').pk}/"
    client = Client()
    response = client.post(url, {**hidden_fields(client, url), "rating": "3", "comment": "", "website": ""})
    assert response.status_code == 302
    assert Feedback.objects.count() == 1
    assert stale(shared) == set()


def test_a_flag_that_hides_nothing_leaves_every_shared_page_shared(blueprint, comment_factory):
    comment = comment_factory(target=numbered("1.3.3"))
    pages = {name: url for name, url in SHARED.items()}
    for url in pages.values():
        read(Client(), url)
    url = f"/comments/{comment.pk}/flag/"
    client = Client()
    assert client.post(url, {**hidden_fields(client, url), "website": ""}).status_code == 302
    assert CommentFlag.objects.count() == 1
    assert stale(pages) == set()


def test_an_unconfirmed_comment_leaves_every_shared_page_shared(shared):
    client = Client()
    target = numbered("1.3.3")
    data = {
        **hidden_fields(client, f"/comments/new/node/{target.pk}/"),
        "name": "Rosa",
        "email": "rosa@example.org",
        "comment": "We meet in the library.",
        "website": "",
    }
    assert client.post("/comments/post/", data).status_code == 302
    assert mail.outbox[-1].to == ["rosa@example.org"]
    assert stale(shared) == set()


def test_an_unconfirmed_sign_up_and_signature_leave_every_shared_page_shared(shared, cohort_factory):
    cohort = cohort_factory(node=numbered("2.7.2"))
    read(Client(), shared["other node"])  # the cohort opening made it stale; shared again
    client = Client()
    join = f"/cohorts/{cohort.slug}/join/"
    client.post(
        join,
        {
            **hidden_fields(client, join),
            "name": "Ana",
            "email": "ana@example.org",
            "organisation": "County",
            "role": "Director",
            "sector": "government",
            "state_or_country": "Minnesota",
            "city": "Saint Paul",
            "hope_to_change": "Interpreters.",
            "website": "",
        },
    )
    client.post(
        "/sign/",
        {
            **hidden_fields(client, "/sign/"),
            "name": "Ana",
            "sector": "government",
            "place": "Saint Paul",
            "kind": "individual",
            "show_publicly": "on",
            "email": "ana@example.org",
            "website": "",
        },
    )
    assert (SignUp.objects.get().status, Signer.objects.get().status) == ("unconfirmed", "unconfirmed")
    assert stale(shared) == set()


def test_a_search_that_found_nothing_leaves_every_shared_page_shared(shared):
    read(Client(), "/search/?q=zzzqqq")
    assert SearchMiss.objects.get().query == "zzzqqq"
    assert stale(shared) == set()


def test_a_history_row_on_its_own_leaves_every_shared_page_shared(shared):
    update_change_reason(numbered("1.3.3"), "Checked against the source.")
    assert numbered("1.3.3").history.first().history_change_reason == "Checked against the source."
    assert stale(shared) == set()


def test_a_published_comment_makes_only_its_page_stale(shared, comment_factory):
    comment_factory(target=numbered("1.3.3"))
    assert stale(shared) == {"node"}


def test_a_hidden_comment_makes_only_its_page_stale(blueprint, editor, comment_factory):
    comment = comment_factory(target=Example.objects.get(slug="mano-a-mano"))
    for url in SHARED.values():
        read(Client(), url)
    hide_comment(comment=comment, editor=editor, reason="Personal attack.")
    assert stale(SHARED) == {"example"}


def test_a_cohort_opening_and_a_seat_taken_make_only_its_node_page_stale(
    shared, cohort_factory, sign_up_factory
):
    cohort = cohort_factory(node=numbered("2.7.2"), status=Cohort.Status.FORMING)
    assert stale(shared) == {"other node"}
    cohort.status = Cohort.Status.OPEN
    cohort.save()
    assert stale(shared) == {"other node"}
    sign_up = sign_up_factory(cohort=cohort)
    assert stale(shared) == set()
    confirm_sign_up(sign_up=sign_up)
    assert stale(shared) == {"other node"}


def test_a_new_text_makes_its_page_and_the_lists_of_content_stale(shared):
    changed_node = numbered("1.3.3")
    changed_node.body = "Listen first."
    changed_node.save()
    assert stale(shared) == {"node", "changes", "search", "print"}


def test_a_new_title_makes_every_page_with_the_navigation_stale(shared):
    changed_node = numbered("3.2")
    changed_node.title = "Make it possible for people to meet."
    changed_node.save()
    assert stale(shared) == set(SHARED) - {"signers"}


def test_a_move_makes_every_page_with_the_navigation_stale(shared):
    numbered("2.7.2").move_to(numbered("2.6"), "last-child")
    moved = shared.pop("other node")  # now 2.6.4: its old address leads there
    assert Client().get(moved)["Location"] == moved.replace("/2.7.2/", "/2.6.4/")
    assert stale(shared) == set(SHARED) - {"signers", "other node"}


def test_an_example_changed_makes_its_page_the_nodes_listing_it_and_the_lists_stale(shared):
    example = Example.objects.get(slug="mano-a-mano")
    example.body = "A new text."
    example.save()
    assert stale(shared) == {"example", "node", "changes", "search", "print"}


def test_an_example_retitled_or_attached_elsewhere_makes_every_page_with_the_navigation_stale(shared):
    example = Example.objects.get(slug="mano-a-mano")
    example.title = "Mano a Mano, renamed"  # the sidebar lists it under its nodes
    example.save()
    assert stale(shared) == set(SHARED) - {"signers"}
    example.nodes.add(numbered("2.7.2"))
    assert stale(shared) == set(SHARED) - {"signers"}


def test_a_confirmed_signature_makes_the_signers_and_the_start_page_stale(shared, signer_factory):
    signer = signer_factory()
    assert stale(shared) == set()
    confirm_signature(signer=signer)
    assert stale(shared) == {"signers", "start"}


def test_a_bulk_write_marks_each_scope_once_at_the_end(db):
    scopes = ["node:1", "node:2", CONTENT]
    before = ContentVersion.objects.of(scopes)
    with changes_marked_at_the_end():
        changed("node:1", CONTENT)
        changed("node:2", CONTENT)
        assert ContentVersion.objects.of(scopes) == before
    assert ContentVersion.objects.of(scopes) == {name: version + 1 for name, version in before.items()}


def test_query_parameters_a_page_does_not_read_share_its_one_copy(node):
    url = node.get_absolute_url()
    first = read(Client(), f"{url}?x=1")
    others = [read(Client(), f"{url}?x={n}")["X-Page-Cache"] for n in range(2, 200)]
    plain = read(Client(), url)
    assert (first["X-Page-Cache"], set(others), plain["X-Page-Cache"]) == ("miss", {"hit"}, "hit")
    # The copy shows its own address without what it ignored.
    assert f'href="/language/es/?next={url}"' in plain.content.decode()


def test_query_parameters_a_page_reads_have_copies_of_their_own(blueprint):
    care, families = read(Client(), "/search/?q=care&x=1"), read(Client(), "/search/?q=families&x=2")
    assert (care["X-Page-Cache"], families["X-Page-Cache"]) == ("miss", "miss")
    again = read(Client(), "/search/?x=3&q=care")
    assert again["X-Page-Cache"] == "hit"
    assert 'href="/language/es/?next=/search/%3Fq%3Dcare"' in again.content.decode()
