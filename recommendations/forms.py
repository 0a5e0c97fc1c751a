from django import forms
from django.utils.translation import gettext_lazy as _

from blueprint.forms import normalise_email
from blueprint.protection import ProtectedModelForm
from recommendations.models import Suggestion


class SuggestionForm(ProtectedModelForm):
    base_revision_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Suggestion
        fields = ["kind", "title", "text", "reason", "name", "email"]
        labels = {
            "kind": _("What would you like to suggest?"),
            "title": _("Title of the new sub-recommendation"),
            "text": _("Text"),
            "reason": _("Why? What is missing or could be better?"),
            "name": _("Your name"),
            "email": _("Your e-mail address"),
        }
        help_texts = {
            "text": _("Markdown. For new text, start from the current text below and change it."),
            "title": _("Only for a new sub-recommendation."),
            "email": _("Only the editors see it. We tell you what they decide."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 12}),
            "reason": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, node, **kwargs):
        self.node = node
        super().__init__(*args, **kwargs)

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == Suggestion.Kind.NEW_CHILD and not cleaned.get("title", "").strip():
            self.add_error("title", _("Give the new sub-recommendation a title."))
        if kind == Suggestion.Kind.EDIT and cleaned.get("text", "") == self.node.body:
            self.add_error("text", _("The text is the same as the current text: change it first."))
        if kind == Suggestion.Kind.NEW_CHILD and self.node.level >= 2:
            self.add_error("kind", _("A sub-recommendation cannot have sub-recommendations."))
        return cleaned

    def save(self, commit=True):
        suggestion = super().save(commit=False)
        suggestion.node = self.node
        base_id = self.cleaned_data.get("base_revision_id")
        base = self.node.history.filter(history_id=base_id).first() if base_id else None
        base = base or self.node.history.first()
        suggestion.base_revision = base
        suggestion.base_text = base.body if base else self.node.body
        if commit:
            suggestion.save()
        return suggestion
