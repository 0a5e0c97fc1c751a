import re

from django.core import mail

from blueprint.pages.models import Signer
from tests.journeys import hidden_fields


def sign(client, **overrides):
    data = {
        "name": "Sandy Example",
        "organisation": "Urban Group",
        "title": "Fellow",
        "sector": "research",
        "place": "Washington, DC",
        "kind": "individual",
        "show_publicly": "on",
        "email": "Sandy@Example.org",
        "website": "",
        **overrides,
    }
    return client.post("/sign/", data)


def confirm(client, email):
    message = [m for m in mail.outbox if m.to == [email]][-1]
    link = re.search(r"http://127\.0\.0\.1:8000(/sign/[^/\s]+/)", message.body).group(1)
    page = client.get(link).content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    client.post(link, {"action": "confirm", "started": started})
    return link, started


def test_signature_counts_after_confirmation_and_shows_on_signers(client, blueprint):
    assert "Check your e-mail" in client.get(sign(client)["Location"]).content.decode()
    assert Signer.objects.get().status == "unconfirmed"
    assert "Sandy Example" not in client.get("/signers/").content.decode()
    confirm(client, "sandy@example.org")
    html = client.get("/signers/").content.decode()
    assert "<strong>Sandy Example</strong>, Fellow, Urban Group" in html
    assert "1 signer in all." in html


def test_signers_page_counts_by_sector_and_kind_and_hides_those_who_asked(client, blueprint):
    sign(client, email="a@example.org", name="Shown A")
    sign(
        client,
        email="b@example.org",
        name="Hidden B",
        show_publicly="",
        sector="community",
        kind="organisation",
        organisation="Org B",
    )
    sign(client, email="c@example.org", name="Shown C", sector="community")
    for email in ("a@example.org", "b@example.org", "c@example.org"):
        confirm(client, email)
    html = client.get("/signers/").content.decode()
    assert re.findall(r"<div><dt>([^<]+)</dt><dd>(\d+)</dd></div>", html) == [
        ("Community organization or leader", "2"),
        ("Research", "1"),
        ("As an individual", "2"),
        ("For an organization", "1"),
    ]
    assert "Hidden B" not in html
    assert "Shown A" in html
    assert "3 signers in all." in html


def test_start_page_shows_the_current_total_beside_the_blueprints_earlier_signers(client, blueprint):
    html = client.get("/").content.decode()
    assert "0 people and organizations have signed on through this site." in html
    # The count About gives, from its source, and not as signatures on this site.
    assert (
        'Before this site, the Blueprint had more than 65 signers (<a href="/about/">About the Blueprint</a>'
        in html
    )
    assert "more than 65 signers" in client.get("/about/").content.decode()
    sign(client)
    confirm(client, "sandy@example.org")
    assert "1 person or organization has signed on through this site." in client.get("/").content.decode()


def test_signer_withdraws_with_their_link(client, blueprint):
    sign(client)
    link, _ = confirm(client, "sandy@example.org")
    client.post(link, {**hidden_fields(client, link), "action": "withdraw"})
    assert Signer.objects.get().status == "withdrawn"
    assert "Sandy Example" not in client.get("/signers/").content.decode()


def test_signing_again_reveals_nothing(client, blueprint):
    first = sign(client).content.decode()
    confirm(client, "sandy@example.org")
    second = sign(client, name="Impostor").content.decode()

    def strip(html):
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)

    assert strip(first) == strip(second)
    assert list(Signer.objects.values_list("name", flat=True)) == ["Sandy Example"]


def test_organisation_signature_needs_the_organisation(client, blueprint):
    response = sign(client, kind="organisation", organisation="")
    assert (
        '<ul class="errors" id="id_organisation_error"><li>Name the organization you sign for.</li></ul>'
        in response.content.decode()
    )
