"""The site's template engine finds the same tag libraries as Django's, minus the unused ones."""

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
    assert {name for name in libraries if libraries[name] != expected[name]} == set()


def test_every_site_template_compiles_without_the_unused_libraries():
    folder = Path(settings.BASE_DIR) / "templates"
    names = sorted(str(path.relative_to(folder)) for path in folder.rglob("*.html"))

    compiled = [get_template(name).template.name for name in names]

    assert compiled == names
    assert len(names) > 60
