from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from blueprint.common.forms import ConfirmForm
from blueprint.common.links import by_private_link
from blueprint.common.protection import form_page, posted
from cohorts import services
from cohorts.forms import CohortFilterForm, InterestChoiceForm, InterestForm, SignUpForm
from cohorts.models import Cohort, Interest, Sector, SignUp
from recommendations.models import Node
from recommendations.navigation import Navigation


def cohort_list(request):
    """Every cohort, filtered; with none at all, that none is open and "Tell me when one starts"."""
    form = CohortFilterForm(request.GET or None)
    visible = Cohort.objects.visible_to(request.user)
    cohorts = form.filter(visible.with_seats_taken().select_related("node")).order_by("-starts_on", "name")
    return render(
        request,
        "cohorts/list.html",
        {
            "form": form,
            "cohorts": cohorts,
            "none_at_all": not visible.exists(),
            "interest_form": InterestChoiceForm(),
            **Navigation.for_request(request).around(),
        },
    )


def choose_interest(request):
    """ "Tell me when one starts" from the cohorts' page: on to that recommendation's own form."""
    form = InterestChoiceForm(request.GET or None)
    if form.is_valid():
        return redirect("cohorts:interest", number=form.cleaned_data["number"].number)
    return render(
        request,
        "cohorts/choose_interest.html",
        {"interest_form": form, **Navigation.for_request(request).around()},
    )


def cohort_detail(request, slug):
    cohort = get_object_or_404(
        Cohort.objects.visible_to(request.user).with_seats_taken().select_related("node"), slug=slug
    )
    sectors = dict(Sector.choices)
    return render(
        request,
        "cohorts/detail.html",
        {
            "cohort": cohort,
            "by_sector": [(sectors[sector], count) for sector, count in cohort.sign_ups.mix_by("sector")],
            "by_region": list(cohort.sign_ups.mix_by("state_or_country")),
        },
    )


def join(request, slug):
    cohort = get_object_or_404(Cohort.objects.visible_to(request.user), slug=slug)
    if not cohort.is_open:
        return render(request, "cohorts/not_open.html", {"cohort": cohort}, status=410)

    def signed_up(form):
        services.sign_up(cohort=cohort, data=form.cleaned_data_for_model())
        return redirect("cohorts:join_sent", slug=cohort.slug)  # a reload sends nothing again

    return form_page(
        request,
        SignUpForm(posted(request)),
        scope="signup",
        template="cohorts/join.html",
        on_valid=signed_up,
        context={"cohort": cohort},
    )


def sign_up_page(request, token):
    """The member's personal page: confirm, accept an offered seat, or withdraw."""
    sign_up = by_private_link(SignUp.objects.select_related("cohort"), token)
    actions = {
        "confirm": services.confirm_sign_up,
        "accept": services.accept_offer,
        "withdraw-confirmed": services.withdraw,  # "withdraw" asks first
    }

    def acted(form):
        if request.POST.get("action") == "withdraw" and sign_up.can_withdraw:
            return render(request, "cohorts/withdraw.html", {"sign_up": sign_up, "form": ConfirmForm()})
        action = actions.get(request.POST.get("action"))
        if action is not None:
            action(sign_up=sign_up)
        return redirect(sign_up)

    return form_page(
        request,
        ConfirmForm(posted(request)),
        scope="signup",
        template="cohorts/sign_up.html",
        on_valid=acted,
        context={"sign_up": sign_up, "position": sign_up.waitlist_position()},
    )


def members(request, token):
    """Members who chose to be listed, shown to members only, through their personal link."""
    sign_up = by_private_link(SignUp.objects.select_related("cohort"), token)
    if sign_up.status != SignUp.Status.MEMBER:
        raise Http404
    listed = sign_up.cohort.sign_ups.members().filter(listed_to_members=True).order_by("name")
    return render(request, "cohorts/members.html", {"sign_up": sign_up, "members": listed})


def join_sent(request, slug):
    """After joining: check your e-mail (its own address, so a reload sends nothing again)."""
    cohort = get_object_or_404(Cohort.objects.visible_to(request.user), slug=slug)
    return render(request, "cohorts/check_email.html", {"cohort": cohort})


def interest_sent(request, number):
    node = get_object_or_404(Node.objects.visible_to(request.user), number=number)
    return render(request, "cohorts/interest_check_email.html", {"node": node})


def interest_withdrawn(request, number):
    node = get_object_or_404(Node.objects.visible_to(request.user), number=number)
    return render(request, "cohorts/interest_withdrawn.html", {"node": node})


def interest(request, number):
    node = get_object_or_404(Node.objects.visible_to(request.user).taking_cohorts(), number=number)

    def registered(form):
        services.register_interest(
            node=node, name=form.cleaned_data["name"], email=form.cleaned_data["email"]
        )
        return redirect("cohorts:interest_sent", number=node.number)

    return form_page(
        request,
        InterestForm(posted(request)),
        scope="signup",
        template="cohorts/interest.html",
        on_valid=registered,
        context={"node": node},
    )


def interest_page(request, token):
    interest = by_private_link(Interest.objects.select_related("node"), token)

    def acted(form):
        if request.POST.get("action") == "withdraw":
            services.withdraw_interest(interest=interest)
            return redirect("cohorts:interest_withdrawn", number=interest.node.number)
        services.confirm_interest(interest=interest)
        return redirect("cohorts:interest_page", token=token)

    return form_page(
        request,
        ConfirmForm(posted(request)),
        scope="signup",
        template="cohorts/interest_page.html",
        on_valid=acted,
        context={"interest": interest},
    )
