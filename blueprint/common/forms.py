"""What every form shares: one way to render fields, one spelling of e-mail addresses, one way
to read a whole number from a request, one canonical address for a page's parameters."""

import re
import unicodedata
from urllib.parse import urlencode

from django.forms.renderers import TemplatesSetting
from django.http import HttpResponsePermanentRedirect

from blueprint.common.protection import ProtectedForm


class SiteFormRenderer(TemplatesSetting):
    """Every form renders each field through templates/includes/field.html."""

    field_template_name = "includes/field.html"
    form_template_name = "includes/form.html"


def normalise_email(address):
    """One spelling per address, so the same person is recognized however they typed it."""
    return address.strip().lower()


# At most nine ASCII digits: "²" is a digit to `str.isdigit()` (and `int("²")` raises), and a
# longer number may not fit a database's integer. The `id` path converter matches the same.
WHOLE_NUMBER = r"[0-9]{1,9}"


def whole_number(value):
    """The one reading of a whole number from a URL or query string ("3"), else None."""
    if isinstance(value, str) and re.fullmatch(WHOLE_NUMBER, value):
        return int(value)
    return None


def without_control_characters(text):
    """`text` without control or format characters (line breaks, NUL, bidirectional overrides):
    for a one-line value that goes into an e-mail's subject."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Cc", "Cf")).strip()


def canonical_redirect(request, query):
    """A permanent redirect to this address with `query` ({name: value}, in order; empty values
    left out) as the values of those parameters, when the request gave others: `?page=01`,
    `?q=a%20%20b`, a filter the page does not offer. None when the address is already the one.
    Other parameters are dropped from the new address: the page does not read them."""
    wanted = [(name, str(value)) for name, value in query.items() if value not in (None, "")]
    given = [(name, value) for name in query for value in request.GET.getlist(name)]
    if given == wanted:
        return None
    return HttpResponsePermanentRedirect(f"{request.path}?{urlencode(wanted)}" if wanted else request.path)


class ConfirmForm(ProtectedForm):
    """A button on a personal page: one click, so the rate limit guards it, not a minimum time."""

    min_seconds = 0
