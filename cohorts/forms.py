from django import forms
from django.utils.translation import gettext_lazy as _

from blueprint.common.forms import normalise_email
from blueprint.common.protection import ProtectedForm, ProtectedModelForm
from cohorts.models import Cohort, SignUp
from recommendations.models import Node


class SignUpForm(ProtectedModelForm):
    class Meta:
        model = SignUp
        fields = [
            "name",
            "email",
            "organisation",
            "role",
            "sector",
            "state_or_country",
            "city",
            "hope_to_change",
            "listed_to_members",
            "sector_shown_publicly",
            "place_shown_publicly",
        ]
        labels = {
            "name": _("Your name"),
            "email": _("Your e-mail address"),
            "organisation": _("Organization"),
            "role": _("Your role"),
            "sector": _("Sector"),
            "state_or_country": _("US state, or country"),
            "city": _("City"),
            "hope_to_change": _("What do you hope to change?"),
            "listed_to_members": _("Show my name, organization and place to the other members"),
            "sector_shown_publicly": _("Count my sector in the cohort’s public mix of members"),
            "place_shown_publicly": _("Count my US state or country in the cohort’s public mix of members"),
        }
        help_texts = {
            "email": _("We send you a link to confirm. Only the organizers see your address."),
            "hope_to_change": _("Up to 3,000 characters."),
        }
        widgets = {"hope_to_change": forms.Textarea(attrs={"rows": 5})}

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def validate_unique(self):
        # The database keeps one sign-up per address; saying so here would reveal who signed up.
        pass


class InterestForm(ProtectedForm):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a link to confirm, and write when a cohort opens on this."),
    )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class LocalNodeChoiceField(forms.ModelChoiceField):
    """A node by its number and its title in the reader's language."""

    def label_from_instance(self, node):
        return f"{node.number} {node.local_title}"


class CohortFilterForm(forms.Form):
    principle = LocalNodeChoiceField(
        label=_("Principle"),
        queryset=Node.objects.public().principles().order_by("tree_id"),
        required=False,
        to_field_name="number",
        empty_label=_("All principles"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Cohort.Status.choices], required=False
    )
    scope = forms.ChoiceField(
        label=_("Scope"), choices=[("", _("National or regional")), *Cohort.Scope.choices], required=False
    )

    def is_filtering(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)

    def filter(self, cohorts):
        if not self.is_valid():
            return cohorts
        principle = self.cleaned_data["principle"]
        if principle:
            cohorts = cohorts.filter(node__tree_id=principle.tree_id)
        if self.cleaned_data["status"]:
            cohorts = cohorts.filter(status=self.cleaned_data["status"])
        if self.cleaned_data["scope"]:
            cohorts = cohorts.filter(scope=self.cleaned_data["scope"])
        return cohorts


class InterestChoiceForm(forms.Form):
    """ "Tell me when one starts": the recommendation, then the interest form of that recommendation."""

    number = LocalNodeChoiceField(
        label=_("The recommendation you would work on"),
        queryset=Node.objects.public().taking_cohorts().in_navigation_order(),
        to_field_name="number",
        empty_label=_("Choose a recommendation"),
        error_messages={"required": _("Choose the recommendation you would work on.")},
    )
