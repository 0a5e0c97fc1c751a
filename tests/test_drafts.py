"""Drafts stay drafts everywhere: every public URL pattern, walked with a draft target, shows
readers (and staff outside the Editors group) nothing of it and takes no post on it."""

from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone
from django_comments_xtd.models import XtdComment

from blueprint.common.models import Status
from blueprint.pages.models import Feedback
from cohorts.models import Interest
from recommendations.models import Node, Suggestion
from recommendations.services import save_node
from tests.addresses import public_patterns
from tests.factories import WorkingOnFactory
from tests.journeys import comment_form_data, hidden_fields

MARK = "Zyzzyva"

# Addresses whose target is a piece of content: with a draft (or what is under one), not found.
DRAFT_TARGETS = {
    "recommendations:page": lambda d: [f"/pages/{d.page.slug}/"],
    "pages:feedback": lambda d: [
        f"/feedback/{kind}/{target.pk}/"
        for kind, target in [
            ("node", d.branch),
            ("node", d.under),
            ("page", d.page),
            ("example", d.example),
            ("tool", d.tool),
        ]
    ],
    "comments:form": lambda d: [
        f"/comments/new/{kind}/{target.pk}/"
        for kind, target in [("node", d.branch), ("node", d.under), ("example", d.example), ("tool", d.tool)]
    ],
    "comments:discussion": lambda d: [
        f"/comments/on/{kind}/{target.pk}/"
        for kind, target in [("node", d.branch), ("node", d.under), ("example", d.example), ("tool", d.tool)]
    ],
    "comments:show": lambda d: [f"/comments/{d.comment.pk}/"],
    "comments:flag": lambda d: [f"/comments/{d.comment.pk}/flag/"],
    "comments:flagged": lambda d: [f"/comments/{d.comment.pk}/flagged/"],
    "comments-url-redirect": lambda d: [
        f"/comments/cr/{ContentType.objects.get_for_model(Node).pk}/{d.under.pk}/"
    ],
    "examples:example": lambda d: [d.example.get_absolute_url()],
    "examples:tool": lambda d: [d.tool.get_absolute_url()],
    "examples:download": lambda d: [d.tool.get_download_url()],
    "cohorts:cohort": lambda d: [d.cohort.get_absolute_url()],
    "cohorts:join": lambda d: [f"{d.cohort.get_absolute_url()}join/"],
    "cohorts:join_sent": lambda d: [f"{d.cohort.get_absolute_url()}join/sent/"],
    "cohorts:interest": lambda d: [f"/cohorts/interest/{d.under.number}/"],
    "cohorts:interest_sent": lambda d: [f"/cohorts/interest/{d.under.number}/sent/"],
    "cohorts:interest_withdrawn": lambda d: [f"/cohorts/interest/{d.under.number}/withdrawn/"],
    "pulse:working_on": lambda d: [f"/working-on/{d.under.number}/"],
    "pulse:working_on_sent": lambda d: [f"/working-on/{d.under.number}/sent/"],
    "pulse:working_on_withdrawn": lambda d: [f"/working-on/{d.under.number}/withdrawn/"],
    "pulse:contact_sent": lambda d: [f"/working-on/{d.under.number}/message-sent/"],
    "pulse:contact": lambda d: [f"/working-on/contact/{d.entry.pk}/"],
    "recommendations:stable": lambda d: [f"/n/{d.branch.pk}/", f"/n/{d.under.pk}/"],
    "recommendations:node": lambda d: [d.branch.get_absolute_url(), d.under.get_absolute_url()],
    "recommendations:suggest": lambda d: [f"{d.under.get_absolute_url()}suggest/"],
    "recommendations:suggestion_sent": lambda d: [f"{d.under.get_absolute_url()}suggest/sent/"],
    "recommendations:node_markdown": lambda d: [f"{d.under.get_absolute_url()}index.md"],
    "recommendations:gitbook": lambda d: [f"/{d.under.gitbook_path}"],
}

