from django import forms
from django.utils.translation import gettext_lazy as _

from blueprint.common.forms import normalise_email, without_control_characters
from blueprint.common.protection import ProtectedForm, ProtectedModelForm
from blueprint.pulse.models import Answer, ContactMessage, PulseCheck, WorkingOn

SKIP = ""


class StartForm(ProtectedForm):
    """Starting a check (alone, or joining a group's): nothing to fill in but the protection."""

    min_seconds = 0


class GroupCheckForm(ProtectedForm):
    name = forms.CharField(
        label=_("Name of the group check"),
        max_length=120,
        help_text=_("Participants see it, for example “Riverside County prevention team, spring 2027”."),
    )
    invitations = forms.IntegerField(
        label=_("Personal invitations"),
        required=False,
        min_value=0,
        max_value=200,
        help_text=_(
            "Leave empty to share one link with everyone. Or say how many people take part: each gets "
            "a link of their own, which works once, and the shared link is turned off."
        ),
    )


class InviteForm(ProtectedForm):
    """More personal invitations, on the facilitator's page."""

    min_seconds = 0
    count = forms.IntegerField(label=_("How many more?"), min_value=1, max_value=200, initial=1)


class AnswersForm(ProtectedForm):
    """One section of an instrument: for each item, a stage and an urgency, each may be skipped."""

    min_seconds = 0

    def __init__(self, *args, items, stages, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.items, self.stages = items, {str(stage.pk): stage for stage in stages}
        stage_choices = [(str(stage.pk), stage.local_name) for stage in stages] + [(SKIP, _("Not sure"))]
        urgency_choices = [(str(value), label) for value, label in Answer.Urgency.choices] + [
            (SKIP, _("Skip"))
        ]
        for item in items:
            answer = answers.get(item.pk)
            self.fields[f"stage_{item.pk}"] = forms.ChoiceField(
                label=_("Where does your system stand?"),
                choices=stage_choices,
                required=False,
                widget=forms.RadioSelect,
                initial=str(answer.stage_id) if answer and answer.stage_id else SKIP,
            )
            self.fields[f"urgency_{item.pk}"] = forms.ChoiceField(
                label=_("How much does it matter to your community?"),
                choices=urgency_choices,
                required=False,
                widget=forms.RadioSelect,
                initial=str(answer.urgency) if answer and answer.urgency is not None else SKIP,
            )

    def questions(self):
        """(item, stage field, urgency field) per item, for the template."""
        return [(item, self[f"stage_{item.pk}"], self[f"urgency_{item.pk}"]) for item in self.items]

    def answers(self):
        """{item: (stage or None, urgency or None)} from the cleaned data."""
        found = {}
        for item in self.items:
            stage = self.cleaned_data.get(f"stage_{item.pk}") or SKIP
            urgency = self.cleaned_data.get(f"urgency_{item.pk}") or SKIP
            found[item] = (self.stages.get(stage), int(urgency) if urgency != SKIP else None)
        return found


class EmailLinkForm(ProtectedForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send this page's address there once, and forget the address as soon as it is sent."),
    )


class ReminderForm(ProtectedForm):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_(
            "Only to remind you. We send a link to confirm first, and forget the address if you never do."
        ),
    )
    remind_after = forms.TypedChoiceField(
        label=_("Remind me to retake it"),
        choices=PulseCheck.Reminder.choices,
        coerce=int,
        widget=forms.RadioSelect,
    )


class WorkingOnForm(ProtectedModelForm):
    class Meta:
        model = WorkingOn
        fields = ["name", "organisation", "place", "sector", "what", "may_contact", "email"]
        labels = {
            "name": _("Your name"),
            "organisation": _("Organization"),
            "place": _("Place"),
            "sector": _("Sector"),
            "what": _("What are you doing on this?"),
            "may_contact": _("Others may contact me through the site"),
            "email": _("Your e-mail address"),
        }
        help_texts = {
            "place": _("City, state or country."),
            "what": _("One or two sentences. Shown on the recommendation's page."),
            "may_contact": _("They write to you through a form; neither of you sees the other's address."),
            "email": _("Never shown. We send a link to confirm, and to edit or withdraw your entry later."),
        }
        widgets = {"what": forms.Textarea(attrs={"rows": 3}), "email": forms.EmailInput}

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:  # the address stays the one confirmed
            del self.fields["email"]

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])


class ReplyForm(ProtectedForm):
    """An answer to a message received through the site, sent back through it."""

    message = forms.CharField(
        label=_("Your answer"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    share_address = forms.BooleanField(
        label=_("Show them my e-mail address, so that they can answer me directly"), required=False
    )


class ContactForm(ProtectedModelForm):
    def __init__(self, *args, limit_reached, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_reached = limit_reached  # whether the recipient had enough messages today

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "message", "share_address"]
        labels = {"name": _("Your name"), "email": _("Your e-mail address"), "message": _("Message")}
        help_texts = {
            "email": _(
                "Not shown to them unless you tick the box below: they can answer you through the site, "
                "and we send you their answer."
            ),
        }
        widgets = {"message": forms.Textarea(attrs={"rows": 6}), "email": forms.EmailInput}

    def clean_email(self):
        return normalise_email(self.cleaned_data["email"])

    def clean_name(self):
        """Printable characters only: the name goes into the e-mail's subject and text."""
        return without_control_characters(self.cleaned_data["name"])

    def clean(self):
        cleaned = super().clean()
        if self.limit_reached():
            raise forms.ValidationError(
                _(
                    "This person has had several messages through the site today, so we have paused "
                    "this for them. Please send it tomorrow; everything you typed is still here."
                )
            )
        return cleaned
