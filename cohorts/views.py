from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from blueprint.protection import guard, render_form
from cohorts import services
from cohorts.forms import CohortFilterForm, ConfirmForm, InterestForm, SignUpForm
from cohorts.models import Cohort, Interest, SignUp
from recommendations.models import Node


def cohort_list(request):
    form = CohortFilterForm(request.GET or None)
    cohorts = form.filter(Cohort.objects.with_seats_taken().select_related("node")).order_by("-starts_on", "name")
    return render(request, "cohorts/list.html", {"form": form, "cohorts": cohorts})


def cohort_detail(request, slug):
    cohort = get_object_or_404(Cohort.objects.with_seats_taken().select_related("node"), slug=slug)
    members = cohort.sign_ups.members()
    by_sector = members.values("sector").annotate(count=Count("id")).order_by("-count", "sector")
    by_region = members.values("state_or_country").annotate(count=Count("id")).order_by("-count", "state_or_country")
    sectors = dict(SignUp._meta.get_field("sector").choices)
    return render(request, "cohorts/detail.html", {
        "cohort": cohort,
        "by_sector": [(sectors[row["sector"]], row["count"]) for row in by_sector],
        "by_region": [(row["state_or_country"], row["count"]) for row in by_region],
    })


def join(request, slug):
    cohort = get_object_or_404(Cohort, slug=slug)
    if not cohort.is_open:
        return render(request, "cohorts/not_open.html", {"cohort": cohort}, status=410)
    refusal = None
    if request.method == "POST":
        form = SignUpForm(request.POST)
        refusal = guard(request, form, "signup")
        if refusal is None and form.is_valid():
            services.sign_up(cohort=cohort, data=form.cleaned_data_for_model())
            return render(request, "cohorts/check_email.html", {"cohort": cohort})
    else:
        form = SignUpForm()
    return render_form(request, "cohorts/join.html", {"cohort": cohort, "form": form}, refusal)


def sign_up_page(request, token):
    """The member's personal page: confirm, accept an offered seat, or withdraw."""
    sign_up = get_object_or_404(SignUp.objects.select_related("cohort"), token=token)
    refusal = None
    form = ConfirmForm(request.POST or None)
    if request.method == "POST":
        refusal = guard(request, form, "signup")
        action = request.POST.get("action")
        if refusal is None and form.is_valid():
            if action == "confirm":
                services.confirm_sign_up(sign_up=sign_up)
            elif action == "accept":
                services.accept_offer(sign_up=sign_up)
            elif action == "withdraw":
                services.withdraw(sign_up=sign_up)
            return redirect(sign_up)
    sign_up.refresh_from_db()
    position = None
    if sign_up.status == SignUp.Status.WAITLISTED:
        position = list(sign_up.cohort.sign_ups.waitlist().values_list("pk", flat=True)).index(sign_up.pk) + 1
    return render_form(
        request,
        "cohorts/sign_up.html",
        {"sign_up": sign_up, "form": ConfirmForm(), "position": position},
        refusal,
    )


def members(request, token):
    """Members who chose to be listed, shown to members only, through their personal link."""
    sign_up = get_object_or_404(SignUp.objects.select_related("cohort"), token=token)
    if sign_up.status != SignUp.Status.MEMBER:
        raise Http404
    listed = sign_up.cohort.sign_ups.members().filter(listed_to_members=True).order_by("name")
    return render(request, "cohorts/members.html", {"sign_up": sign_up, "members": listed})


def interest(request, number):
    node = get_object_or_404(Node.objects.published(), number=number, level__gte=1)
    refusal = None
    if request.method == "POST":
        form = InterestForm(request.POST)
        refusal = guard(request, form, "signup")
        if refusal is None and form.is_valid():
            services.register_interest(node=node, name=form.cleaned_data["name"], email=form.cleaned_data["email"])
            return render(request, "cohorts/interest_check_email.html", {"node": node})
    else:
        form = InterestForm()
    return render_form(request, "cohorts/interest.html", {"node": node, "form": form}, refusal)


def interest_page(request, token):
    interest = get_object_or_404(Interest.objects.select_related("node"), token=token)
    refusal = None
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        refusal = guard(request, form, "signup")
        if refusal is None and form.is_valid():
            if request.POST.get("action") == "withdraw":
                interest.delete()
                return render(request, "cohorts/interest_withdrawn.html", {"node": interest.node})
            interest.confirmed = True
            interest.save(update_fields=["confirmed"])
            return redirect("cohorts:interest_page", token=token)
    return render_form(
        request,
        "cohorts/interest_page.html",
        {"interest": interest, "form": ConfirmForm()},
        refusal,
    )
