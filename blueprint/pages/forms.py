from django import forms
from django.utils.translation import gettext_lazy as _

from blueprint.common.forms import normalise_email
from blueprint.common.protection import ProtectedModelForm
from blueprint.pages.models import Feedback, Rating, Signer


class FeedbackForm(ProtectedModelForm):
    min_seconds = 0  # one click on a rating; the rate limit guards it

    rating = forms.TypedChoiceField(
        label=_("Was this helpful?"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you would like to add?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 500 characters. Please leave out names and contact details."),
    )

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]


class SignerForm(ProtectedModelForm):
    class Meta:
        model = Signer
        fields = ["name", "organisation", "title", "sector", "place", "kind", "show_publicly", "email"]
        labels = {
            "name": _("Your name"),
            "organisation": _("Organization"),
            "title": _("Your title or role"),
            "sector": _("Sector"),
            "place": _("Place"),
            "kind": _("You are signing"),
            "show_publicly": _("Show my name on the public list of signers"),
            "email": _("Your e-mail address"),
        }
        help_texts = {
            "place": _("City, state or country."),
            "email": _("Never shown. We send you a link to confirm, and a link to withdraw later."),
        }
        widgets = {"kind": forms.RadioSelect}

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == Signer.Kind.ORGANISATION and not cleaned.get("organisation"):
            self.add_error("organisation", _("Name the organization you sign for."))
        return cleaned

    def validate_unique(self):
        # One signature per address is kept by the database; saying so here would reveal who signed.
        pass
