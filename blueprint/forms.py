from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

from blueprint.models import Feedback, Rating
from blueprint.protection import ProtectedModelForm


class SiteFormRenderer(TemplatesSetting):
    """Every form renders each field through templates/includes/field.html."""

    field_template_name = "includes/field.html"
    form_template_name = "includes/form.html"


class FeedbackForm(ProtectedModelForm):
    min_seconds = 0  # one click on a rating; the rate limit guards it

    rating = forms.TypedChoiceField(
        label=_("Was this helpful?"),
        choices=Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you would like to add? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Up to 500 characters. Please leave out names and contact details."),
    )

    class Meta:
        model = Feedback
        fields = ["rating", "comment"]


def normalise_email(address):
    """One spelling per address, so the same person is recognised however they typed it."""
    return address.strip().lower()