# Addresses that list content: they answer, and no draft is among what they list.
LISTS = {
    "recommendations:start": "/",
    "cohorts:choose_interest": "/cohorts/interest/",  # the recommendations to choose from
    "pages:signers": "/signers/",
    "pages:recent_changes": "/changes/",
    "pages:search": f"/search/?q={MARK.lower()}",  # the page repeats the query: in lower case
    "pages:print": "/print/",
    "pages:examples_feed": "/feeds/examples.atom",
    "pages:changes_feed": "/feeds/changes.atom",
    "pages:tree_json": "/api/tree.json",
    "pages:examples_json": "/api/examples.json",
    "pages:tools_json": "/api/tools.json",
    "pages:sitemap": "/sitemap.xml",
    "pages:sitemap_section": "/sitemap-nodes.xml",
    "examples:submit": "/examples/submit/",
    "examples:examples": "/examples/",
    "examples:tools": "/tools/",
    "cohorts:list": "/cohorts/",
    "recommendations:about": "/about/",
    "maturity:model": "/maturity-model/",
    "pulse:home": "/pulse-check/",
    # A strategy here illustrates 2.6, the draft: the cell names it to editors only.
    "maturity:cell": "/maturity-model/prevention-service-array/transformative-innovations/",
}

# Addresses about no piece of content (private links, site plumbing, editors' tools): other tests.
ABOUT_NO_CONTENT = {
    "healthz",
    "robots_txt",
    "language",
    "pages:privacy",
    "pages:sign",
    "pages:sign_sent",
    "pages:signature",
    "comments:confirm",
    "comments:mute",
    "comments-post-comment",  # posts name their target: test_no_post_is_taken_on_a_draft
    "comments-xtd-sent",
    "examples:submission_sent",
    "examples:submission_status",
    "cohorts:sign_up",
    "cohorts:members",
    "cohorts:interest_page",
    "markdownx_markdownify",
    "markdownx_upload",
    "media",
    # Pulse Check behind private links (the result lists only public nodes: tests/pulse).
    "pulse:start",
    "pulse:new_group",
    "pulse:answer",
    "pulse:result",
    "pulse:retake",
    "pulse:join",
    "pulse:invitation",
    "pulse:facilitate",
    "pulse:facilitate_figures",
    "pulse:close",
    "pulse:invite",
    "pulse:aggregate_csv",
    "pulse:working_on_entry",
    "pulse:remind",
    "pulse:email_result_link",
    "pulse:reply",
    "pulse:email_facilitator_link",
    "pulse:confirm_reminder",
}


@pytest.fixture
def drafts(
    blueprint,
    settings,
    tmp_path,
    example_factory,
    tool_factory,
    page_factory,
    comment_factory,
    cohort_factory,
):
    """A draft node (2.6) with a published node under it (2.6.1), a draft example, tool and page,
    a comment and a cohort on the node under the draft. Each carries MARK in its title."""
    settings.MEDIA_ROOT = tmp_path
    branch = Node.objects.get(number="2.6")
    under = branch.get_children().first()
    under.title, under.gitbook_path = f"{MARK} under a draft", "old/zyzzyva-under"
    under.save()
    branch.title, branch.status = f"{MARK} branch", Status.DRAFT
    save_node(node=branch)
    under.refresh_from_db()
    assert (branch.number, under.number) == ("2.7", "2.7.1")  # drafts are numbered after the rest
    published = Node.objects.get(number="1.1")
    tool = tool_factory(title=f"{MARK} tool", status=Status.DRAFT, nodes=[published])
    tool.file.save("draft.pdf", ContentFile(b"%PDF-1.4 draft"))
    return SimpleNamespace(
        branch=branch,
        under=under,
        example=example_factory(title=f"{MARK} example", status=Status.DRAFT, nodes=[published]),
        tool=tool,
        page=page_factory(title=f"{MARK} page", status=Status.DRAFT),
        comment=comment_factory(target=under, comment=f"{MARK} comment"),
        cohort=cohort_factory(node=under, name=f"{MARK} cohort"),
        entry=WorkingOnFactory(node=under, name=f"{MARK} person", confirmed_at=timezone.now()),
    )


@pytest.fixture(params=["reader", "staff outside the Editors group"])
def reader(request, user_factory):
    client = Client()
    if request.param != "reader":
        client.force_login(user_factory(is_staff=True))
    return client


