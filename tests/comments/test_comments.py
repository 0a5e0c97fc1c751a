import re
from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from django_comments_xtd import signed
from django_comments_xtd.models import XtdComment

from blueprint.comments import services
from blueprint.comments.models import CommentHiding
from blueprint.common.models import OutgoingEmail
from examples.models import ExampleSubmission
from recommendations.models import Node, Suggestion
from tests.factories import CommentFactory, ExampleSubmissionFactory, SuggestionFactory, UserFactory
from tests.journeys import comment_form_data, post_and_confirm, squeezed, submission_data


@pytest.fixture
def node(blueprint):
    return Node.objects.get(number="1.3.2")


def test_comment_counts_only_after_confirmation(client, node):
    client.post("/comments/post/", comment_form_data(client, node))
    assert XtdComment.objects.count() == 0
    assert mail.outbox[-1].to == ["rosa@example.org"]
    assert mail.outbox[-1].subject == "Please confirm your comment on the Wellbeing Blueprint"
    assert mail.outbox[-1].body.startswith("Hello Rosa Parks,\n")
    html = client.get(node.get_absolute_url()).content.decode()
    assert "No comments yet." in html


def test_opening_the_confirmation_link_shows_the_comment_and_publishes_nothing(client, node):
    """What a mail scanner does: follow every link in the e-mail, several times."""
    client.post("/comments/post/", comment_form_data(client, node, comment="<b>Our</b> library."))
    link = re.search(r"http://127\.0\.0\.1:8000(/comments/confirm/[^/\s]+/)", mail.outbox[-1].body).group(1)
    for _ in range(3):
        html = Client().get(link).content.decode()
        assert "<h1>Publish your comment</h1>" in html
        assert '<div class="comment-body"><p>&lt;b&gt;Our&lt;/b&gt; library.</p></div>' in html
        assert '<button type="submit" name="action" value="publish">Publish my comment</button>' in html
    assert XtdComment.objects.count() == 0
    assert "No comments yet." in client.get(node.get_absolute_url()).content.decode()


def test_confirmed_comment_is_published_with_clickable_link(client, node):
    response = post_and_confirm(client, node)
    comment = XtdComment.objects.get()
    html = response.content.decode()
    assert "<h1>Your comment is published</h1>" in html
    link = f"/comments/{comment.pk}/"
    assert f'<a href="{link}">See your comment on its page</a>' in html
    assert client.get(link)["Location"] == f"{node.get_absolute_url()}#c{comment.pk}"
    page = client.get(link, follow=True).content.decode()
    assert (
        '<div class="comment-body"><p>Our library lends meeting rooms for free: '
        '<a href="https://example.org/rooms" rel="nofollow">https://example.org/rooms</a></p></div>'
    ) in page


def test_held_comments_wait_for_an_editor(client, node, settings, editor):
    settings.COMMENTS_HOLD_FOR_MODERATION = True
    response = post_and_confirm(client, node)
    assert "An editor will read it before it appears on the page." in response.content.decode()
    assert "No comments yet." in client.get(node.get_absolute_url()).content.decode()
    moderator = Client()
    moderator.force_login(editor)
    queue = moderator.get("/admin/moderation/").content.decode()
    comment = XtdComment.objects.get()
    assert "Held comments: 1 · Flagged comments: 0 · Example submissions: 0 · Suggested edits: 0" in queue
    assert f'value="comment:{comment.pk}"' in queue
    moderator.post("/admin/moderation/", {"action": "publish", "item": [f"comment:{comment.pk}"]})
    assert "Our library lends meeting rooms" in client.get(node.get_absolute_url()).content.decode()


def test_reply_notifies_followers_who_can_unsubscribe_in_one_click(client, node):
    post_and_confirm(client, node)
    first = XtdComment.objects.get()
    mail.outbox.clear()
    other = Client()
    post_and_confirm(
        other, node, reply_to=first.pk, name="Bo", email="bo@example.org", comment="Same here.", followup=""
    )
    reply = XtdComment.objects.get(user_email="bo@example.org")
    assert (reply.parent_id, reply.level) == (first.pk, 1)
    notice = mail.outbox[-1]
    assert (notice.to, notice.subject) == (
        ["rosa@example.org"],
        "A new comment on “1.3.2 Make informal community assets visible.”",
    )
    mute = re.search(r"http://127\.0\.0\.1:8000(/comments/mute/[^/\s]+/)", notice.body).group(1)
    assert "You will get no more e-mails about replies" in client.get(mute).content.decode()
    first.refresh_from_db()
    assert first.followup is False


