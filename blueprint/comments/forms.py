from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.forms import XtdCommentForm

from blueprint.comments.models import comments_for
from blueprint.common.forms import normalise_email, whole_number
from blueprint.common.protection import EXPIRED, ProtectedForm, Refusal

NOT_FROM_HERE = _("This form did not come from this site’s comment page. Please send it again.")
NOT_ON_THIS_PAGE = _(
    "The comment you are replying to is not on this page. Please send yours as a new comment."
)
TOO_DEEP = _("Replies go one level deep: reply to the first comment of the conversation instead.")


class CommentForm(XtdCommentForm, ProtectedForm):
    """django-comments-xtd's form in the site's words, protected like every public form: the
    site's honeypot and minimum time instead of the library's, and its own link field left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["url"]
        del self.fields["honeypot"]
        # Checked in clean(): a comment on this page, at a level that takes replies (0 is none).
        self.fields["reply_to"] = forms.CharField(required=False, initial=0, widget=forms.HiddenInput)
        self.fields["name"].label = _("Your name")
        self.fields["name"].help_text = _("Shown with your comment.")
        self.fields["email"].widget = forms.EmailInput()  # the library's is a text box
        self.fields["email"].label = _("Your e-mail address")
        self.fields["email"].help_text = _(
            "Never shown. We send you a link to confirm your comment; it counts only after that."
        )
        self.fields["comment"].label = _("Your comment")
        self.fields["comment"].help_text = _(
            "Plain text, up to %(limit)s characters; links become clickable."
        ) % {"limit": f"{settings.COMMENT_MAX_LENGTH:,}"}
        self.fields["followup"].label = _("E-mail me when someone replies (you can stop any time).")
        for name in ("name", "email", "comment"):
            self.fields[name].widget.attrs.pop("class", None)
            self.fields[name].widget.attrs.pop("placeholder", None)

    def protection_refusal(self):
        refusal = super().protection_refusal()
        if refusal is None and self.is_bound and self.data.get("next") != reverse("comments-xtd-sent"):
            # The library sends the reader on to `next`: only the site's own page will do.
            return Refusal(str(NOT_FROM_HERE), 400)
        if refusal is None and self.security_errors():
            # The library's signed timestamp: usually a form left open for hours.
            return Refusal(str(EXPIRED), 400)
        return refusal

    def clean(self):
        cleaned_data = super().clean()
        reply_to = cleaned_data.get("reply_to") or "0"
        if reply_to == "0":
            cleaned_data["reply_to"] = 0
            return cleaned_data
        pk = whole_number(reply_to)
        parent = comments_for(self.target_object).filter(pk=pk).first() if pk else None
        if parent is None:
            raise ValidationError(NOT_ON_THIS_PAGE, code="reply_to")
        if parent.level >= settings.COMMENTS_XTD_MAX_THREAD_LEVEL:
            raise ValidationError(TOO_DEEP, code="reply_to")
        cleaned_data["reply_to"] = pk
        return cleaned_data

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def get_comment_create_data(self, site_id=None):
        self.cleaned_data.setdefault("url", "")
        return super().get_comment_create_data(site_id=site_id)


class FlagForm(ProtectedForm):
    """Reporting a comment takes one click: the rate limit, not a minimum time, guards it."""

    min_seconds = 0
    reason = forms.CharField(
        label=_("What is wrong with it?"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 1,000 characters. Only editors read this."),
    )
