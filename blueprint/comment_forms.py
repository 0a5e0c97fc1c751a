from django import forms
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from blueprint.forms import normalise_email
from blueprint.protection import ProtectedForm


class CommentForm(XtdCommentForm):
    """django-comments-xtd's form without the website field, in the site's words."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["url"]
        self.fields["name"].label = _("Your name")
        self.fields["name"].help_text = _("Shown with your comment.")
        self.fields["email"].label = _("Your e-mail address")
        self.fields["email"].help_text = _(
            "Never shown. We send you a link to confirm your comment; it counts only after that."
        )
        self.fields["comment"].label = _("Your comment")
        self.fields["comment"].help_text = _("Plain text; links become clickable.")
        self.fields["comment"].widget.attrs.pop("placeholder", None)
        self.fields["followup"].label = _("E-mail me when someone replies (you can stop any time).")
        self.fields["honeypot"].label = _("Leave this empty")
        self.fields["honeypot"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        for name in ("name", "email", "comment"):
            self.fields[name].widget.attrs.pop("class", None)
            self.fields[name].widget.attrs.pop("placeholder", None)

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def get_comment_create_data(self, site_id=None):
        self.cleaned_data.setdefault("url", "")
        return super().get_comment_create_data(site_id=site_id)


class FlagForm(ProtectedForm):
    """Reporting a comment takes one click: the rate limit, not a minimum time, guards it."""

    min_seconds = 0