def test_replies_are_one_level_deep(client, node):
    post_and_confirm(client, node)
    first = XtdComment.objects.get()
    post_and_confirm(client, node, reply_to=first.pk, comment="A reply.")
    reply = XtdComment.objects.get(level=1)
    html = client.get(node.get_absolute_url()).content.decode()
    assert f'href="/comments/new/node/{node.pk}/?reply_to={first.pk}"' in html
    assert f'?reply_to={reply.pk}"' not in html


def test_reader_flags_a_comment_without_an_account(client, node, editor):
    post_and_confirm(client, node)
    comment = XtdComment.objects.get()
    reader = Client()
    assert "Report this comment" in reader.get(f"/comments/{comment.pk}/flag/").content.decode()
    page = reader.get(f"/comments/{comment.pk}/flag/").content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    response = reader.post(f"/comments/{comment.pk}/flag/", {"started": started, "website": ""}, follow=True)
    assert "Thank you for reporting" in response.content.decode()
    moderator = Client()
    moderator.force_login(editor)
    assert "Held comments: 0 · Flagged comments: 1" in moderator.get("/admin/").content.decode()


def report(comment, reason):
    reader = Client()
    page = reader.get(f"/comments/{comment.pk}/flag/").content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    reader.post(f"/comments/{comment.pk}/flag/", {"started": started, "website": "", "reason": reason})


@pytest.fixture
def reported(client, node, editor):
    """A published comment two readers reported, and an editor at the queue."""
    post_and_confirm(client, node)
    comment = XtdComment.objects.get()
    report(comment, "It names <b>my neighbour</b>.")
    report(comment, "")
    moderator = Client()
    moderator.force_login(editor)
    return comment, moderator


def test_reporting_a_comment_already_reported_says_so_and_still_takes_the_reason(reported, client):
    comment, _moderator = reported
    html = client.get(f"/comments/{comment.pk}/flag/").content.decode()
    assert "This comment is already reported: an editor will look at it." in html
    report(comment, "Also spam.")
    assert list(comment.reports.values_list("reason", flat=True)) == [
        "It names <b>my neighbour</b>.",
        "",
        "Also spam.",
    ]


def test_every_comment_form_says_its_length_limit_before_sending(client, node):
    form = client.get(f"/comments/new/node/{node.pk}/").content.decode()
    assert "Plain text, up to 3,000 characters; links become clickable." in form
    flag = client.get(f"/comments/{CommentFactory(target=node).pk}/flag/").content.decode()
    assert "Up to 1,000 characters. Only editors read this." in flag
    assert "already reported" not in flag


def test_a_reported_comment_opens_a_moderation_view_with_what_readers_said(reported, node):
    comment, moderator = reported
    queue = moderator.get("/admin/moderation/").content.decode()
    assert f'href="/admin/django_comments_xtd/xtdcomment/{comment.pk}/moderate/"' in queue
    html = moderator.get(f"/admin/django_comments_xtd/xtdcomment/{comment.pk}/moderate/").content.decode()
    assert "Our library lends meeting rooms for free" in html
    assert f'<a href="{node.get_absolute_url()}">{node}</a>' in html
    assert ": It names &lt;b&gt;my neighbour&lt;/b&gt;.</li>" in html
    assert ": (no reason given)</li>" in html
    assert 'name="content_type"' not in html
    assert "IP address" not in html
    raw = moderator.get(f"/admin/django_comments_xtd/xtdcomment/{comment.pk}/change/")
    assert raw["Location"] == f"/admin/django_comments_xtd/xtdcomment/{comment.pk}/moderate/"


def test_dismissing_the_reports_keeps_the_comment_and_empties_the_queue(reported, client, node):
    comment, moderator = reported
    moderator.post(f"/admin/django_comments_xtd/xtdcomment/{comment.pk}/moderate/", {"action": "dismiss"})
    comment.refresh_from_db()
    assert (comment.is_public, comment.flags.count(), comment.reports.count()) == (True, 0, 0)
    assert "Held comments: 0 · Flagged comments: 0" in moderator.get("/admin/moderation/").content.decode()


