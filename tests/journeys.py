"""Helpers for tests that go through the site's public forms as a reader would."""

import re

from django.core import mail

from recommendations.models import Node


def squeezed(html):
    """HTML as a reader gets it, whatever the templates' indentation: no blanks between tags, and
    each run of blanks elsewhere one space."""
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html))


def hidden_fields(client, url, *, button=None):
    """The hidden fields of the form on `url` (its CSRF token, the protection's start token); of
    the form with the button whose value is `button` on a page with several."""
    html = client.get(url).content.decode()
    if button is not None:
        html = next(
            form for form in html.split("<form")[1:] if f'value="{button}"' in form.split("</form>")[0]
        )
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))


def comment_form_data(client, node, reply_to=None, **overrides):
    url = f"/comments/new/node/{node.pk}/" + (f"?reply_to={reply_to}" if reply_to else "")
    html = client.get(url).content.decode()
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', html))
    data = {
        **hidden,
        "name": "Rosa Parks",
        "email": "Rosa@Example.org",
        "comment": "Our library lends meeting rooms for free: https://example.org/rooms",
        "website": "",
        "followup": "on",
    }
    return {**data, **overrides}


def post_and_confirm(client, node, **overrides):
    """Post a comment, open the link in its confirmation e-mail and press "Publish my comment"."""
    response = client.post("/comments/post/", comment_form_data(client, node, **overrides))
    assert response.status_code == 302, response.content.decode()[:500]
    sent = client.get(response["Location"])
    assert "Check your e-mail" in sent.content.decode()
    link = re.search(r"http://127\.0\.0\.1:8000(/comments/confirm/[^/\s]+/)", mail.outbox[-1].body).group(1)
    return client.post(link, {**hidden_fields(client, link), "action": "publish"})


def submission_data(**overrides):
    node = Node.objects.get(number="4.4.1")
    data = {
        "title": "A county smooths the benefits cliff",
        "what_happened": "Families kept child care while earning more.",
        "organisation": "Example County",
        "place": "Ramsey County, Minnesota",
        "link": "https://example.org/story",
        "nodes": [str(node.pk)],
        "name": "Ana Ruiz",
        "email": "  Ana.Ruiz@Example.ORG ",
        "consent_contact": "on",
        "consent_credit": "on",
        "website": "",
    }
    return {**data, **overrides}


def suggest_url(node):
    return f"{node.get_absolute_url()}suggest/"


def post_suggestion(client, node, **overrides):
    form = client.get(suggest_url(node)).content.decode()
    base = re.search(r'name="base_revision_id" value="(\d+)"', form).group(1)
    data = {
        "kind": "edit",
        "title": "",
        "text": "People need places to meet, indoors and out.",
        "reason": "The page has no text yet.",
        "name": "Sam Lee",
        "email": "sam@example.org",
        "base_revision_id": base,
        "website": "",
    }
    return client.post(suggest_url(node), {**data, **overrides})


def admin_form_data(client, url, **changes):
    """What an editor's browser sends from the admin change form at `url` when they change
    `changes` and press a button (one of `changes`, such as `_publish="Publish"`): every field
    as the form shows it, with the version it was opened at."""
    response = client.get(url)
    assert response.status_code == 200, url
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or hasattr(value, "storage"):
            continue  # (a file is not sent again: the one saved stays)
        data[name] = "on" if value is True else value
    for inline in response.context.get("inline_admin_formsets", []):
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return {**data, **changes}
