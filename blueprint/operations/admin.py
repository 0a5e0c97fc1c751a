import json

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from blueprint.common.forms import normalise_email
from blueprint.operations.personal_data import erase_personal_data, export_personal_data

PERMISSION = "operations.manage_personal_data"


class PersonalDataForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    confirm_erase = forms.BooleanField(
        label=gettext_lazy("Yes, erase everything about this address. This cannot be undone."),
        help_text=gettext_lazy("Required to erase; not needed to export."),
        required=False,  # the export needs no confirmation: the browser checks it for "Erase" only
        widget=forms.CheckboxInput(attrs={"required": True}),
    )


def personal_data(request):
    """Export, or erase, everything stored about one e-mail address."""
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    form = PersonalDataForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        email = normalise_email(form.cleaned_data["email"])
        if request.POST.get("do") == "export":
            data = json.dumps(export_personal_data(email), cls=DjangoJSONEncoder, indent=2)
            response = HttpResponse(data, content_type="application/json")
            response["Content-Disposition"] = 'attachment; filename="personal-data.json"'
            return response
        if form.cleaned_data["confirm_erase"]:
            counts = erase_personal_data(email)
            summary = ", ".join(f"{label}: {count}" for label, count in counts.items())
            messages.success(request, _("Erased. %(summary)s") % {"summary": summary})
            return redirect("admin:personal_data")
        form.add_error("confirm_erase", _("Tick this box to erase."))
    context = {**admin.site.each_context(request), "title": _("Personal data"), "form": form}
    return TemplateResponse(request, "admin/personal_data.html", context)


admin.site.register_page(
    "personal-data/",
    personal_data,
    name="personal_data",
    title=gettext_lazy("Personal data: export or erase"),
    permission=PERMISSION,
)