def test_hiding_from_the_moderation_view_needs_a_reason_and_can_be_undone(reported, client, node):
    comment, moderator = reported
    url = f"/admin/django_comments_xtd/xtdcomment/{comment.pk}/moderate/"
    refused = moderator.post(url, {"action": "hide", "reason": ""}).content.decode()
    assert "Hiding a comment needs a reason: it is sent to its author." in refused
    moderator.post(url, {"action": "hide", "reason": "Names a private person."})
    comment.refresh_from_db()
    assert (comment.is_public, comment.hiding.reason) == (False, "Names a private person.")
    moderator.post(url, {"action": "restore"})
    comment.refresh_from_db()
    assert comment.is_public is True
    assert "Our library lends meeting rooms" in client.get(node.get_absolute_url()).content.decode()


def test_editor_hides_a_comment_and_the_author_is_told_why(client, node, editor):
    post_and_confirm(client, node)
    comment = XtdComment.objects.get()
    mail.outbox.clear()
    moderator = Client()
    moderator.force_login(editor)
    moderator.post(
        "/admin/moderation/",
        {"action": "hide", "item": [f"comment:{comment.pk}"], "note": "Personal attack."},
    )
    comment.refresh_from_db()
    assert (comment.is_public, CommentHiding.objects.get().reason) == (False, "Personal attack.")
    assert "Our library lends meeting rooms" not in client.get(node.get_absolute_url()).content.decode()
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["rosa@example.org"], "Your comment on the Wellbeing Blueprint was hidden")
    ]
    assert "Personal attack." in mail.outbox[0].body
    # Hidden by an editor is not "held": the queue is empty again.
    assert "Held comments: 0 · Flagged comments: 0" in moderator.get("/admin/moderation/").content.decode()


def test_hiding_needs_a_reason(client, node, editor):
    post_and_confirm(client, node)
    comment = XtdComment.objects.get()
    moderator = Client()
    moderator.force_login(editor)
    response = moderator.post(
        "/admin/moderation/", {"action": "hide", "item": [f"comment:{comment.pk}"]}, follow=True
    )
    assert "Hiding comments needs a reason: it is sent to their authors." in response.content.decode()
    comment.refresh_from_db()
    assert comment.is_public is True


def test_staff_without_the_permission_cannot_moderate(client, db):

    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/moderation/").status_code == 403
    assert "moderation-counts" not in client.get("/admin/").content.decode()


