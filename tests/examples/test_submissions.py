import html as html_module
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from blueprint.common.models import OutgoingEmail
from examples.models import Example, ExampleSubmission
from recommendations.models import Node
from tests.factories import ExampleSubmissionFactory
from tests.journeys import squeezed, submission_data


@pytest.fixture
def editor_with_email(editor):
    editor.email = "editor@example.org"
    editor.save()
    return editor


def test_submit_form_is_prefilled_with_the_page_it_was_opened_from(client, blueprint):
    node = Node.objects.get(number="2.7.1")
    html = client.get("/examples/submit/", {"node": "2.7.1"}).content.decode()
    assert re.search(
        rf'<input type="checkbox" name="nodes" value="{node.pk}" id="id_nodes_\d+" checked> '
        r"2.7.1 Improve access to and use of tech to reduce barriers.</label>",
        html,
    )
    # The tree folded by principle, the one holding the chosen node open: no 94-item list.
    assert re.findall(r"<details( open)?>\s*<summary>(\d) ", html) == [
        ("", "1"),
        (" open", "2"),
        ("", "3"),
        ("", "4"),
        ("", "5"),
        ("", "6"),
    ]
    assert '<select name="nodes"' not in html
    assert 'href="/privacy/"' in html


def test_node_page_and_header_link_to_submit_an_example(client, blueprint):
    html = client.get("/r/2.7.1/", follow=True).content.decode()
    assert '<a href="/examples/submit/?node=2.7.1">Submit an example</a>' in html
    assert '<a class="header-action" href="/examples/submit/">Submit an example</a>' in html


def test_submission_is_saved_pending_with_status_link_and_emails(client, blueprint, editor_with_email):
    response = client.post("/examples/submit/", submission_data())
    submission = ExampleSubmission.objects.get()
    assert (response.status_code, response["Location"]) == (302, f"/examples/submitted/{submission.token}/")
    assert (submission.status, submission.email, submission.place) == (
        "pending",
        "ana.ruiz@example.org",
        "Ramsey County, Minnesota",
    )
    html = client.get(response["Location"]).content.decode()
    assert f"http://testserver/examples/submissions/{submission.token}/" in html
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ana.ruiz@example.org"], "We received your example “A county smooths the benefits cliff”"),
        (["editor@example.org"], "New example submission: A county smooths the benefits cliff"),
    ]
    assert f"/examples/submissions/{submission.token}/" in mail.outbox[0].body
    # The editors' notice (their addresses) is forgotten once sent.
    assert list(OutgoingEmail.objects.values_list("subject", "status")) == [
        ("We received your example “A county smooths the benefits cliff”", "sent")
    ]


def test_accepted_submission_is_published_on_its_nodes(client, blueprint, editor_with_email):
    client.post("/examples/submit/", submission_data())
    submission = ExampleSubmission.objects.get()
    mail.outbox.clear()
    editor_client = Client()
    editor_client.force_login(editor_with_email)
    url = f"/admin/examples/examplesubmission/{submission.pk}/decide/"
    form = editor_client.get(url, {"decision": "accept"})
    assert 'value="A county smooths the benefits cliff"' in form.content.decode()
    response = editor_client.post(
        url,
        {
            "decision": "accept",
            "title": "Ramsey County keeps child care",
            "status": "published",
            "body": "Edited text.",
            "organisation": "Example County",
            "place": "Ramsey County, Minnesota",
            "source_name": "Sent in by Ana Ruiz",
            "source_url": "https://example.org/story",
            "nodes": [Node.objects.get(number="4.4.1").pk],
            "note": "Thank you!",
        },
    )
    assert response.status_code == 302
    example = Example.objects.get(slug="ramsey-county-keeps-child-care")
    assert (example.is_published, example.body, list(example.nodes.values_list("number", flat=True))) == (
        True,
        "Edited text.",
        ["4.4.1"],
    )
    html = client.get("/r/4.4.1/", follow=True).content.decode()
    assert '<a href="/examples/ramsey-county-keeps-child-care/">Ramsey County keeps child care</a>' in html
    assert [m.subject for m in mail.outbox] == [
        "Your example “A county smooths the benefits cliff”: Accepted and published"
    ]
    assert "Thank you!" in mail.outbox[0].body
    status = client.get(submission.get_absolute_url()).content.decode()
    assert "Accepted and published" in status
    assert "/examples/ramsey-county-keeps-child-care/" in status


