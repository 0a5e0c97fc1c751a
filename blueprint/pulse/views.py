"""Pulse Check's pages. The start page is shared and cached; everything behind a private link
(a person's answers and result, a facilitator's page) is private: never cached, never indexed."""

import csv

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from blueprint.common.cache import private_page, shared_page
from blueprint.common.forms import ConfirmForm, normalise_email
from blueprint.common.links import by_private_link
from blueprint.common.protection import form_page, posted
from blueprint.maturity.models import Stage
from blueprint.pulse import services
from blueprint.pulse.forms import (
    AnswersForm,
    ContactForm,
    EmailLinkForm,
    GroupCheckForm,
    InviteForm,
    ReminderForm,
    ReplyForm,
    StartForm,
    WorkingOnForm,
)
from blueprint.pulse.models import (
    Answer,
    ContactMessage,
    GroupCheck,
    Instrument,
    Invitation,
    PulseCheck,
    WorkingOn,
)
from cohorts.models import Cohort
from examples.models import Tool
from recommendations.models import Node
from recommendations.navigation import Navigation

# Signs the cookie that tells a browser's own check in a group: one answer per participant.
JOINED_SALT = "blueprint.pulse.joined"


@shared_page
def home(request):
    navigation = Navigation.for_request(request)
    return render(
        request, "pulse/home.html", {"instruments": Instrument.objects.all(), **navigation.around()}
    )


def start(request, slug):
    """Take an instrument alone: a button, so that following a link creates nothing."""
    instrument = get_object_or_404(Instrument, slug=slug)

    def started(form):
        return redirect("pulse:answer", services.start_check(instrument=instrument).token, 1)

    return form_page(
        request,
        StartForm(posted(request)),
        scope="pulse",
        template="pulse/start.html",
        on_valid=started,
        context={"instrument": instrument, "stages": Stage.objects.all()},
    )


def new_group(request, slug):
    instrument = get_object_or_404(Instrument, slug=slug)

    def created(form):
        group = GroupCheck.objects.create(
            instrument=instrument,
            name=form.cleaned_data["name"],
            open_link=not form.cleaned_data["invitations"],
        )
        if form.cleaned_data["invitations"]:
            services.invite(group=group, count=form.cleaned_data["invitations"])
        return redirect(group)

    return form_page(
        request,
        GroupCheckForm(posted(request)),
        scope="pulse",
        template="pulse/new_group.html",
        on_valid=created,
        context={"instrument": instrument},
    )


def _own_check(request, group):
    """The check this browser already started in `group`, if any: one answer per participant."""
    token = request.get_signed_cookie(_cookie(group), default=None, salt=JOINED_SALT)
    return PulseCheck.objects.filter(group=group, token=token).first() if token else None


def _cookie(group):
    return f"pulse_group_{group.pk}"


