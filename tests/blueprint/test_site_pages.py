import re
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.test import override_settings

from blueprint.pages.models import Feedback
from recommendations.models import Page
from examples.models import Example, Tool
from recommendations.models import Node


def h1s(response):
    return re.findall(r"<h1[ >]", response.content.decode())


def test_start_page_is_start_here_with_its_full_text(client, blueprint):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Start here."]
    assert "<p><em>June 24, 2020</em></p>\n<p>Welcome! We’re so glad you’re here.</p>" in html
    assert '<h2 id="s-iv-how-do-i-make-it-stronger">IV: How do I make it stronger?</h2>' in html
    assert 'href="/tools/wellbeing-blueprint-pulse-check/"' in html
    assert 'data-key="page:{}" aria-current="page"'.format(Page.objects.get(slug="start-here").pk) in html
    assert re.findall(r'<a href="(#s-[^"]+)">', html) == [
        "#s-i-how-is-the-wellbeing-blueprint-arranged",
        "#s-ii-centering-on-community",
        "#s-iii-where-do-i-start-in-the-meantime",
        "#s-iv-how-do-i-make-it-stronger",
    ]


def test_start_page_next_is_the_message_page(client, blueprint):
    html = client.get("/").content.decode()
    assert re.search(
        r'<a class="next" href="/pages/a-message-for-those-of-us-within-systems/" rel="next">', html
    )


def test_every_public_page_has_exactly_one_h1(client, blueprint):
    urls = ["/", "/pages/a-message-for-those-of-us-within-systems/", "/no-such-page/"]
    urls += [node.get_absolute_url() for node in Node.objects.all()]
    urls += [item.get_absolute_url() for item in [*Example.objects.all(), *Tool.objects.all()]]
    urls += [f"/feedback/node/{Node.objects.get(number='1').pk}/"]
    assert len(urls) == 94 + 13 + 5 + 3 + 1
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert len(h1s(response)) == 1, url
        assert inline_code(response.content.decode()) == [], url


def inline_code(html):
    """Inline scripts, styles and event handlers: a strict Content-Security-Policy would block them."""
    return (
        re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html)
        + re.findall(r"<style", html)
        + re.findall(r"\sstyle=", html)
        + re.findall(r"\son[a-z]+=", html)
    )


def test_unknown_url_gets_styled_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert re.findall(r"<h1>(.*?)</h1>", response.content.decode()) == ["Page not found"]
    assert '<link rel="stylesheet" href="/static/css/site.css">' in response.content.decode()


@override_settings(ROOT_URLCONF="tests.blueprint.failing_urls")
def test_server_error_gets_styled_500(client, db):
    client.raise_request_exception = False
    response = client.get("/fail/")
    assert response.status_code == 500
    html = response.content.decode()
    assert re.findall(r"<h1>(.*?)</h1>", html) == ["Something went wrong"]
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html


def test_healthz_answers_200_when_database_answers(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok\n")


def test_healthz_answers_503_when_database_does_not(client, db):
    with mock.patch("django.db.backends.utils.CursorWrapper.execute", side_effect=DatabaseError):
        response = client.get("/healthz")
    assert (response.status_code, response.content) == (503, b"database unavailable\n")


def test_draft_page_is_hidden_from_readers_and_shown_to_editors(client, editor, blueprint):
    page = Page.objects.get(slug="a-message-for-those-of-us-within-systems")
    page.status = "draft"
    page.save()
    assert client.get(page.get_absolute_url()).status_code == 404
    client.force_login(editor)
    assert client.get(page.get_absolute_url()).status_code == 200


def test_reading_pages_carry_no_form_token_or_cookie(client, blueprint):
    """So an anonymous reader's page could be served whole from a shared cache."""
    for url in ["/", Node.objects.get(number="2.7").get_absolute_url(), "/examples/mano-a-mano/"]:
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert response.cookies == {}


def test_makemigrations_check_finds_nothing_missing(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert out.getvalue() == "No changes detected\n"


def test_editors_group_has_exactly_the_editing_permissions(db):
    from django.contrib.auth.models import Group

    permissions = sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name="Editors").permissions.select_related("content_type")
    )
    assert permissions == [
        "cohorts.add_cohort", "cohorts.change_cohort", "cohorts.change_interest",
        "cohorts.change_signup", "cohorts.view_cohort", "cohorts.view_interest", "cohorts.view_signup",
        "comments.moderate", "comments.view_commenthiding",
        "django_comments_xtd.change_xtdcomment", "django_comments_xtd.view_xtdcomment",
        "examples.add_example", "examples.add_tool", "examples.change_example",
        "examples.change_examplesubmission", "examples.change_tool", "examples.delete_example",
        "examples.delete_tool", "examples.view_example", "examples.view_examplesubmission",
        "examples.view_tool",
        "operations.manage_personal_data",
        "pages.change_signer", "pages.delete_searchmiss", "pages.view_feedback",
        "pages.view_searchmiss", "pages.view_signer",
        "recommendations.add_node", "recommendations.add_page", "recommendations.change_node",
        "recommendations.change_page", "recommendations.change_suggestion", "recommendations.delete_node",
        "recommendations.view_node", "recommendations.view_page", "recommendations.view_suggestion",
    ]


def test_load_blueprint_twice_keeps_editors_changes(blueprint):
    node = Node.objects.get(number="1.1")
    node.title = "Edited by an editor"
    node.save()
    out = StringIO()
    call_command("load_blueprint", stdout=out)
    assert out.getvalue() == "The Blueprint is already loaded; nothing was changed.\n"
    assert Node.objects.get(number="1.1").title == "Edited by an editor"


def test_create_editor_makes_a_staff_account_in_the_editors_group(db, monkeypatch):
    from django.contrib.auth import get_user_model

    monkeypatch.setenv("EDITOR_PASSWORD", "a-long-editor-password")
    out = StringIO()
    call_command("create_editor", "alice", "alice@example.org", stdout=out)
    alice = get_user_model().objects.get(username="alice")
    assert out.getvalue() == "Created the editor alice.\n"
    assert (alice.is_staff, alice.is_superuser, list(alice.groups.values_list("name", flat=True))) == (
        True, False, ["Editors"],
    )
    assert alice.check_password("a-long-editor-password")


def test_create_editor_refuses_a_weak_password(db, monkeypatch):
    from django.core.management import CommandError

    monkeypatch.setenv("EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError) as error:
        call_command("create_editor", "bob", "bob@example.org", stdout=StringIO())
    assert "This password is too short." in str(error.value)
