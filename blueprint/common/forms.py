"""What every form shares: one way to render fields, one spelling of e-mail addresses, one way
to read a whole number from a request."""

import re

from django.forms.renderers import TemplatesSetting

from blueprint.common.protection import ProtectedForm


class SiteFormRenderer(TemplatesSetting):
    """Every form renders each field through templates/includes/field.html."""

    field_template_name = "includes/field.html"
    form_template_name = "includes/form.html"


def normalise_email(address):
    """One spelling per address, so the same person is recognised however they typed it."""
    return address.strip().lower()


# At most nine ASCII digits: "²" is a digit to `str.isdigit()` (and `int("²")` raises), and a
# longer number may not fit a database's integer. The `id` path converter matches the same.
WHOLE_NUMBER = r"[0-9]{1,9}"


def whole_number(value):
    """The one reading of a whole number from a URL or query string ("3"), else None."""
    if isinstance(value, str) and re.fullmatch(WHOLE_NUMBER, value):
        return int(value)
    return None


class ConfirmForm(ProtectedForm):
    """A button on a personal page: one click, so the rate limit guards it, not a minimum time."""

    min_seconds = 0