def _resume(request, group, pulse_check):
    """To the check's own answers, remembering in this browser that it joined `group` with it."""
    response = redirect("pulse:answer", pulse_check.token, 1)
    response.set_signed_cookie(
        _cookie(group),
        pulse_check.token,
        salt=JOINED_SALT,
        max_age=365 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _join_page(request, group, start):
    """The page a share link or an invitation opens: "Start", then the new check (`start()`)."""
    return form_page(
        request,
        StartForm(posted(request)),
        scope="pulse",
        template="pulse/join.html",
        on_valid=lambda form: _resume(request, group, start()),
        context={"group": group, "instrument": group.instrument, "stages": Stage.objects.all()},
    )


@private_page
def join(request, token):
    group = by_private_link(GroupCheck.objects.select_related("instrument"), token, field="share_token")
    if not group.is_open:
        return render(request, "pulse/closed.html", {"group": group}, status=410)
    own = _own_check(request, group)
    if own is not None:  # this browser joined already: its own answers, never a second set
        return _resume(request, group, own)
    if not group.open_link:
        return render(request, "pulse/invitation_only.html", {"group": group}, status=410)

    return _join_page(request, group, lambda: services.start_check(instrument=group.instrument, group=group))


@private_page
def invitation(request, token):
    """A personal invitation: the first browser takes it; later, only that browser gets back in."""
    invitation = by_private_link(Invitation.objects.select_related("group__instrument", "pulse_check"), token)
    group = invitation.group
    if not group.is_open:
        return render(request, "pulse/closed.html", {"group": group}, status=410)
    own = _own_check(request, group)
    if own is not None:
        return _resume(request, group, own)
    if invitation.is_used:
        return render(request, "pulse/invitation_used.html", {"group": group}, status=410)

    return _join_page(
        request,
        group,
        lambda: services.start_check(instrument=group.instrument, group=group, invitation=invitation),
    )


@private_page
def answer(request, token, section):
    """One section of the questions; saving goes on to the next, the last to the result."""
    pulse_check = by_private_link(PulseCheck.objects.select_related("instrument", "group"), token)
    if pulse_check.group and not pulse_check.group.is_open:
        return redirect("pulse:result", token)
    all_sections = services.sections(pulse_check.instrument)
    if not 1 <= section <= len(all_sections):
        raise Http404
    items = services.explain(all_sections[section - 1])
    stages = list(Stage.objects.all())
    answers = {answer.item_id: answer for answer in pulse_check.answers.filter(item__in=items)}
    form = AnswersForm(posted(request), items=items, stages=stages, answers=answers)

    def saved(form):
        finishing = "back" not in request.POST and (section == len(all_sections) or "finish" in request.POST)
        services.save_answers(pulse_check=pulse_check, answers=form.answers(), finish=finishing)
        if "back" in request.POST and section > 1:
            return redirect("pulse:answer", token, section - 1)
        if not finishing:
            return redirect("pulse:answer", token, section + 1)
        return redirect("pulse:result", token)

    return form_page(
        request,
        form,
        scope="pulse",
        template="pulse/answer.html",
        on_valid=saved,
        context={
            "pulse_check": pulse_check,
            "section": section,
            "sections": len(all_sections),
            "section_title": items[0].local_section,
            "stages": stages,
        },
    )


@private_page(version=PulseCheck.objects.fingerprint)
def result(request, token):
    pulse_check = by_private_link(PulseCheck.objects.select_related("instrument", "group", "previous"), token)
    section_list, stages = services.result(pulse_check)
    suggested = services.suggestions(section_list)
    wanted = {node.pk for row in suggested.rows for node in row.item.concerns()}
    nodes = (
        Node.objects.public()
        .filter(pk__in=wanted)
        .in_navigation_order()
        .prefetch_related(
            Prefetch("tools", queryset=Tool.objects.public()),
            Prefetch("cohorts", queryset=Cohort.objects.filter(status=Cohort.Status.OPEN)),
        )
        if wanted
        else []
    )
    services.examples_in_branches(nodes := list(nodes))
    by_pk = {node.pk: node for node in nodes}
    # Each recommendation once, under the first suggestion that points to it (the maturity
    # model's areas share many); later ones name it.
    listed, suggested_rows = set(), []
    for row in suggested.rows:
        concerned = [by_pk[node.pk] for node in row.item.concerns() if node.pk in by_pk]
        fresh = [node for node in concerned if node.pk not in listed]
        listed.update(node.pk for node in fresh)
        suggested_rows.append((row, fresh, [node for node in concerned if node not in fresh]))
    rows = [row for section in section_list for row in section.rows]
    group = pulse_check.group
    return render(
        request,
        "pulse/result.html",
        {
            # A closed group's figures, beside the person's own (as the facilitator sees them).
            "group_result": _figures_context(group, facilitator=False)
            if group and not group.is_open
            else None,
            "pulse_check": pulse_check,
            "sections": section_list,
            "stages": stages,
            "suggested": suggested_rows,
            "more_suggested": suggested.more,
            "find_out": suggested.find_out,
            "answered": sum(1 for row in rows if row.stage or row.urgency is not None),
            "retakes": list(pulse_check.retakes.order_by("created_at").only("token", "created_at")),
            "compared": any(row.before for row in rows),
            "change": services.change_since_before(rows) if pulse_check.previous_id else None,
        },
    )


@private_page
def retake(request, token):
    """Its own page, so the result carries no form token and can be kept."""
    pulse_check = by_private_link(PulseCheck.objects.select_related("instrument"), token)
    if pulse_check.group_id:
        raise Http404  # a group's check is retaken by a new group check

    def retaken(form):
        return redirect("pulse:answer", services.retake(pulse_check=pulse_check).token, 1)

    return form_page(
        request,
        StartForm(posted(request)),
        scope="pulse",
        template="pulse/retake.html",
        on_valid=retaken,
        context={"pulse_check": pulse_check},
    )


def _figures_context(group, *, facilitator=True):
    finished, started = services.participants(group)
    items = services.group_figures(group)
    return {
        "facilitator": facilitator,
        "group": group,
        "finished": finished,
        "started": started,
        "items": items,
        "stages": items[0].stages if items else [],
        "shown": [f for f in items if f.shown],
        "disagreements": services.most_disagreement(items),
        "agreed": services.agreed_start(items),
        "minimum": GroupCheck.MINIMUM,
    }


@private_page(version=GroupCheck.objects.fingerprint)
def facilitate(request, token):
    """The group's figures, as published: an item's move only once at least three people's
    answers to it changed (blueprint.pulse.figures). No form on it: it is kept rendered while
    nothing it shows changes, for a meeting that reloads it."""
    group = by_private_link(GroupCheck.objects.select_related("instrument"), token, field="facilitator_token")
    invitations = list(group.invitations.all())
    return render(
        request,
        "pulse/facilitate.html",
        {
            **_figures_context(group),
            "invitations": invitations,
            "used": sum(1 for invitation in invitations if invitation.is_used),
        },
    )


@private_page
def invite(request, token):
    """More personal invitations, for people who join a group check late."""
    group = by_private_link(GroupCheck.objects.select_related("instrument"), token, field="facilitator_token")
    if not group.is_open:
        return redirect(group)

    def invited(form):
        services.invite(group=group, count=form.cleaned_data["count"])
        messages.success(
            request,
            ngettext(
                "%(count)d more invitation is ready.",
                "%(count)d more invitations are ready.",
                form.cleaned_data["count"],
            )
            % {"count": form.cleaned_data["count"]},
        )
        return redirect(group)

    return form_page(
        request,
        InviteForm(posted(request)),
        scope="pulse",
        template="pulse/invite.html",
        on_valid=invited,
        context={"group": group},
    )


@private_page(version=GroupCheck.objects.fingerprint)
def facilitate_figures(request, token):
    """The figures alone, for the facilitator's page to refresh itself during a meeting."""
    group = by_private_link(GroupCheck.objects.select_related("instrument"), token, field="facilitator_token")
    return render(request, "pulse/_figures.html", _figures_context(group))


@private_page
def close(request, token):
    group = by_private_link(GroupCheck.objects.select_related("instrument"), token, field="facilitator_token")

    def closed(form):
        services.close_group(group=group)
        return redirect(group)

    return form_page(
        request,
        ConfirmForm(posted(request)),
        scope="pulse",
        template="pulse/close.html",
        on_valid=closed,
        context={"group": group},
    )


@private_page
def aggregate_csv(request, token):
    """The group's figures as published, item by item: how many at each stage (in words), how many
    not sure, how many at each urgency. Items fewer than three answered give no figures."""
    group = by_private_link(GroupCheck.objects.select_related("instrument"), token, field="facilitator_token")
    stages = list(Stage.objects.all())
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="group-check.csv"'
    writer = csv.writer(response)
    urgencies = Answer.Urgency.choices
    writer.writerow(
        [
            _("Section"),
            _("Item"),
            _("Answered"),
            *[stage.local_name for stage in stages],
            _("Not sure"),
            *[str(label) for _value, label in urgencies],
        ]
    )
    for figures in services.group_figures(group):
        label = [figures.item.local_section, f"{figures.item.label} {figures.item.local_text}".strip()]
        if not figures.shown:
            writer.writerow([*label, _("fewer than 3 answers")])
            continue
        writer.writerow(
            [
                *label,
                figures.answered,
                *[count for _stage, count in figures.per_stage],
                figures.not_sure,
                *[figures.urgency(value) for value, _label in urgencies],
            ]
        )
    return response


# -- “I'm working on this” -----------------------------------------------------------------------


def _working_on_node(request, number):
    return get_object_or_404(Node.objects.visible_to(request.user).taking_cohorts(), number=number)


def working_on(request, number):
    node = _working_on_node(request, number)

    def added(form):
        services.add_working_on(form=form, node=node)
        return redirect("pulse:working_on_sent", number=node.number)  # a reload sends no second e-mail

    return form_page(
        request,
        WorkingOnForm(posted(request)),
        scope="working_on",
        template="pulse/working_on.html",
        on_valid=added,
        context={"node": node},
    )


def working_on_sent(request, number):
    return render(request, "pulse/working_on_sent.html", {"node": _working_on_node(request, number)})


@private_page
def working_on_entry(request, token):
    """The person's own page for their entry: confirm it, change it, or withdraw it."""
    entry = by_private_link(WorkingOn.objects.select_related("node"), token)
    action = request.POST.get("action") if request.method == "POST" else None
    context = {"entry": entry, "action_form": ConfirmForm()}
    if action in ("confirm", "withdraw", "withdraw-confirmed"):

        def acted(form):
            if action == "withdraw":  # asks first
                return render(
                    request, "pulse/working_on_withdraw.html", {"entry": entry, "form": ConfirmForm()}
                )
            if action == "withdraw-confirmed":
                services.withdraw_working_on(entry=entry)
                return redirect("pulse:working_on_withdrawn", number=entry.node.number)
            services.confirm_working_on(entry=entry)
            return redirect(entry)

        return form_page(
            request,
            ConfirmForm(request.POST),
            scope="working_on",
            template="pulse/working_on_entry.html",
            on_valid=acted,
            context={**context, "form": WorkingOnForm(instance=entry, editing=True)},
        )

    def saved(form):
        form.save()
        messages.success(request, _("Your entry is saved."))
        return redirect(entry)

    return form_page(
        request,
        WorkingOnForm(posted(request), instance=entry, editing=True),
        scope="working_on",
        template="pulse/working_on_entry.html",
        on_valid=saved,
        context=context,
    )


def working_on_withdrawn(request, number):
    return render(request, "pulse/working_on_withdrawn.html", {"node": _working_on_node(request, number)})


def contact(request, pk):
    """Write to someone working on a recommendation; neither address is shown to the other."""
    entry = get_object_or_404(
        WorkingOn.objects.shown().filter(may_contact=True, node__in=Node.objects.visible_to(request.user)),
        pk=pk,
    )

    def sent(form):
        services.contact(form=form, entry=entry)
        return redirect("pulse:contact_sent", number=entry.node.number)

    return form_page(
        request,
        ContactForm(posted(request), limit_reached=lambda: services.contact_limit_reached(entry)),
        scope="contact",
        template="pulse/contact.html",
        on_valid=sent,
        context={"entry": entry},
    )


@private_page
def reply(request, token):
    """Answer a message received through the site (the link is in its e-mail): the answer goes back
    through the site, and neither address is shown unless its owner chooses to show it."""
    message = by_private_link(
        ContactMessage.objects.select_related("entry__node", "in_reply_to"), token, field="reply_token"
    )

    def sent(form):
        services.reply(
            to=message, text=form.cleaned_data["message"], share_address=form.cleaned_data["share_address"]
        )
        messages.success(request, _("Your answer is on its way to %(name)s.") % {"name": message.name})
        return redirect(message.get_reply_url())

    return form_page(
        request,
        ReplyForm(posted(request)),
        scope="contact",
        template="pulse/reply.html",
        on_valid=sent,
        context={"message": message, "answers": message.replies.order_by("created_at")},
    )


def contact_sent(request, number):
    return render(request, "pulse/contact_sent.html", {"node": _working_on_node(request, number)})


# -- "E-mail me this link" ----------------------------------------------------------------------


def _email_link_page(request, *, page, title):
    """The form that e-mails the address of `page` (a private page) to its holder."""
    link = request.build_absolute_uri(page)

    def send(form):
        if services.email_link(email=normalise_email(form.cleaned_data["email"]), link=link, title=title):
            messages.success(
                request, _("The link is on its way to that address. We did not keep the address.")
            )
        else:
            messages.warning(request, _("This link already went to that address today: look for it there."))
        return redirect(page)

    return form_page(
        request,
        EmailLinkForm(posted(request)),
        scope="email_link",
        template="pulse/email_link.html",
        on_valid=send,
        context={"page": page, "title": title},
    )


@private_page
def email_result_link(request, token):
    pulse_check = by_private_link(PulseCheck.objects.select_related("instrument"), token)
    title = _("Your Pulse Check: %(instrument)s") % {"instrument": pulse_check.instrument.local_title}
    return _email_link_page(request, page=pulse_check.get_absolute_url(), title=title)


@private_page
def email_facilitator_link(request, token):
    group = by_private_link(GroupCheck.objects.all(), token, field="facilitator_token")
    title = _("Facilitator's page: %(name)s") % {"name": group.name}
    return _email_link_page(request, page=group.get_absolute_url(), title=title)


# -- reminders ----------------------------------------------------------------------------------


@private_page
def remind(request, token):
    pulse_check = by_private_link(PulseCheck.objects.select_related("instrument"), token)
    if pulse_check.group_id:
        raise Http404  # a group's check is not retaken alone: its result offers no reminder

    def asked(form):
        services.ask_for_reminder(
            pulse_check=pulse_check,
            email=normalise_email(form.cleaned_data["email"]),
            months=form.cleaned_data["remind_after"],
        )
        messages.success(
            request, _("Check your e-mail: the reminder starts once you confirm it from the link we sent.")
        )
        return redirect(pulse_check)

    return form_page(
        request,
        ReminderForm(posted(request)),
        scope="reminder",
        template="pulse/remind.html",
        on_valid=asked,
        context={"pulse_check": pulse_check},
    )


@private_page
def confirm_reminder(request, token):
    """From the e-mail: a button, so a mail scanner following the link confirms nothing."""

    def confirmed(form):
        pulse_check = services.confirm_reminder(token=token)
        return render(request, "pulse/reminder_confirmed.html", {"pulse_check": pulse_check})

    return form_page(
        request,
        ConfirmForm(posted(request)),
        scope="pulse",
        template="pulse/confirm_reminder.html",
        on_valid=confirmed,
    )
