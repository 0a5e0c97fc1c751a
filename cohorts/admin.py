from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from blueprint.common.revisions import ConcurrentEditAdmin
from cohorts import services
from cohorts.export import sign_ups_csv
from cohorts.models import Cohort, CohortMessage, Interest, SignUp


class CohortMessageInline(admin.TabularInline):
    """What organizers sent the members, read only."""

    model = CohortMessage
    fields = ["sent_at", "sent_by", "subject", "recipients"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 10}))


class CohortChoiceForm(forms.Form):
    cohort = forms.ModelChoiceField(label=_("Cohort"), queryset=Cohort.objects.all())


@admin.register(Cohort)
class CohortAdmin(ConcurrentEditAdmin, admin.ModelAdmin):
    list_display = ["name", "node", "status", "starts_on", "capacity", "members", "waiting"]
    list_filter = ["status", "scope"]
    search_fields = ["name", "node__number", "node__title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["node"]
    inlines = [CohortMessageInline]
    readonly_fields = ["sign_ups_overview"]
    actions = ["export_members", "email_members"]

    def get_queryset(self, request):
        # Counted in the list's one query, not one query per cohort and column.
        return (
            super()
            .get_queryset(request)
            .annotate(
                member_count=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.MEMBER)),
                waitlist_count=Count("sign_ups", filter=Q(sign_ups__status=SignUp.Status.WAITLISTED)),
            )
        )

    @admin.display(description=_("members"), ordering="member_count")
    def members(self, cohort):
        return cohort.member_count

    @admin.display(description=_("waitlist"), ordering="waitlist_count")
    def waiting(self, cohort):
        return cohort.waitlist_count

    # How many sign-ups the cohort's page lists (the newest); the rest are in the sign-ups' own
    # list, filtered to the cohort, a page at a time.
    SIGN_UPS_SHOWN = 20

    @admin.display(description=_("sign-ups"))
    def sign_ups_overview(self, cohort):
        """How many sign-ups of each status, the newest, and a link to all of them: a cohort of a
        thousand members keeps a change page of one screen."""
        if cohort.pk is None:
            return "—"
        sign_ups = cohort.sign_ups.all()
        by_status = dict(sign_ups.order_by().values_list("status").annotate(count=Count("id")))
        return render_to_string(
            "admin/cohorts/sign_ups_overview.html",
            {
                "counts": [
                    (label, by_status[value]) for value, label in SignUp.Status.choices if value in by_status
                ],
                "total": sum(by_status.values()),
                "newest": sign_ups.order_by("-created_at", "-id")[: self.SIGN_UPS_SHOWN],
                "all_url": f"{reverse('admin:cohorts_signup_changelist')}?cohort__id__exact={cohort.pk}",
            },
        )

    def save_model(self, request, obj, form, change):
        told = services.save_cohort(cohort=obj)
        if told:
            self.message_user(
                request,
                ngettext(
                    "%(count)d person who asked was told the cohort is open.",
                    "%(count)d people who asked were told the cohort is open.",
                    told,
                )
                % {"count": told},
            )

    @admin.action(description=_("Export confirmed members to CSV"), permissions=["view"])
    def export_members(self, request, queryset):
        sign_ups = SignUp.objects.members().filter(cohort__in=queryset).select_related("cohort")
        return sign_ups_csv(sign_ups, "cohort-members.csv")

    @admin.action(description=_("E-mail all confirmed members"), permissions=["change"])
    def email_members(self, request, queryset):
        """One message to the confirmed members of the chosen cohorts: previewed with the greeting
        it adds, sent as a test to the editor, then sent and recorded on each cohort."""
        cohorts = list(queryset.order_by("name"))
        recipients = sum(cohort.sign_ups.members().count() for cohort in cohorts)
        bound = any(button in request.POST for button in ("send", "preview", "test"))
        form = MessageForm(request.POST if bound else None)
        preview = None
        if form.is_valid():
            if "send" in request.POST:
                sent = sum(
                    services.email_members(cohort=cohort, sender=request.user, **form.cleaned_data)
                    for cohort in cohorts
                )
                self.message_user(
                    request,
                    ngettext(
                        "Queued %(count)d e-mail; the cohort's page records it.",
                        "Queued %(count)d e-mails; each cohort's page records them.",
                        sent,
                    )
                    % {"count": sent},
                    messages.SUCCESS,
                )
                return None
            if "test" in request.POST and request.user.email:
                services.test_member_message(cohort=cohorts[0], editor=request.user, **form.cleaned_data)
                self.message_user(
                    request,
                    _("A test was sent to you (%(address)s) alone.") % {"address": request.user.email},
                    messages.SUCCESS,
                )
            preview = services.preview_member_message(cohort=cohorts[0], **form.cleaned_data)
        names = ", ".join(f"“{cohort.name}”" for cohort in cohorts)
        return render(
            request,
            "admin/cohorts/email_members.html",
            {
                **self.admin_site.each_context(request),
                "title": ngettext(
                    "E-mail the confirmed members of %(cohorts)s",
                    "E-mail the confirmed members of %(cohorts)s",
                    len(cohorts),
                )
                % {"cohorts": names},
                "form": form,
                "queryset": cohorts,
                "recipients": recipients,
                "preview": preview,
                "action": "email_members",
                "opts": self.model._meta,
            },
        )


