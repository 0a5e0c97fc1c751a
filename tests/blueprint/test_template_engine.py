"""The site's template engine finds the same tag libraries as Django's, minus the unused ones,
with the site's own `i18n`."""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.template.backends.django import get_installed_libraries
from django.template.loader import get_template

from blueprint.template_engine import UNUSED_LIBRARIES


def test_engine_has_every_installed_library_except_the_unused_ones():
    libraries = engines["django"].engine.libraries
    expected = {name: path for name, path in get_installed_libraries().items() if path not in UNUSED_LIBRARIES}

    assert set(libraries) == set(expected)
    assert set(get_installed_libraries()) - set(libraries) == {"comments_xtd"}
    assert {name: libraries[name] for name in libraries if libraries[name] != expected[name]} == {
        "i18n": "blueprint.translate_tag"
    }


def test_the_engines_check_accepts_the_replaced_i18n_and_still_checks_the_rest(settings):
    assert engines["django"].check() == []

    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {
        **settings.TEMPLATES[0]["OPTIONS"], "string_if_invalid": None,
    }}]
    assert [(message.id, message.msg) for message in engines["django"].check()] == [
        ("templates.E002", "'string_if_invalid' in TEMPLATES OPTIONS must be a string but got: None (<class 'NoneType'>)."),
    ]


def test_every_site_template_compiles_without_the_unused_libraries():
    folder = Path(settings.BASE_DIR) / "templates"
    names = sorted(str(path.relative_to(folder)) for path in folder.rglob("*.html"))

    compiled = [get_template(name).template.name for name in names]

    assert compiled == names
    assert len(names) > 60
