from datetime import datetime, timezone

import pytest
from django.template import engines
from django.test import override_settings
from django.utils import translation

FILTERS = engines["django"].from_string(
    """<time datetime="{{ moment|date:'c' }}">{{ moment|date:"DATE_FORMAT" }}</time>"""
)
DAY_ELEMENT = engines["django"].from_string("{% load blueprint_tags %}{{ moment|day_element }}")


@pytest.mark.parametrize(
    ("language", "time_zone", "expected"),
    [
        ("en", "UTC", '<time datetime="2026-03-04T23:30:00+00:00">March 4, 2026</time>'),
        ("es", "UTC", '<time datetime="2026-03-04T23:30:00+00:00">4 de marzo de 2026</time>'),
        # The day is the site's time zone's: in Tokyo it is already the next morning.
        ("en", "America/Bogota", '<time datetime="2026-03-04T18:30:00-05:00">March 4, 2026</time>'),
        ("en", "Asia/Tokyo", '<time datetime="2026-03-05T08:30:00+09:00">March 5, 2026</time>'),
    ],
)
def test_day_element_shows_what_djangos_date_filters_show(language, time_zone, expected):
    moment = datetime(2026, 3, 4, 23, 30, tzinfo=timezone.utc)
    with override_settings(TIME_ZONE=time_zone), translation.override(language):
        assert DAY_ELEMENT.render({"moment": moment}) == FILTERS.render({"moment": moment}) == expected
