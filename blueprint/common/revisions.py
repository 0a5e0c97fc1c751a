"""Revision history in the admin (django-simple-history): its history and revert, plus the
differences between any two revisions. Content only: never a node's place in the tree."""

import difflib
import hashlib
import json
import re

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from blueprint.common.forms import whole_number
from blueprint.common.models import PendingDraft, Status

# The content a revision records and a difference shows: never the node's place in the tree.
CONTENT_FIELDS = [
    "number",
    "title",
    "slug",
    "status",
    "body",
    "text",
    "title_es",
    "body_es",
    "text_es",
    "organisation",
    "place",
    "kind",
    "source_name",
    "source_url",
    "position",
]


class RevisionAdmin(SimpleHistoryAdmin):
    """django-simple-history's history and revert, plus a difference between any two revisions."""

    object_history_template = "admin/revisions/object_history.html"

    class Media:
        js = ["js/markdown_image.js"]  # "Add an image…" beside each Markdown field, with its description

    def set_history_delta_changes(self, request, page_obj, **kwargs):
        """Each revision listed says what it changed, compared with the one listed after it (and
        the last with the one before it: one query, not one per revision)."""
        records = list(page_obj.object_list)
        if not records:
            return
        older = [*records[1:], records[-1].prev_record]
        for record, previous in zip(records, older, strict=True):
            record.what_changed = changed_fields(record, previous)
        page_obj.object_list = records

    def view_on_site(self, obj):
        """ "View on site" on this site, whatever its address (the sites framework's may differ)."""
        return obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name=f"{opts.app_label}_{opts.model_name}_compare",
            ),
            *super().get_urls(),
        ]

    def compare_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_view_history_permission(request, obj):
            raise PermissionDenied
        revisions = self.model.history.filter(id=obj.pk)
        old = get_object_or_404(revisions, history_id=whole_number(request.GET.get("old")))
        new = get_object_or_404(revisions, history_id=whole_number(request.GET.get("new")))
        if (old.history_date, old.history_id) > (new.history_date, new.history_id):
            self.message_user(
                request,
                _("The revision compared as older is the newer one: pick the earlier revision as “older”."),
                level=messages.ERROR,
            )
            return redirect(
                f"admin:{self.model._meta.app_label}_{self.model._meta.model_name}_history", obj.pk
            )
        context = {
            **self.admin_site.each_context(request),
            "title": _("Differences between two revisions of “%(object)s”") % {"object": obj},
            "object": obj,
            "old": old,
            "new": new,
            "rows": diff_fields(old, new),
            "side_by_side": request.GET.get("view") == "side",
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/revisions/compare.html", context)


def diff_fields(old, new):
    """[(field label, inline html, older side html, newer side html)] for each content field that
    differs between two revisions: the compare page shows them inline or side by side."""
    rows = []
    for name in CONTENT_FIELDS:
        if not hasattr(new, name):
            continue
        before, after = str(getattr(old, name, "") or ""), str(getattr(new, name) or "")
        if before != after:
            label = new.instance._meta.get_field(name).verbose_name
            runs = diff_runs(before, after)
            rows.append((label, render_runs(runs), render_runs(runs, "older"), render_runs(runs, "newer")))
    return rows


WORD = re.compile(r"\s+|[^\s]+")


def diff_runs(before, after):
    """A word-by-word difference as an editor reads it: unchanged text as str, each change as
    (removed, added). Changes separated only by spaces read as one change."""
    old, new = WORD.findall(before), WORD.findall(after)
    runs = []  # [removed, added] or a str of unchanged text
    for operation, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        same = "".join(old[i1:i2])
        if operation == "equal" and not (same.isspace() and runs and not isinstance(runs[-1], str)):
            runs.append(same)
        elif operation == "equal":
            runs[-1][0] += same
            runs[-1][1] += same
        elif runs and not isinstance(runs[-1], str):
            runs[-1][0] += "".join(old[i1:i2])
            runs[-1][1] += "".join(new[j1:j2])
        else:
            runs.append(["".join(old[i1:i2]), "".join(new[j1:j2])])
    return [run if isinstance(run, str) or run[0].strip() != run[1].strip() else run[1] for run in runs]


def render_runs(runs, side=None):
    """The difference as escaped HTML: inline, removed words struck through (<del>) and added
    words underlined (<ins>); or one side of it ("older": unchanged and removed, "newer":
    unchanged and added), for reading side by side."""
    parts = []
    for run in runs:
        if isinstance(run, str):
            parts.append(escape(run))
            continue
        removed, added = run
        if removed and side != "newer":
            parts.append(f'<del class="diff-removed">{escape(removed)}</del>')
        if added and side != "older":
            parts.append(f'<ins class="diff-added">{escape(added)}</ins>')
    return mark_safe("".join(parts))


def diff_html(before, after):
    """The inline word-by-word difference between two texts, as escaped HTML."""
    return render_runs(diff_runs(before, after))


def changed_fields(record, previous):
    """The content fields a revision changed since `previous`, in words ("title, text"), or ""
    for the first."""
    if previous is None:
        return ""
    labels = [
        str(record.instance_type._meta.get_field(name).verbose_name)
        for name in CONTENT_FIELDS
        if hasattr(record, name) and getattr(record, name) != getattr(previous, name, None)
    ]
    return ", ".join(labels)


# -- editors working together ----------------------------------------------------------------------

CONFLICT = gettext_lazy(
    "Someone saved this since you opened it. Nothing was saved: what you typed is still in the "
    "form. Compare it with what is saved now (below), bring the two together in the form, and save "
    "again."
)


def _comparable(value):
    """A field's value as text, whatever form it came in (a model, a queryset, a list of them)."""
    if hasattr(value, "all") and callable(value.all):
        value = list(value.all())
    if isinstance(value, list | tuple | set):
        return ",".join(sorted(str(getattr(item, "pk", item)) for item in value))
    if isinstance(value, Model):
        return str(value.pk)
    if value is None:
        return ""
    return str(getattr(value, "name", value)) if hasattr(value, "storage") else str(value)


def stored_values(obj, fields):
    """{field name: the value stored now, as text} for `obj`'s `fields`, read afresh."""
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    return {name: _comparable(getattr(fresh, name)) for name in fields}


def fingerprint(values, extra=""):
    return hashlib.sha256(json.dumps([values, extra], sort_keys=True, default=str).encode()).hexdigest()[:32]


class ConcurrentEditAdmin:
    """Every change form carries the version of what it edits as it was opened. A save over a
    newer version is refused: the form comes back with everything typed kept, the differences
    between what is saved now and what the editor typed, and the newer version, so that saving
    the merged form works. The same idea as a suggestion's conflict check."""

    change_form_template = "admin/concurrent/change_form.html"
    object_history_form_template = "admin/concurrent/revert_form.html"

    def editable_fields(self, request, obj):
        return [
            name
            for name in self.get_fields(request, obj)
            if name not in self.get_readonly_fields(request, obj)
        ]

    def version_extra(self, obj):
        """What else is part of the version (a draft waiting beside the published content)."""
        return ""

    def current_version(self, request, obj):
        return fingerprint(stored_values(obj, self.editable_fields(request, obj)), self.version_extra(obj))

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """The revert page says first what reverting changes (a translation it would drop too)."""
        obj = self.get_object(request, object_id)
        revision = self.model.history.filter(
            **{self.model._meta.pk.attname: object_id, "history_id": version_id}
        ).first()
        changes = self.revert_changes(request, obj, revision.instance) if obj and revision else []
        extra = {"revert_changes": changes, **(extra_context or {})}
        return super().history_form_view(request, object_id, version_id, extra)

    def revert_changes(self, request, obj, old):
        """[(label, differences)] between what is saved now and the revision, field by field."""
        names = [
            field.name
            for field in obj._meta.concrete_fields
            if field.name in self.editable_fields(request, obj) and not field.is_relation
        ]
        now = stored_values(obj, names)
        return [
            (
                capfirst(obj._meta.get_field(name).verbose_name),
                diff_html(now[name], _comparable(getattr(old, name))),
            )
            for name in names
            if now[name] != _comparable(getattr(old, name))
        ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None or obj.pk is None or kwargs.get("fields", False) is None:
            return form  # (no fields: the admin asking which fields the form has)
        admin, fields = self, self.editable_fields(request, obj)

        class VersionedForm(form):
            opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.conflict = []
                if not self.is_bound:
                    self.initial["opened_version"] = admin.current_version(request, self.instance)

            def clean(self):
                cleaned = super().clean()
                now = admin.current_version(request, self.instance)
                if self.data.get("opened_version") != now:
                    stored = stored_values(self.instance, fields)
                    typed = {name: _comparable(cleaned.get(name)) for name in fields if name in cleaned}
                    self.conflict = [
                        (self.fields[name].label, diff_html(stored[name], typed[name]))
                        for name in fields
                        if name in typed and stored[name] != typed[name]
                    ]
                    self.data = self.data.copy()
                    self.data["opened_version"] = now  # the merged form, sent again, is saved
                    raise forms.ValidationError(CONFLICT, code="conflict")
                return cleaned

        return VersionedForm


def _stored_form_value(value):
    """A cleaned form value as a draft keeps it (JSON): models by their keys, dates as text."""
    if hasattr(value, "all") and callable(value.all):
        value = list(value.all())
    if isinstance(value, list | tuple | set):
        return [getattr(item, "pk", item) for item in value]
    if isinstance(value, Model):
        return value.pk
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class DraftFirstAdmin(ConcurrentEditAdmin):
    """New content starts as a draft: its pages have "Save draft" and "Publish" buttons instead of
    a status to pick. Published content can hold a draft beside it: "Save draft" keeps the form
    there, readers go on seeing the published version, and the editor previews the draft,
    publishes it or discards it. "Unpublish" is its own page, which says what readers will get."""

    change_form_template = "admin/draft_first/change_form.html"
    preview_template = None  # the public page's template, for "Preview"

    def get_fields(self, request, obj=None):
        return [name for name in super().get_fields(request, obj) if name != "status"]

    # -- the draft beside published content

    def pending_draft(self, obj):
        if obj is None or obj.pk is None:
            return None
        return PendingDraft.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
        ).first()

    def version_extra(self, obj):
        draft = self.pending_draft(obj)
        return json.dumps(draft.data, sort_keys=True, default=str) if draft else ""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        asked_fields = kwargs.get("fields", False) is not None
        reverting = getattr(request, "reverting", False)  # the form shows the old revision, not the draft
        draft = self.pending_draft(obj) if asked_fields and not reverting else None
        if draft is None:
            return form

        class WithDraft(form):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:  # the draft is what the editor goes on with
                    self.initial.update(
                        {name: value for name, value in draft.data.items() if name in self.fields}
                    )

        return WithDraft

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.reverting = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        draft = self.pending_draft(obj)
        extra = {"pending_draft": draft, **(extra_context or {})}
        return super().change_view(request, object_id, form_url, extra)

    def keeps_draft_beside(self, request, obj, change):
        """A "Save draft" of published content: the form goes beside it, nothing readers see changes."""
        return (
            change
            and "_save_draft" in request.POST
            and type(obj)._default_manager.filter(pk=obj.pk, status=Status.PUBLISHED).exists()
        )

    def save_model(self, request, obj, form, change):
        if self.keeps_draft_beside(request, obj, change):
            request.kept_draft = True
            fields = [name for name in self.editable_fields(request, obj) if name in form.cleaned_data]
            data = {name: _stored_form_value(form.cleaned_data[name]) for name in fields if name != "file"}
            PendingDraft.objects.update_or_create(
                content_type=ContentType.objects.get_for_model(obj),
                object_pk=str(obj.pk),
                defaults={"data": data, "saved_by": request.user},
            )
            return
        self.status_from_buttons(request, obj, change)
        self.save_content(request, obj, form, change)
        if "_publish" in request.POST:
            PendingDraft.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
            ).delete()

    def save_content(self, request, obj, form, change):
        """Save the object itself (a service, where the model has one)."""
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if not getattr(request, "kept_draft", False):
            super().save_related(request, form, formsets, change)

    def response_change(self, request, obj):
        if getattr(request, "kept_draft", False):
            self.message_user(
                request,
                _(
                    "Saved as a draft beside the published version, which readers still see. Preview it, publish it or discard it."
                ),
            )
            return redirect(request.path)
        return super().response_change(request, obj)

    @staticmethod
    def status_from_buttons(request, obj, change):
        if "_publish" in request.POST:
            obj.status = Status.PUBLISHED
        elif "_save_draft" in request.POST or not change:
            obj.status = Status.DRAFT

    # -- its own pages: preview, discard, unpublish

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{name}_preview",
            ),
            path(
                "<path:object_id>/discard-draft/",
                self.admin_site.admin_view(self.discard_view),
                name=f"{name}_discard",
            ),
            path(
                "<path:object_id>/unpublish/",
                self.admin_site.admin_view(self.unpublish_view),
                name=f"{name}_unpublish",
            ),
            path(
                "<path:object_id>/translation-current/",
                self.admin_site.admin_view(self.translation_current_view),
                name=f"{name}_translation_current",
            ),
            *super().get_urls(),
        ]

    def with_draft(self, obj):
        """`obj` as its draft would make it (nothing saved): for the preview."""
        draft = self.pending_draft(obj)
        if draft is not None:
            for name, value in draft.data.items():
                field = obj._meta.get_field(name)
                if not field.many_to_many:
                    setattr(obj, field.attname, value)
        obj.render_markdown()
        return obj, draft

    def preview_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        obj, draft = self.with_draft(obj)
        return self.preview_response(request, obj, draft)

    def preview_response(self, request, obj, draft):  # each model's admin draws its public page
        raise Http404

    def discard_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if request.method == "POST":
            PendingDraft.objects.filter(
                content_type=ContentType.objects.get_for_model(obj), object_pk=str(obj.pk)
            ).delete()
            self.message_user(
                request, _("The draft is discarded: the form shows the published version again.")
            )
            return redirect(change)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Discard the draft of “%(object)s”?") % {"object": obj},
            "object": obj,
            "opts": opts,
            "back": change,
        }
        return TemplateResponse(request, "admin/draft_first/discard.html", context)

    def translation_current_view(self, request, object_id):
        """ "The Spanish still matches": the notice's button, sent with the change form as it was
        opened; refused if the English changed since (the editor checked an older English)."""
        obj = get_object_or_404(self.model, pk=object_id)
        if request.method != "POST" or not self.has_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if request.POST.get("opened_version") != self.current_version(request, obj):
            self.message_user(
                request,
                _("The text changed since you opened the page: check the Spanish against it again."),
                messages.WARNING,
            )
        else:
            obj.mark_translation_current()
            self.message_user(request, _("The Spanish is marked as up to date with the English."))
        return redirect(change)

    def unpublish_consequences(self, obj):
        """What readers get once it is unpublished, in words: [sentences]."""
        return [_("Readers get a “Page not found” page at its address.")]

    def unpublish(self, request, obj):
        obj.status = Status.DRAFT
        self.save_content(request, obj, None, True)

    def unpublish_view(self, request, object_id):
        obj = get_object_or_404(self.model, pk=object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        if not obj.is_published:
            return redirect(change)
        if request.method == "POST":
            self.unpublish(request, obj)
            self.message_user(
                request, _("Unpublished: readers no longer see “%(object)s”.") % {"object": obj}
            )
            return redirect(change)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Unpublish “%(object)s”?") % {"object": obj},
            "object": obj,
            "opts": opts,
            "consequences": self.unpublish_consequences(obj),
            "back": change,
        }
        return TemplateResponse(request, "admin/draft_first/unpublish.html", context)
