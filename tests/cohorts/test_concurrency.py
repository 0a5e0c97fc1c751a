"""The same sign-up sent many times at once: exactly one row, and no error page."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.db import connection
from django.test import Client

from blueprint.gitbook.services import load_blueprint
from blueprint.pages.models import Signer
from cohorts.models import Cohort, SignUp
from recommendations.models import Node


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
    cohort = Cohort.objects.create(
        node=Node.objects.get(number="2.7.2"),
        name="C",
        slug="c",
        description="d",
        commitment="c",
        status="open",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 2, 1),
        meeting_rhythm="m",
        meeting_format="v",
        capacity=5,
        facilitator_name="F",
        facilitator_email="f@example.org",
    )
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
