"""The same sign-up sent many times at once: exactly one row, and no error page."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from blueprint.gitbook.services import load_blueprint
from blueprint.pages.models import Signer
from cohorts.models import SignUp
from tests.factories import CohortFactory


def send_many(url, data, times=12):
    def post(_):
        try:
            return Client().post(url, data).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=6) as pool:
        return list(pool.map(post, range(times)))


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_sign_ups_leave_exactly_one_row(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signup": "1000/h"}
    load_blueprint()
    cohort = CohortFactory(name="C", slug="c", capacity=5)
    data = {
        "name": "Ana",
        "email": "ana@example.org",
        "organisation": "O",
        "role": "R",
        "sector": "other",
        "state_or_country": "Texas",
        "city": "Austin",
        "hope_to_change": "H",
    }
    statuses = send_many(f"/cohorts/{cohort.slug}/join/", data)
    assert statuses == [302] * 12  # each to "check your e-mail"; none a 500
    assert SignUp.objects.filter(email="ana@example.org").count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_duplicate_signatures_leave_exactly_one_row(settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "signature": "1000/h"}
    data = {"name": "S", "sector": "other", "place": "P", "kind": "individual", "email": "s@example.org"}
    statuses = send_many("/sign/", data)
    assert statuses == [302] * 12
    assert Signer.objects.filter(email="s@example.org").count() == 1
