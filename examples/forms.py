from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from blueprint.common.forms import normalise_email
from blueprint.common.protection import ProtectedModelForm
from examples.models import ExampleSubmission
from recommendations.forms import NodeChoiceField
from recommendations.models import Node


class ExampleSubmissionForm(ProtectedModelForm):
    nodes = NodeChoiceField(
        label=_("Which recommendations does it illustrate?"),
        queryset=Node.objects.public().in_navigation_order(),
        help_text=_("Choose one or more. Open a principle to see its recommendations."),
    )
    consent_contact = forms.BooleanField(
        label=_("You may e-mail me about this example."),
        help_text=_("We need this to tell you what the editors decide."),
        error_messages={
            "required": _(
                "Tick this box so that we may e-mail you what the editors decide; without it we cannot take the example."
            )
        },
    )
    consent_credit = forms.BooleanField(
        label=_("You may show my name with the example when it is published."),
        required=False,
    )

    class Meta:
        model = ExampleSubmission
        fields = [
            "title",
            "what_happened",
            "organisation",
            "place",
            "link",
            "nodes",
            "name",
            "email",
            "consent_contact",
            "consent_credit",
        ]
        labels = {
            "title": _("Title"),
            "what_happened": _("What happened, and what changed?"),
            "organisation": _("Organization"),
            "place": _("Place"),
            "link": _("A link where we can read more"),
            "name": _("Your name"),
            "email": _("Your e-mail address"),
        }
        help_texts = {
            "place": _("City, state or country."),
            "what_happened": _("Up to 5,000 characters. Plain text."),
            "email": _("Only the editors see it. We send you a private link to follow your example."),
        }
        widgets = {"what_happened": forms.Textarea(attrs={"rows": 8})}

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class SubmissionChangesForm(ExampleSubmissionForm):
    """The submitter's own changes, after an editor asked for them."""

    class Meta(ExampleSubmissionForm.Meta):
        fields = ["title", "what_happened", "organisation", "place", "link", "nodes", "consent_credit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["consent_contact"]


class EditorDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the submitter"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AttachmentFilter(forms.Form):
    """The filters of /examples/ and /tools/: a principle, and a place (examples) or a kind (tools).
    Each defaults to "all"; a value the list does not offer is ignored, never an error page."""

    q = forms.CharField(
        label=_("Words in the title"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    principle = forms.TypedChoiceField(label=_("Principle"), required=False, coerce=int, empty_value=None)

    def __init__(self, data, *, principles, places=None, kinds=None):
        super().__init__(data)
        everything = [("", _("All principles"))]
        self.fields["principle"].choices = everything + [
            (p.pk, f"{p.number} {p.local_title}") for p in principles
        ]
        if places is not None:
            self.fields["place"] = forms.ChoiceField(
                label=_("Place"), required=False, choices=[("", _("All places"))] + [(p, p) for p in places]
            )
        if kinds is not None:
            self.fields["kind"] = forms.ChoiceField(
                label=_("Kind"), required=False, choices=[("", _("All kinds")), *kinds]
            )

    def canonical_query(self):
        """{name: value} of the filters as the list applies them: an invalid one is left out."""
        self.is_valid()
        found = {
            name: self.cleaned_data.get(name) or "" if name not in self.errors else "" for name in self.fields
        }
        return {**found, "q": " ".join(found["q"].split())}

    def filtered(self, items, principles):
        """`items` narrowed to what the valid filters choose."""
        self.is_valid()
        chosen = {p.pk: p for p in principles}.get(self.cleaned_data.get("principle"))
        if chosen is not None:
            items = items.filter(nodes__tree_id=chosen.tree_id).distinct()
        if self.cleaned_data.get("place"):
            items = items.filter(place=self.cleaned_data["place"])
        if self.cleaned_data.get("kind"):
            items = items.filter(kind=self.cleaned_data["kind"])
        for word in (self.cleaned_data.get("q") or "").split():
            items = items.filter(Q(title__icontains=word) | Q(title_es__icontains=word))
        return items