def test_an_accepted_submission_may_wait_as_a_draft_and_its_submitter_hears_when_it_is_published(
    client, blueprint, editor_with_email
):
    client.post("/examples/submit/", submission_data())
    submission = ExampleSubmission.objects.get()
    mail.outbox.clear()
    editor_client = Client()
    editor_client.force_login(editor_with_email)
    url = f"/admin/examples/examplesubmission/{submission.pk}/decide/"
    response = editor_client.post(
        url,
        {
            "decision": "accept",
            "title": "Ramsey County keeps child care",
            "status": "draft",
            "body": "Edited text.",
            "title_es": "El condado de Ramsey mantiene el cuidado infantil",
            "body_es": "Texto editado.",
            "place": "Ramsey County, Minnesota",
            "nodes": [Node.objects.get(number="4.4.1").pk],
        },
    )
    example = Example.objects.get(slug="ramsey-county-keeps-child-care")
    assert response["Location"] == f"/admin/examples/example/{example.pk}/change/"
    assert (example.status, example.title_es, example.body_es) == (
        "draft",
        "El condado de Ramsey mantiene el cuidado infantil",
        "Texto editado.",
    )
    assert client.get("/examples/ramsey-county-keeps-child-care/").status_code == 404
    assert [m.subject for m in mail.outbox] == [
        "Your example “A county smooths the benefits cliff”: Accepted, to be published soon"
    ]
    assert "/examples/ramsey-county-keeps-child-care/" not in mail.outbox[0].body
    status = client.get(submission.get_absolute_url()).content.decode()
    assert "Accepted, to be published soon" in status
    assert "See it published" not in status

    form = editor_client.get(f"/admin/examples/example/{example.pk}/change/").context["adminform"].form
    data = {**form.initial, "nodes": [node.pk for node in form.initial["nodes"]], "_publish": "Publish"}
    data = {key: value for key, value in data.items() if value is not None}
    editor_client.post(f"/admin/examples/example/{example.pk}/change/", data)

    example.refresh_from_db()
    assert example.status == "published"
    assert (
        mail.outbox[-1].subject
        == "Your example “A county smooths the benefits cliff”: Accepted and published"
    )
    assert "/examples/ramsey-county-keeps-child-care/" in mail.outbox[-1].body


def test_the_accept_form_is_the_admins_own_with_a_preview_spanish_fields_and_the_tree_to_pick_from(
    client, blueprint, editor_with_email
):
    client.post("/examples/submit/", submission_data())
    submission = ExampleSubmission.objects.get()
    editor_client = Client()
    editor_client.force_login(editor_with_email)

    html = editor_client.get(
        f"/admin/examples/examplesubmission/{submission.pk}/decide/", {"decision": "accept"}
    ).content.decode()

    assert html.count('class="markdownx"') == 2  # the text and its Spanish, each with a live preview
    assert '<h2 id="fieldset-0-1-heading" class="fieldset-heading">In Spanish</h2>' in html
    assert 'type="radio" name="status" value="draft"' in html
    assert html.count("<details") == 6  # one folded section per principle
    assert html.count('type="checkbox" name="nodes"') == Node.objects.count()
    assert "<select" not in html.split('name="nodes"')[0].rsplit("<fieldset", 1)[-1]
    assert "/static/js/node_picker.js" in html


def test_declined_submission_shows_note_on_status_link(client, blueprint, editor_with_email):
    client.post("/examples/submit/", submission_data())
    submission = ExampleSubmission.objects.get()
    editor_client = Client()
    editor_client.force_login(editor_with_email)
    editor_client.post(
        f"/admin/examples/examplesubmission/{submission.pk}/decide/",
        {"decision": "decline", "note": "This is outside the Blueprint's scope."},
    )
    submission.refresh_from_db()
    assert submission.status == "declined"
    html = client.get(submission.get_absolute_url()).content.decode()
    assert "Declined" in html
    assert "This is outside the Blueprint&#x27;s scope." in html
    assert Example.objects.filter(title=submission.title).count() == 0
    assert mail.outbox[-1].subject == "Your example “A county smooths the benefits cliff”: Declined"


