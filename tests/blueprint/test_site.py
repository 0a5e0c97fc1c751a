"""What the project package itself serves and sets up: error pages, the health check, the
editors' group and account, and a complete set of migrations."""

import re
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.test import override_settings


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


def test_makemigrations_check_finds_nothing_missing(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert out.getvalue() == "No changes detected\n"


def test_editors_group_has_exactly_the_editing_permissions(db):

    permissions = sorted(
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name="Editors").permissions.select_related("content_type")
    )
    assert permissions == [
        "blueprint.see_drafts",
        "blueprint.use_markdown_tools",
        "cohorts.add_cohort",
        "cohorts.change_cohort",
        "cohorts.change_interest",
        "cohorts.change_signup",
        "cohorts.view_cohort",
        "cohorts.view_cohortmessage",
        "cohorts.view_interest",
        "cohorts.view_signup",
        "comments.moderate",
        "comments.view_commenthiding",
        "django_comments_xtd.change_xtdcomment",
        "django_comments_xtd.view_xtdcomment",
        "examples.add_example",
        "examples.add_tool",
        "examples.change_example",
        "examples.change_examplesubmission",
        "examples.change_tool",
        "examples.delete_example",
        "examples.delete_tool",
        "examples.view_example",
        "examples.view_examplesubmission",
        "examples.view_tool",
        "maturity.add_goal",
        "maturity.add_strategy",
        "maturity.change_area",
        "maturity.change_goal",
        "maturity.change_stage",
        "maturity.change_strategy",
        "maturity.delete_goal",
        "maturity.delete_strategy",
        "maturity.view_area",
        "maturity.view_goal",
        "maturity.view_stage",
        "maturity.view_strategy",
        "operations.manage_personal_data",
        "pages.change_signer",
        "pages.delete_searchmiss",
        "pages.view_feedback",
        "pages.view_searchmiss",
        "pages.view_signer",
        "pulse.add_item",
        "pulse.change_instrument",
        "pulse.change_item",
        "pulse.change_workingon",
        "pulse.delete_item",
        "pulse.view_instrument",
        "pulse.view_item",
        "pulse.view_workingon",
        "recommendations.add_node",
        "recommendations.add_page",
        "recommendations.change_node",
        "recommendations.change_page",
        "recommendations.change_suggestion",
        "recommendations.delete_node",
        "recommendations.view_node",
        "recommendations.view_page",
        "recommendations.view_suggestion",
    ]


def test_create_editor_makes_a_staff_account_in_the_editors_group(db, monkeypatch):

    monkeypatch.setenv("EDITOR_PASSWORD", "a-long-editor-password")
    out = StringIO()
    call_command("create_editor", "alice", "alice@example.org", stdout=out)
    alice = get_user_model().objects.get(username="alice")
    assert out.getvalue() == "Created the editor alice.\n"
    assert (alice.is_staff, alice.is_superuser, list(alice.groups.values_list("name", flat=True))) == (
        True,
        False,
        ["Editors"],
    )
    assert alice.check_password("a-long-editor-password")


def test_create_editor_refuses_a_weak_password(db, monkeypatch):

    monkeypatch.setenv("EDITOR_PASSWORD", "123")
    with pytest.raises(CommandError) as error:
        call_command("create_editor", "bob", "bob@example.org", stdout=StringIO())
    assert "This password is too short." in str(error.value)


def test_create_editor_without_a_terminal_or_a_password_says_so_in_one_line(db, monkeypatch):
    monkeypatch.delenv("EDITOR_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", StringIO(""))
    with pytest.raises(CommandError) as refused:
        call_command("create_editor", "carol", "carol@example.org", stdout=StringIO())
    assert str(refused.value) == "No password: run this at a terminal to type one, or set EDITOR_PASSWORD."
