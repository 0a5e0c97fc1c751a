from django import forms
from django.utils.translation import gettext_lazy as _

from blueprint.common.forms import normalise_email
from blueprint.common.protection import ProtectedModelForm
from recommendations.models import Suggestion


class NodeTreePicker(forms.CheckboxSelectMultiple):
    """The tree as checkboxes, one folded section per principle (open where something is
    chosen), so a keyboard passes six headings, not 94 boxes, and nobody Ctrl-clicks a list.
    With JavaScript, a search box above it finds a node by number or title.

    Its choices are nodes in the tree's order labeled "1.2 Title"; each principle starts a section."""

    template_name = "recommendations/widgets/node_picker.html"

    class Media:
        js = ["js/node_picker.js"]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        groups = []  # [principle's label, its options (itself first), whether one is chosen]
        for _group, options, _index in context["widget"]["optgroups"]:
            for option in options:
                option["depth"] = str(option["label"]).split(" ", 1)[0].count(".")
                if option["depth"] == 0 or not groups:
                    groups.append([option["label"], [], False])
                groups[-1][1].append(option)
                groups[-1][2] = groups[-1][2] or option["selected"]
        context["widget"]["groups"] = groups
        return context


class NodeChoiceField(forms.ModelMultipleChoiceField):
    widget = NodeTreePicker

    def label_from_instance(self, node):
        return f"{node.number} {node.local_title}"


# What readers may type, in their words (the box takes Markdown; most readers do not know the word).
FORMATTING = _("For bold, put **two stars** around words; for a list, start lines with “- ”.")


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
            "email": _("Only the editors see it. We tell you what they decide."),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "email": forms.EmailInput,
            "text": forms.Textarea(attrs={"rows": 12}),
            "reason": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, node, **kwargs):
        self.node = node
        super().__init__(*args, **kwargs)
        self.fields["text"].help_text = " ".join(
            [
                str(
                    _("The page's current text is already in the box: change it there.")
                    if node.body.strip()
                    else _("This page has no text yet: write it in the box.")
                ),
                str(FORMATTING),
            ]
        )
        if not node.can_have_children:  # a sub-recommendation: only new text can work
            del self.fields["kind"], self.fields["title"]
            self.fields["text"].required = True
            self.fields["text"].error_messages["required"] = _("Write the new text for this page.")
            return
        self.child = child = _("recommendation") if node.level == 0 else _("sub-recommendation")
        self.fields["kind"].choices = [
            (Suggestion.Kind.EDIT, Suggestion.Kind.EDIT.label),
            (Suggestion.Kind.NEW_CHILD, _("A new %(child)s under it") % {"child": child}),
        ]
        self.fields["title"].label = _("Title of the new %(child)s") % {"child": child}
        self.fields["title"].required_when = _("needed for a new %(child)s") % {"child": child}
        self.fields["text"].required_when = _("needed for new text")
        self.fields["text"].help_text = " ".join(
            [
                str(
                    _("The page's current text is already in the box: change it there.")
                    if node.body.strip()
                    else _("This page has no text yet: write it in the box.")
                ),
                str(
                    _("For a new %(child)s, write what it asks for instead, if you like.") % {"child": child}
                ),
                str(FORMATTING),
            ]
        )

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind", Suggestion.Kind.EDIT)  # the model's default where none is offered
        if kind == Suggestion.Kind.NEW_CHILD and not cleaned.get("title", "").strip():
            self.add_error("title", _("Give the new %(child)s a title.") % {"child": self.child})
        # One message for the box: empty first, then unchanged.
        if kind == Suggestion.Kind.EDIT and "text" not in self.errors:
            if not cleaned.get("text", "").strip():
                self.add_error("text", _("Write the new text for this page."))
            elif cleaned.get("text", "") == self.node.body:
                self.add_error("text", _("The text is the same as the current text: change it first."))
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
