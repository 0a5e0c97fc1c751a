from django.template import engines
from django.urls import set_script_prefix
from django.utils import translation


def test_a_constant_part_is_rendered_once_per_language_and_never_holds_the_context(db):
    template = engines["django"].from_string(
        "{% load i18n blueprint_tags %}{% constant %}<a href=\"{% url 'blueprint:start' %}\">"
        "{% translate 'Search' %}</a>[{{ secret }}]{% endconstant %}|{{ secret }}"
    )
    constant = template.template.nodelist[1]

    with translation.override("en"):
        first = template.render({"secret": "visitor-one-token"})
        second = template.render({"secret": "visitor-two-token"})
    with translation.override("es"):
        spanish = template.render({"secret": "visitor-three-token"})

    assert first == '<a href="/">Search</a>[]|visitor-one-token'
    assert second == '<a href="/">Search</a>[]|visitor-two-token'
    assert spanish == '<a href="/">Buscar</a>[]|visitor-three-token'
    assert len(constant.rendered) == 2  # English and Spanish, each rendered once


def test_a_constant_part_never_holds_the_request(rf, db):
    template = engines["django"].from_string(
        "{% load blueprint_tags %}{% constant %}[{{ request.path }}{{ user }}]{% endconstant %}{{ request.path }}"
    )
    assert template.render({}, rf.get("/a-private-address/")) == "[]/a-private-address/"


def test_a_constant_part_follows_the_script_prefix(db):
    template = engines["django"].from_string(
        "{% load blueprint_tags %}{% constant %}{% url 'blueprint:start' %}{% endconstant %}"
    )
    try:
        set_script_prefix("/blueprint/")
        under_prefix = template.render({})
    finally:
        set_script_prefix("/")
    assert (under_prefix, template.render({})) == ("/blueprint/", "/")


def test_every_page_shows_the_site_links_of_the_readers_language(client, blueprint):
    english = client.get("/").content.decode()
    spanish = client.get("/", headers={"accept-language": "es"}).content.decode()
    assert '<a class="header-action" href="/examples/submit/">Submit an example</a>' in english
    assert 'href="/privacy/">Privacy</a>' in english
    assert 'href="/privacy/">Privacidad</a>' in spanish