def test_submitter_makes_requested_changes_through_status_link(client, blueprint, editor_with_email):
    client.post("/examples/submit/", submission_data())
    submission = ExampleSubmission.objects.get()
    editor_client = Client()
    editor_client.force_login(editor_with_email)
    editor_client.post(
        f"/admin/examples/examplesubmission/{submission.pk}/decide/",
        {"decision": "changes", "note": "Please add what changed for families."},
    )
    page = client.get(submission.get_absolute_url()).content.decode()
    assert "Please add what changed for families." in page
    data = submission_data(what_happened="Families kept child care; 40 families earned more.")
    response = client.post(submission.get_absolute_url(), data)
    assert response.status_code == 302
    submission.refresh_from_db()
    assert (submission.status, submission.what_happened) == (
        "pending",
        "Families kept child care; 40 families earned more.",
    )


def test_invalid_submission_keeps_everything_typed_and_marks_each_error(client, blueprint):
    data = submission_data(title="", link="not a link", email="nobody", consent_contact="")
    response = client.post("/examples/submit/", data)
    html = response.content.decode()
    assert response.status_code == 200
    assert re.findall(r'<ul class="errors" id="(id_\w+)_error">', html) == [
        "id_title",
        "id_link",
        "id_email",
        "id_consent_contact",
    ]
    assert "Enter a valid URL." in html
    assert "Enter a valid email address." in html
    assert ">\nFamilies kept child care while earning more.</textarea>" in html
    assert 'value="Ramsey County, Minnesota"' in html
    assert ExampleSubmission.objects.count() == 0


def test_too_long_text_is_refused_with_a_clear_message(client, blueprint):
    response = client.post("/examples/submit/", submission_data(what_happened="x" * 5001))
    assert "Ensure this value has at most 5000 characters (it has 5001)." in response.content.decode()


def test_mail_failure_keeps_the_submission_and_run_periodic_retries(client, blueprint, mail_server):
    mail_server.down()
    response = client.post("/examples/submit/", submission_data())
    assert response.status_code == 302
    assert ExampleSubmission.objects.count() == 1
    assert list(OutgoingEmail.objects.values_list("status", "attempts", "last_error")) == [
        ("failed", 1, "ConnectionRefusedError: the mail server is down")
    ]
    mail_server.up()
    out = StringIO()
    call_command("run_periodic", stdout=out)
    assert out.getvalue() == (
        "Retried 1 e-mail(s); expired 0 unconfirmed sign-up(s); lapsed 0 seat offer(s); "
        "offered 0 free seat(s); pruned 0 rate-limit counter(s); deleted 0 lapsed confirmation e-mail(s); "
        "deleted 0 abandoned Pulse Check(s); sent 0 Pulse Check reminder(s); deleted 0 unconfirmed "
        "“I'm working on this” entry(ies) and 0 message(s) sent through the site.\n"
    )
    assert list(OutgoingEmail.objects.values_list("status", "attempts")) == [("sent", 2)]
    assert [m.to for m in mail.outbox] == [["ana.ruiz@example.org"]]


def test_a_submission_reads_in_editors_words_and_offers_decisions_not_save_buttons(editor_client, blueprint):
    submission = ExampleSubmissionFactory(name="Kim Lee", email="kim@example.org", consent_contact=True)
    html = squeezed(
        editor_client.get(f"/admin/examples/examplesubmission/{submission.pk}/change/").content.decode()
    )
    labels = [html_module.unescape(label) for label in re.findall(r"<label>([^<]+):</label>", html)]
    assert labels[:9] == [
        "Title",
        "What happened, in the submitter's words",
        "Organization",
        "Place",
        "Link",
        "Recommendations it illustrates",
        "Submitter",
        "Submitter's e-mail address",
        "We may contact them",
    ]
    assert "Your name" not in html
    assert re.findall(r'name="_(save|continue|addanother)"', html) == []
    assert "Accept and publish…" in html