@pytest.mark.parametrize(("number", "now"), [("2.7", "2.6"), ("2.7.1", "2.6.1")])
def test_a_drafts_number_leads_readers_to_the_node_they_saw_at_that_number(drafts, reader, number, now):
    assert (drafts.branch.number, drafts.under.number) == ("2.7", "2.7.1")
    response = reader.get(f"/r/{number}/")
    assert response["Location"] == Node.objects.get(number=now).get_absolute_url()
    assert MARK not in reader.get(response["Location"]).content.decode()


def test_every_public_address_is_walked_with_drafts():
    permalink = {"recommendations:permalink"}  # a number: the test above
    assert set(public_patterns()) == set(DRAFT_TARGETS) | set(LISTS) | ABOUT_NO_CONTENT | permalink


@pytest.mark.parametrize("name", sorted(DRAFT_TARGETS))
def test_a_draft_is_not_found_at_any_address(name, drafts, reader):
    for url in DRAFT_TARGETS[name](drafts):
        assert (url, reader.get(url).status_code) == (url, 404)


@pytest.mark.parametrize("name", sorted(LISTS))
def test_no_list_shows_a_draft(name, drafts, reader):
    response = reader.get(LISTS[name])
    assert response.status_code == 200
    assert MARK not in response.content.decode()


def test_navigation_shows_no_draft(drafts, reader):
    response = reader.get(Node.objects.get(number="1.1").get_absolute_url())
    assert response.status_code == 200
    assert MARK not in response.content.decode()


def test_no_post_is_taken_on_a_draft(drafts, reader, client):
    published = Node.objects.get(number="2.5.1")
    hidden = hidden_fields(client, f"/feedback/node/{published.pk}/")
    assert reader.post(f"/feedback/node/{drafts.under.pk}/", {**hidden, "rating": "5"}).status_code == 404

    data = comment_form_data(client, published)
    data.update(object_pk=str(drafts.under.pk))
    assert reader.post("/comments/post/", data).status_code == 404
    data.update(content_type="examples.example", object_pk=str(drafts.example.pk))
    assert reader.post("/comments/post/", data).status_code == 404

    hidden = hidden_fields(client, f"{published.get_absolute_url()}suggest/")
    suggestion = {
        **hidden,
        "kind": "edit",
        "text": "New text.",
        "reason": "Why.",
        "name": "Sam",
        "email": "s@example.org",
    }
    assert reader.post(f"{drafts.under.get_absolute_url()}suggest/", suggestion).status_code == 404

    interest = {**hidden_fields(client, "/cohorts/interest/2.7.2/"), "name": "Ana", "email": "a@example.org"}
    assert reader.post(f"/cohorts/interest/{drafts.under.number}/", interest).status_code == 404

    assert reader.post(f"{drafts.cohort.get_absolute_url()}join/", {}).status_code == 404
    assert (Feedback.objects.count(), Suggestion.objects.count(), Interest.objects.count()) == (0, 0, 0)
    assert XtdComment.objects.filter(comment__contains="Our library").count() == 0


def test_editors_see_drafts(drafts, editor_client):
    for url in [
        drafts.branch.get_absolute_url(),
        drafts.under.get_absolute_url(),
        f"/pages/{drafts.page.slug}/",
        drafts.example.get_absolute_url(),
        drafts.tool.get_absolute_url(),
        drafts.cohort.get_absolute_url(),
    ]:
        assert (url, editor_client.get(url).status_code) == (url, 200)
    html = editor_client.get(Node.objects.get(number="1.1").get_absolute_url()).content.decode()
    assert f"{MARK} branch" in html


def test_a_published_node_under_a_draft_is_not_found_by_search_until_the_draft_is_published(drafts, client):
    assert "under a draft" not in client.get(f"/search/?q={MARK.lower()}").content.decode()
    drafts.branch.status = Status.PUBLISHED
    save_node(node=drafts.branch)
    html = client.get(f"/search/?q={MARK.lower()}").content.decode()
    assert f'<span class="number">2.6.1</span> {MARK} under a draft</a>' in html
