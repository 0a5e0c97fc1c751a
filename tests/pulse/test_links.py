"""Links nobody loses: a result and a facilitator's page show their own address to copy, e-mail it
on request (once a day per address, the address forgotten when sent), and a chain of retakes can
be walked both ways."""

import pytest
from django.core import mail

from blueprint.common.models import OutgoingEmail
from tests.factories import GroupCheckFactory
from tests.journeys import hidden_fields, squeezed
from tests.pulse.data import answered_check


def ask_for_the_link(client, page, email):
    url = f"{page}email-link/"
    return client.post(url, {**hidden_fields(client, url), "email": email}, follow=True)


@pytest.mark.parametrize("kind", ["result", "facilitator"])
def test_a_private_page_e_mails_its_own_address_once_and_keeps_no_address(client, blueprint, kind):
    page = answered_check().get_absolute_url() if kind == "result" else GroupCheckFactory().get_absolute_url()
    html = squeezed(client.get(page).content.decode())
    assert (
        f'<input id="own-link" class="share-link" type="text" readonly value="http://testserver{page}">'
        in html
    )
    assert f'<a href="{page}email-link/">E-mail me this link</a>' in html

    done = ask_for_the_link(client, page, "Lee@Example.org")

    assert "The link is on its way to that address. We did not keep the address." in done.content.decode()
    assert done.redirect_chain[-1][0] == page  # said on the page it leads to…
    assert "on its way" not in client.get("/admin/login/").content.decode()  # …and never again later
    assert [(m.to, f"http://testserver{page}" in m.body) for m in mail.outbox] == [
        (["lee@example.org"], True)
    ]
    assert [e for e in OutgoingEmail.objects.all() if "lee@example.org" in e.to] == []  # forgotten once sent

    again = ask_for_the_link(client, page, "lee@example.org")
    assert "This link already went to that address today" in again.content.decode()
    assert len(mail.outbox) == 1


def test_a_bad_address_is_said_next_to_the_field_with_what_was_typed_kept(client, blueprint):
    page = answered_check().get_absolute_url()
    url = f"{page}email-link/"
    response = client.post(url, {**hidden_fields(client, url), "email": "lee at example"})
    html = squeezed(response.content.decode())
    assert "Enter a valid email address." in html
    assert 'value="lee at example"' in html
    assert mail.outbox == []


def test_a_chain_of_checks_is_walked_both_ways(client, blueprint):
    first = answered_check()
    second = answered_check(previous=first, shift=1)
    assert f'<a href="{first.get_absolute_url()}" rel="prev">The check before this one</a>' in squeezed(
        client.get(second.get_absolute_url()).content.decode()
    )
    earlier = squeezed(client.get(first.get_absolute_url()).content.decode())
    assert f'Retaken since: <a href="{second.get_absolute_url()}">' in earlier
