from unittest import mock

import pytest
from django.template import Context, Engine, Template, base
from django.test import override_settings
from django.utils import translation

from blueprint import translate_tag

# Django's own library under another name, to compare with.
DJANGO = Engine(libraries={"django_i18n": "django.templatetags.i18n"})


def render(source, language, **context):
    with translation.override(language):
        return Template(source).render(Context(context))


def render_with_django(source, language, **context):
    with translation.override(language):
        return DJANGO.from_string(source.replace("load i18n", "load django_i18n")).render(Context(context))


def test_a_quoted_text_is_translated_once_per_language():
    translate_tag._translated.clear()
    source = '{% load i18n %}{% translate "Skip to content" %}|{% trans "Search" %}'
    with mock.patch.object(base, "gettext_lazy", wraps=base.gettext_lazy) as lookups:
        pages = [render(source, language) for language in ("en", "es", "en", "es")]

    assert pages == ["Skip to content|Search", "Saltar al contenido|Buscar"] * 2
    assert lookups.call_count == 4  # two texts in two languages


@pytest.mark.parametrize(
    "source",
    [
        '{% load i18n %}{% translate "Skip to content" %}',
        '{% load i18n %}{% translate "Search" as label %}[{{ label }}]',
        '{% load i18n %}{% translate text %}',
        '{% load i18n %}{% translate "Search"|upper %}',
        '{% load i18n %}{% translate "May" context "month name" %}',
        '{% load i18n %}{% translate "Search" noop %}',
        '{% load i18n %}{% blocktranslate count n=2 %}{{ n }} seat left{% plural %}{{ n }} seats left{% endblocktranslate %}',
        '{% load i18n %}{% get_current_language as lang %}{{ lang }} {{ "es"|language_name_local }}',
    ],
)
@pytest.mark.parametrize("language", ["en", "es"])
def test_every_form_of_the_i18n_tags_renders_as_djangos(source, language):
    translate_tag._translated.clear()
    for _ in range(2):  # the remembered copy too
        assert render(source, language, text="Search") == render_with_django(source, language, text="Search")


def test_what_it_remembered_is_forgotten_when_the_translations_change():
    render('{% load i18n %}{% translate "Search" %}', "es")
    assert translate_tag._translated != {}

    with override_settings(LOCALE_PATHS=[]):
        assert translate_tag._translated == {}
