from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from blueprint.forms import normalise_email
from blueprint.protection import EXPIRED, ProtectedForm, Refusal


class CommentForm(XtdCommentForm, ProtectedForm):
    """django-comments-xtd's form in the site's words, protected like every public form: the
    site's honeypot and minimum time instead of the library's, and its own link field left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["url"]
        del self.fields["honeypot"]
        self.fields["name"].label = _("Your name")
        self.fields["name"].help_text = _("Shown with your comment.")
        self.fields["email"].label = _("Your e-mail address")
        self.fields["email"].help_text = _(
            "Never shown. We send you a link to confirm your comment; it counts only after that."
        )
        self.fields["comment"].label = _("Your comment")
        self.fields["comment"].help_text = _("Plain text; links become clickable.")
        self.fields["followup"].label = _("E-mail me when someone replies (you can stop any time).")
        for name in ("name", "email", "comment"):
            self.fields[name].widget.attrs.pop("class", None)
            self.fields[name].widget.attrs.pop("placeholder", None)

    def protection_refusal(self):
        refusal = super().protection_refusal()
        if refusal is None and self.security_errors():
            # The library's signed timestamp: usually a form left open for hours.
            return Refusal(str(EXPIRED), 400)
        return refusal

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def get_comment_create_data(self, site_id=None):
        self.cleaned_data.setdefault("url", "")
        return super().get_comment_create_data(site_id=site_id)


class FlagForm(ProtectedForm):
    """Reporting a comment takes one click: the rate limit, not a minimum time, guards it."""

    min_seconds = 0
