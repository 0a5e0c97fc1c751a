"""/signers/ at a community's size: those who signed publicly a page at a time, and a search by
name or organization."""

import re

from blueprint.common.cache import mark_all_stale
from blueprint.pages.models import Signer
from cohorts.models import Sector


def names(html):
    return re.findall(r"<li><strong>([^<]+)</strong>", html)


def signed(count):
    Signer.objects.bulk_create(
        Signer(
            name=f"Signer {n:04}",
            organisation="Ramsey County" if n % 10 == 0 else "",
            email=f"signer{n}@example.org",
            sector=Sector.GOVERNMENT,
            place="Saint Paul, Minnesota",
            status=Signer.Status.CONFIRMED,
            show_publicly=True,
        )
        for n in range(count)
    )
    mark_all_stale()  # bulk writes pass by the signals


def test_signers_are_listed_fifty_a_page_and_found_by_name_or_organization(
    client, blueprint, django_assert_num_queries
):
    signed(120)
    client.get("/")
    with django_assert_num_queries(6):  # the version, two counts by, the total, the page: its count and rows
        html = client.get("/signers/").content.decode()
    assert "120 signers in all." in html
    assert names(html) == [f"Signer {n:04}" for n in range(50)]
    assert '<a href="/signers/?page=3">3</a>' in html
    assert names(client.get("/signers/?page=3").content.decode()) == [
        f"Signer {n:04}" for n in range(100, 120)
    ]
    assert client.get("/signers/?page=1")["Location"] == "/signers/"
    assert client.get("/signers/?page=99")["Location"] == "/signers/?page=3"
    found = client.get("/signers/?q=ramsey").content.decode()
    assert "12 found." in found
    assert names(found) == [f"Signer {n:04}" for n in range(0, 120, 10)]
    assert names(client.get("/signers/?q=Signer+0042").content.decode()) == ["Signer 0042"]
    nobody = client.get("/signers/?q=%3Cscript%3E").content.decode()
    assert "Nobody who signed publicly matches." in nobody
    assert 'value="&lt;script&gt;"' in nobody
