from unittest import mock

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch

from blueprint import url_tag
from recommendations.models import Node


def render(source, **context):
    return Template(source).render(Context(context))


def test_the_url_tag_gives_what_django_reverse_gives_and_reverses_each_address_once(db):
    url_tag.remembered_reverse.cache_clear()
    source = "{% url 'recommendations:permalink' number %} {% url 'blueprint:start' %}"
    with mock.patch.object(url_tag, "reverse", wraps=url_tag.reverse) as reverse:
        first = render(source, number="2.7.2")
        second = render(source, number="2.7.2")
        third = render(source, number="1.1")

    assert first == second == "/r/2.7.2/ /"
    assert third == "/r/1.1/ /"
    assert reverse.call_count == 3  # permalink 2.7.2, start, permalink 1.1


def test_the_url_tag_stores_with_as_and_fails_like_djangos(db):
    assert render("{% url 'blueprint:start' as home %}[{{ home }}]") == "[/]"
    assert render("{% url 'no-such-view' as missing %}[{{ missing }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-view' %}")
    with pytest.raises(NoReverseMatch):
        render("{% url 'recommendations:permalink' 'not a number' %}")


class Number:
    def __init__(self, text):
        self.text = text

    def __str__(self):
        return self.text


def test_arguments_that_are_not_plain_values_are_reversed_every_time(db):
    source = "{% url 'recommendations:permalink' number %}"
    with mock.patch("django.urls.reverse", wraps=url_tag.reverse) as django_reverse:
        first = render(source, number=Number("2.7.2"))
        second = render(source, number=Number("2.7.3"))

    assert (first, second) == ("/r/2.7.2/", "/r/2.7.3/")
    assert django_reverse.call_count == 2
