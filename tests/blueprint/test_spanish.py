"""The Spanish interface: complete, chosen by Accept-Language or the switcher, with content fallback."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation

from blueprint.pages.search import search
from recommendations.models import Node

LOCALE = Path(settings.BASE_DIR) / "locale" / "es" / "LC_MESSAGES"
DOMAINS = ["django", "djangojs"]  # templates and Python; our scripts (the admin's jsi18n serves it)


@pytest.mark.once
@pytest.mark.parametrize("domain", DOMAINS)
def test_every_interface_string_has_a_spanish_translation(tmp_path, domain):
    """Extract the strings from the code as it is now: none may be missing, untranslated or fuzzy."""
    for name in ("blueprint", "recommendations", "examples", "cohorts", "templates", "static", "locale"):
        shutil.copytree(
            settings.BASE_DIR / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__")
        )
    shutil.copy(settings.BASE_DIR / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-d", domain, "-l", "es", "--no-location"],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x" * 50, "DJANGO_PLAIN_STATIC": "true"},
    )
    extracted = polib.pofile(str(tmp_path / "locale" / "es" / "LC_MESSAGES" / f"{domain}.po"))
    assert [e.msgid for e in extracted.untranslated_entries()] == []
    assert [e.msgid for e in extracted.fuzzy_entries()] == []
    ours = polib.pofile(str(LOCALE / f"{domain}.po"))
    assert len(extracted.translated_entries()) == len(ours.translated_entries())


@pytest.mark.parametrize("domain", DOMAINS)
def test_compiled_translations_match_the_po_file(domain):
    po = {
        (e.msgid, e.msgctxt): (e.msgstr or e.msgstr_plural.get(0))
        for e in polib.pofile(str(LOCALE / f"{domain}.po"))
        if not e.obsolete
    }
    mo = {
        (e.msgid, e.msgctxt): (e.msgstr or e.msgstr_plural.get(0))
        for e in polib.mofile(str(LOCALE / f"{domain}.mo"))
    }
    mo.pop(("", None), None)
    assert mo == po


def test_spanish_pages_have_their_own_addresses_and_say_where_the_english_is(client, blueprint):
    html = client.get("/es/").content.decode()
    assert '<html lang="es">' in html
    assert '<a class="skip-link" href="#main">Saltar al contenido</a>' in html
    assert '<a class="language" href="/" lang="en" hreflang="en">English</a>' in html
    assert '<link rel="alternate" hreflang="en" href="http://testserver/">' in html
    assert '<link rel="alternate" hreflang="es" href="http://testserver/es/">' in html


def test_an_address_without_a_prefix_is_english_whatever_the_browser_prefers(client, blueprint):
    html = client.get("/", headers={"accept-language": "es"}).content.decode()
    assert '<html lang="en">' in html
    assert '<a class="language" href="/es/" lang="es" hreflang="es">Español</a>' in html


def test_a_spanish_page_links_to_spanish_pages(client, blueprint):
    node = Node.objects.get(number="2.7")
    html = client.get(f"/es{node.get_absolute_url()}").content.decode()
    assert f'<a class="language" href="{node.get_absolute_url()}" lang="en" hreflang="en">English</a>' in html
    child = node.get_children().first()
    assert f'href="/es{child.get_absolute_url()}"' in html
    assert f'href="{child.get_absolute_url()}"' not in html


def test_the_admins_scripts_speak_spanish_to_a_spanish_editor(editor_client):
    script = editor_client.get("/admin/jsi18n/", headers={"accept-language": "es"}).content.decode()
    assert '"Add an image\\u2026": "A\\u00f1adir una imagen\\u2026"' in script


def test_the_old_switcher_links_lead_to_the_same_page_in_the_other_language(client, blueprint):
    node = Node.objects.get(number="2.7")
    response = client.get("/language/es/", {"next": node.get_absolute_url()})
    assert (response.status_code, response["Location"]) == (302, f"/es{node.get_absolute_url()}")
    html = client.get(response["Location"]).content.decode()
    assert '<html lang="es">' in html
    assert "Sugerir una edición" in html
    back = client.get("/language/en/", {"next": f"/es{node.get_absolute_url()}"})
    assert back["Location"] == node.get_absolute_url()


def test_switcher_refuses_to_redirect_elsewhere(client, db):
    response = client.get("/language/es/", {"next": "https://evil.example/"})
    assert response["Location"] == "/es/"  # the start page, in the language asked for


def test_spanish_content_is_shown_where_editors_translated_it(client, blueprint):
    node = Node.objects.get(number="2.7.2")
    node.title_es = "Garantizar servicios profesionales de traducción e interpretación."
    node.body_es = "Con intérpretes acreditados."
    node.save()
    html = client.get(f"/es{node.get_absolute_url()}").content.decode()
    assert (
        '<h1><span class="number">2.7.2</span> Garantizar servicios profesionales de traducción e interpretación.</h1>'
        in html
    )
    assert "<p>Con intérpretes acreditados.</p>" in html
    assert "aún no está traducida" not in html
    assert "2.7.2</span> Garantizar servicios profesionales" in html  # in the navigation too
    assert (
        node.history.first().title_es == "Garantizar servicios profesionales de traducción e interpretación."
    )


def test_untranslated_content_falls_back_to_english_with_a_note(client, blueprint, example_factory):
    example = example_factory(title="Rooms to meet", body="The library opened its rooms.")
    html = client.get(f"/es{example.get_absolute_url()}").content.decode()
    assert "Esta página aún no está traducida al español, así que se muestra en inglés." in html
    assert '<div class="prose" lang="en"><p>The library opened its rooms.</p></div>' in html
    assert "Traducción del equipo del sitio" not in html


def test_a_spanish_page_without_text_shows_one_notice_that_does_not_contradict_itself(client, blueprint):
    node = Node.objects.get(number="3.2.1")
    html = client.get(f"/es{node.get_absolute_url()}").content.decode()
    assert html.count('class="translation-note"') == 1
    assert "todavía no tiene texto" not in html
    assert "no text" not in html


def test_search_finds_spanish_text_for_spanish_readers_only(blueprint):
    node = Node.objects.get(number="4.1")
    node.body_es = "Apoyo económico ante los quebrantos."
    node.save()
    with translation.override("es"):
        assert [r.number for r in search("quebrantos").results] == ["4.1"]
    with translation.override("en"):
        assert search("quebrantos").results == []
