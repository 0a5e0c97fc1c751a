"""Each language has its own addresses (i18n_patterns): English unprefixed, as every old link is,
and Spanish under /es/. A page links to itself in the other language, and says so to search
engines (hreflang)."""

from functools import lru_cache

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.text import capfirst


def language_of(path):
    """The language an address is in: its prefix, else the site's default (English)."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def in_language(address, code):
    """`address` (a path, with its query) in language `code`; the start page where it names no
    page of the site."""
    with translation.override(language_of(address.split("?")[0])):
        translated = translate_url(address, code)
    if translated == address and code != language_of(address.split("?")[0]):
        with translation.override(code):
            return reverse("recommendations:start")
    return translated


def language_versions(request):
    """Context processor: `language_versions`, [(code, name, address)] of the page in each language."""
    here = getattr(request, "shared_address", None) or request.get_full_path()
    return {
        "language_versions": [
            (code, capfirst(translation.get_language_info(code)["name_local"]), in_language(here, code))
            for code, _name in settings.LANGUAGES
        ],
    }


class LanguageMiddleware(LocaleMiddleware):
    """Readers' pages are in their address's language. The editors' admin, which has one address
    in every language, speaks the editor's browser's language."""

    def process_request(self, request):
        super().process_request(request)
        if request.path_info.startswith(editors_prefix()):
            translation.activate(translation.get_language_from_request(request))
            request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        response = super().process_response(request, response)
        translation.activate(settings.LANGUAGE_CODE)  # (rendered: the thread keeps no language)
        return response


@lru_cache(maxsize=1)
def editors_prefix():
    return reverse("admin:index")