def test_invalid_comment_keeps_what_was_typed(client, node):
    data = comment_form_data(client, node, email="not-an-address")
    response = client.post("/comments/post/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<ul class="errors" id="id_email_error"><li>Enter a valid email address.</li></ul>' in html
    assert ">\nOur library lends meeting rooms for free: https://example.org/rooms</textarea>" in html


def test_back_to_the_page_on_the_comment_form_leads_to_the_page_before_and_after_an_error(client, node):
    link = f'<a href="{node.get_absolute_url()}">Back to the page</a>'
    assert link in client.get(f"/comments/new/node/{node.pk}/").content.decode()
    with_error = client.post("/comments/post/", comment_form_data(client, node, email="not-an-address"))
    assert link in with_error.content.decode()
    security_hash_changed = client.post("/comments/post/", comment_form_data(client, node, security_hash="x"))
    assert link in security_hash_changed.content.decode()
    assert "<p>On “1.3.2 Make informal community assets visible.” · <a" in with_error.content.decode()


def test_expired_comment_form_keeps_what_was_typed(client, node):
    data = comment_form_data(client, node, timestamp="1000000000")
    response = client.post("/comments/post/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "This form was open for a long time" in html
    assert ">\nOur library lends meeting rooms for free: https://example.org/rooms</textarea>" in html


@pytest.mark.usefixtures("without_page_cache")
@pytest.mark.parametrize("count", [0, 5, 50])
def test_node_page_query_count_does_not_grow_with_comments(client, node, count, django_assert_num_queries):
    for n in range(count):
        CommentFactory(target=node, user_name=f"R{n}", user_email=f"r{n}@example.org", comment=f"Comment {n}")
    client.get(node.get_absolute_url())
    # The content version, the node, its former numbers, its examples, tools, cohorts, who is
    # working on it, and its comments with their count.
    with django_assert_num_queries(8):
        html = client.get(node.get_absolute_url()).content.decode()
    assert html.count('<li class="comment level-0"') == min(count, 10)


def many_comments_on(node, count):
    """`count` threads on `node`, each started by a comment with one reply."""
    start = XtdComment.objects.filter(level=0).count()
    for n in range(start, start + count):
        first = CommentFactory(target=node, user_name=f"Reader {n:04}", comment=f"Thread {n:04}.")
        reply = CommentFactory(target=node, user_name=f"Replier {n:04}", comment=f"Reply to thread {n:04}.")
        # As the library threads a reply (its save asks the database three more questions).
        XtdComment.objects.filter(pk=reply.pk).update(
            parent_id=first.pk, thread_id=first.pk, level=1, order=2
        )


def threads_shown(html):
    """The threads a page shows, in its order, each as (first comment, its replies)."""
    shown = []
    for level, text in re.findall(
        r'<li class="comment level-(\d)".*?<div class="comment-body"><p>([^<]+)</p>', html, re.S
    ):
        if level == "0":
            shown.append((text, []))
        else:
            shown[-1][1].append(text)
    return shown


@pytest.mark.usefixtures("without_page_cache")
def test_a_page_with_many_comments_costs_what_one_screen_shows(client, node, django_assert_num_queries):
    """At 30 and at 300 conversations: the node's page shows the newest ten with their replies and
    the same queries; the whole discussion is reachable a page at a time, in either order, and a
    link to any comment finds the page that shows it."""
    ContentType.objects.get_for_model(Node)  # kept for the process, as on a server that is up
    seen = {}
    for count in (30, 300):
        many_comments_on(node, count - XtdComment.objects.filter(level=0).count())
        client.get(node.get_absolute_url())
        with django_assert_num_queries(8) as node_page:
            html = client.get(node.get_absolute_url()).content.decode()
        newest = count - 1
        assert threads_shown(html)[0] == (f"Thread {newest:04}.", [f"Reply to thread {newest:04}."])
        assert [first for first, _ in threads_shown(html)] == [
            f"Thread {n:04}." for n in range(newest, newest - 10, -1)
        ]
        address = f"/comments/on/node/{node.pk}/"
        assert f'<a href="{address}">The whole discussion: {count} conversations</a>' in html
        with django_assert_num_queries(5) as discussion:
            listing = client.get(address).content.decode()
        assert f"{count} conversations. Showing 1–20." in listing
        assert len(threads_shown(listing)) == 20
        seen[count] = (len(html) // 1000, len(node_page.captured_queries), len(discussion.captured_queries))
    assert seen[30] == seen[300]

    reached = {}
    for order in ("", "oldest"):
        for number in range(1, 16):
            page = client.get(address, {"order": order, "page": number}, follow=True).content.decode()
            for first, replies in threads_shown(page):
                reached.setdefault(order, []).append(first)
                assert replies == [first.replace("Thread", "Reply to thread")]
    assert len(set(reached[""])) == 300
    assert reached["oldest"] == sorted(reached[""]) == [f"Thread {n:04}." for n in range(300)]

    oldest = XtdComment.objects.filter(level=0).order_by("pk").first()
    reply = XtdComment.objects.get(parent_id=oldest.pk, level=1)
    assert client.get(f"/comments/{reply.pk}/")["Location"] == f"{address}?page=15#c{reply.pk}"
    assert f'id="c{reply.pk}"' in client.get(f"{address}?page=15").content.decode()
    newest = XtdComment.objects.filter(level=0).order_by("pk").last()
    assert client.get(f"/comments/{newest.pk}/")["Location"] == f"{node.get_absolute_url()}#c{newest.pk}"


def test_the_discussion_keeps_one_address_per_page(client, node):
    many_comments_on(node, 25)
    address = f"/comments/on/node/{node.pk}/"
    for query, canonical in [
        ("?page=1", address),
        ("?order=newest", address),
        ("?page=9", f"{address}?page=2"),
        ("?order=oldest&page=x", f"{address}?order=oldest"),
    ]:
        response = client.get(address + query)
        assert (response.status_code, response["Location"]) == (301, canonical)
    assert client.get(f"/comments/on/cohort/{node.pk}/").status_code == 404
    assert client.get("/comments/999999/").status_code == 404


def test_comment_list_shows_who_when_and_the_actions_with_nothing_typed_run_as_markup(client, node):

    comment = CommentFactory(
        target=node,
        user_name='<b onmouseover="x()">Ana</b>',
        user_email="ana@example.org",
        comment="<script>alert(1)</script>\n\nSecond paragraph.",
        submit_date=datetime(2026, 3, 4, 23, 30, tzinfo=UTC),
    )
    english = client.get(node.get_absolute_url()).content.decode()
    spanish = client.get(f"/es{node.get_absolute_url()}").content.decode()

    assert (
        f'<ol class="comment-list"><li class="comment level-0" id="c{comment.pk}"><p class="comment-meta">'
        "<strong>&lt;b onmouseover=&quot;x()&quot;&gt;Ana&lt;/b&gt;</strong> · "
        '<time datetime="2026-03-04">March 4, 2026</time></p>'
        '<div class="comment-body"><p>&lt;script&gt;alert(1)&lt;/script&gt;</p><p>Second paragraph.</p></div>'
        f'<p class="comment-actions"><a href="/comments/new/node/{node.pk}/?reply_to={comment.pk}">Reply</a> · '
        f'<a href="/comments/{comment.pk}/flag/">Report</a></p></li></ol>'
    ) in squeezed(english)
    assert '<time datetime="2026-03-04">4 de marzo de 2026</time>' in spanish
    assert (
        f'<a href="/es/comments/new/node/{node.pk}/?reply_to={comment.pk}">Responder</a> · '
        f'<a href="/es/comments/{comment.pk}/flag/">Denunciar</a>' in spanish
    )


class Payload:
    """What an attacker would put in a pickle: unpickling it calls `open(path, "w")`."""

    def __init__(self, path):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.mark.parametrize("link", ["confirm", "mute"])
def test_a_pickle_signed_the_librarys_way_runs_nothing(client, node, link, tmp_path):
    """django-comments-xtd's own keys are HMAC plus pickle: one signed with the site's own key
    and salt must be refused, not unpickled."""

    ran = tmp_path / "ran"
    key = signed.dumps(Payload(str(ran)), compress=True, extra_key=settings.COMMENTS_XTD_SALT).decode()
    response = client.get(f"/comments/{link}/{key}/")
    assert response.status_code == 400
    assert "<h1>This link does not work</h1>" in response.content.decode()
    assert not ran.exists()


def test_a_confirmation_link_that_was_changed_or_lapsed_stores_nothing(client, node, settings):
    client.post("/comments/post/", comment_form_data(client, node))
    link = re.search(r"http://127\.0\.0\.1:8000(/comments/confirm/[^/\s]+/)", mail.outbox[-1].body).group(1)
    changed = client.get(link[:-3] + "x/")
    assert (changed.status_code, heading(changed)) == (400, "This link does not work")
    assert "copy the whole link from the e-mail" in changed.content.decode()
    settings.COMMENT_CONFIRM_DAYS = 0
    lapsed = client.get(link)
    assert (lapsed.status_code, heading(lapsed)) == (400, "This link has expired")
    assert "write your comment again on its page" in lapsed.content.decode()
    assert XtdComment.objects.count() == 0


def heading(response):
    return re.search(r"<h1>(.*?)</h1>", response.content.decode()).group(1)


@pytest.mark.parametrize(
    "address",
    [
        "/sign/{}/",
        "/cohorts/sign-up/{}/",
        "/cohorts/members/{}/",
        "/cohorts/interest/confirm/{}/",
        "/examples/submissions/{}/",
    ],
)
def test_a_private_link_that_names_nothing_says_so_and_what_to_do(client, db, address):
    response = client.get(address.format("q" * 43))
    assert (response.status_code, heading(response)) == (404, "This link does not work")
    assert "copy the whole link from the e-mail into your browser" in response.content.decode()


TYPED = ">\nOur library lends meeting rooms for free: https://example.org/rooms</textarea>"


@pytest.mark.parametrize("next_page", ["https://evil.example/", "//evil.example/", "/admin/", None])
def test_a_comment_sent_with_another_next_page_is_refused_with_the_form_kept(client, node, next_page):
    data = comment_form_data(client, node)
    if next_page is None:
        del data["next"]
    else:
        data["next"] = next_page
    response = client.post("/comments/post/", data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "This form did not come from this site’s comment page. Please send it again." in html
    assert TYPED in html
    assert '<input type="hidden" name="next" value="/comments/sent/">' in html
    assert mail.outbox == []


@pytest.mark.parametrize("reply_to", ["999999", "1" * 23, "²", "-1", "x"])
def test_a_reply_to_no_comment_here_is_refused_with_the_form_kept(client, node, reply_to):
    response = client.post("/comments/post/", {**comment_form_data(client, node), "reply_to": reply_to})
    html = response.content.decode()
    assert response.status_code == 200
    assert "The comment you are replying to is not on this page. Please send yours as a new comment." in html
    assert TYPED in html
    assert mail.outbox == []


def test_a_reply_to_a_comment_on_another_page_is_refused(client, node, comment_factory):
    elsewhere = comment_factory(target=Node.objects.get(number="1.1"))
    response = client.post("/comments/post/", {**comment_form_data(client, node), "reply_to": elsewhere.pk})
    assert "The comment you are replying to is not on this page." in response.content.decode()
    assert mail.outbox == []


def test_a_reply_deeper_than_one_level_is_refused_with_the_form_kept(client, node, comment_factory):
    first = comment_factory(target=node)
    reply = comment_factory(target=node, parent_id=first.pk)
    assert reply.level == 1
    response = client.post("/comments/post/", {**comment_form_data(client, node), "reply_to": reply.pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Replies go one level deep: reply to the first comment of the conversation instead." in html
    assert TYPED in html
    assert mail.outbox == []


def test_the_copy_of_a_confirmation_email_is_deleted_once_sent(client, node):
    client.post("/comments/post/", comment_form_data(client, node))
    assert mail.outbox[-1].subject == "Please confirm your comment on the Wellbeing Blueprint"
    assert OutgoingEmail.objects.count() == 0


def test_an_unsent_confirmation_email_is_deleted_once_its_link_lapses(client, node, mail_server, settings):
    mail_server.down()
    client.post("/comments/post/", comment_form_data(client, node))
    client.post("/examples/submit/", submission_data())
    assert sorted(OutgoingEmail.objects.values_list("subject", "status")) == [
        ("Please confirm your comment on the Wellbeing Blueprint", "failed"),
        ("We received your example “A county smooths the benefits cliff”", "failed"),
    ]
    call_command("run_periodic", stdout=StringIO())
    assert OutgoingEmail.objects.count() == 2  # still within the link's days
    lapsed = timezone.now() - timedelta(days=settings.COMMENT_CONFIRM_DAYS, minutes=1)
    OutgoingEmail.objects.update(created_at=lapsed)
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert "deleted 1 lapsed confirmation e-mail(s);" in out.getvalue()
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == [
        "We received your example “A county smooths the benefits cliff”"
    ]


def test_the_moderation_queue_shows_fifty_at_a_time_oldest_first_across_kinds(
    editor_client, node, django_assert_num_queries
):
    """A queue of 160 held comments, submissions and suggestions: four pages of the same cost,
    oldest first whatever the kind, every item reachable; an action brings the editor back to
    the page they were on."""
    sent = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(40):
        CommentFactory(
            target=node, is_public=False, comment=f"Held {n:03}", submit_date=sent + timedelta(hours=4 * n)
        )
        submission = ExampleSubmissionFactory(title=f"Submission {n:03}")
        suggestion = SuggestionFactory(text=f"Suggestion {n:03}")
        ExampleSubmission.objects.filter(pk=submission.pk).update(
            updated_at=sent + timedelta(hours=4 * n + 1)
        )
        Suggestion.objects.filter(pk=suggestion.pk).update(created_at=sent + timedelta(hours=4 * n + 2))
        CommentFactory(target=node, comment=f"Flagged {n:03}", submit_date=sent + timedelta(hours=4 * n + 3))
    for comment in XtdComment.objects.filter(comment__startswith="Flagged"):
        services.flag_comment(comment=comment, reason="Spam.")
    editor_client.get("/admin/moderation/")

    pages = []
    for number in range(1, 5):
        # The session, the editor, their permissions (2), one page of the queue and its count, the
        # items of each kind on it (comments and their pages, submissions and their nodes,
        # suggestions), and the four counts above the queue.
        with django_assert_num_queries(15):
            html = editor_client.get(
                "/admin/moderation/", {"page": number} if number > 1 else {}
            ).content.decode()
        pages.append(re.findall(r'name="item" value="([a-z]+:\d+)"', html))
    assert [len(page) for page in pages] == [50, 50, 50, 10]
    held = XtdComment.objects.filter(comment__startswith="Held").order_by("pk")
    flagged = XtdComment.objects.filter(comment__startswith="Flagged").order_by("pk")
    submissions = ExampleSubmission.objects.order_by("pk")
    suggestions = Suggestion.objects.order_by("pk")
    assert sum(pages, []) == [
        key
        for four in zip(held, submissions, suggestions, flagged, strict=True)
        for key in [
            f"comment:{four[0].pk}",
            f"submission:{four[1].pk}",
            f"suggestion:{four[2].pk}",
            f"comment:{four[3].pk}",
        ]
    ]
    assert (
        "Showing 51–100 of 160, oldest first."
        in editor_client.get("/admin/moderation/?page=2").content.decode()
    )

    response = editor_client.post("/admin/moderation/?page=3", {"action": "publish", "item": []})
    assert response["Location"] == "/admin/moderation/?page=3"