@admin.register(SignUp)
class SignUpAdmin(admin.ModelAdmin):
    list_display = ["name", "cohort", "status", "sector", "state_or_country", "confirmed_at"]
    list_filter = ["status", "sector", "cohort"]
    search_fields = ["name", "email", "organisation"]
    readonly_fields = ["token", "created_at", "confirmed_at", "offered_at"]
    actions = ["export", "withdraw", "move_to_cohort", "move_to_interest_list"]

    def save_model(self, request, obj, form, change):
        services.save_sign_up(sign_up=obj)  # withdrawn here as by the person's own link

    def delete_model(self, request, obj):
        services.delete_sign_up(sign_up=obj)

    def delete_queryset(self, request, queryset):
        for sign_up in queryset:
            services.delete_sign_up(sign_up=sign_up)

    @admin.action(
        description=_("Withdraw from the cohort (the seat goes to the waitlist)"), permissions=["change"]
    )
    def withdraw(self, request, queryset):
        withdrawing = [sign_up for sign_up in queryset if sign_up.can_withdraw]
        for sign_up in withdrawing:
            services.withdraw(sign_up=sign_up)
        self.message_user(request, _("Withdrew %(count)d sign-ups.") % {"count": len(withdrawing)})

    @admin.action(description=_("Export to CSV"), permissions=["view"])
    def export(self, request, queryset):
        return sign_ups_csv(queryset.select_related("cohort"), "sign-ups.csv")

    @admin.action(description=_("Move to another cohort"), permissions=["change"])
    def move_to_cohort(self, request, queryset):
        form = CohortChoiceForm(request.POST if "send" in request.POST else None)
        if form.is_valid():
            moved = sum(
                services.move_sign_up(sign_up=s, cohort=form.cleaned_data["cohort"]) for s in queryset
            )
            self.message_user(request, _("Moved %(count)d sign-ups.") % {"count": moved})
            return None
        return render(
            request,
            "admin/cohorts/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Move to another cohort"),
                "form": form,
                "queryset": queryset,
                "action": "move_to_cohort",
                "opts": self.model._meta,
            },
        )

    @admin.action(description=_("Move to the interest list of their recommendation"), permissions=["change"])
    def move_to_interest_list(self, request, queryset):
        for sign_up in queryset.select_related("cohort__node"):
            services.move_to_interest_list(sign_up=sign_up)
        self.message_user(request, _("Moved to the interest lists."))


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["name", "node", "confirmed", "created_at", "notified_at"]
    list_filter = ["confirmed"]
    search_fields = ["name", "email", "node__number"]
    readonly_fields = ["token", "created_at", "notified_at"]
    actions = ["invite_to_cohort"]

    @admin.action(description=_("Invite to a cohort (they receive its sign-up link)"), permissions=["change"])
    def invite_to_cohort(self, request, queryset):
        form = CohortChoiceForm(request.POST if "send" in request.POST else None)
        if form.is_valid():
            cohort = form.cleaned_data["cohort"]
            for interest in queryset:
                services.invite(interest=interest, cohort=cohort)
            self.message_user(request, _("Invited %(count)d people.") % {"count": queryset.count()})
            return None
        return render(
            request,
            "admin/cohorts/action_form.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Invite to a cohort"),
                "form": form,
                "queryset": queryset,
                "action": "invite_to_cohort",
                "opts": self.model._meta,
            },
        )
