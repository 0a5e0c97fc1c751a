import secrets
import sys
import time

import django_comments
from django.conf import settings
from django_comments.views import comments as django_comments_views
from django_comments_xtd.models import XtdComment

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from blueprint.comment_forms import FlagForm
from blueprint.comments import comments_for
from blueprint.forms import ConfirmForm, FeedbackForm, SignerForm
from blueprint.history import recent_changes as changes
from blueprint.page_cache import CONTENT, SIGNERS, shared_page, shows
from blueprint.protection import (
    AUTOMATED,
    EXPIRED,
    TOO_FAST,
    TOO_MANY,
    Refusal,
    guard,
    rate_limited,
    render_form,
)
from blueprint.services import confirm_signature, withdraw_signature
from blueprint.services import flag_comment as flag_comment_service
from blueprint.services import sign_on as sign_on_service
from blueprint.models import Feedback, Page, Sector, Signer
from blueprint.search import search
from examples.models import Example, Tool
from recommendations.models import Node
from recommendations.navigation import Navigation

VISITOR_COOKIE = "bp_visitor"
VISITOR_SALT = "blueprint.feedback"
RATED_MODELS = {"node": Node, "page": Page, "example": Example, "tool": Tool}


def _show_page(request, slug):
    navigation = Navigation.for_request(request)
    pk = get_object_or_404(Page.objects.visible_to(request.user).values_list("pk", flat=True), slug=slug)
    key = f"page:{pk}"
    # Versions before content: an edit in between only makes the copy look older than it is.
    context = {**navigation.around(key), "signer_count": None}
    if slug == Page.START_SLUG:
        shows(request, key, SIGNERS)
        context["signer_count"] = Signer.objects.confirmed().count()
    else:
        shows(request, key)
    context["page"] = get_object_or_404(Page, pk=pk)
    return render(request, "blueprint/page.html", context)


@shared_page
def start(request):
    return _show_page(request, Page.START_SLUG)


@shared_page
def page_detail(request, slug):
    if slug == Page.START_SLUG:
        return redirect("blueprint:start", permanent=True)
    return _show_page(request, slug)


@never_cache
def healthz(request):
    """200 while the database answers."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


@require_http_methods(["GET", "POST"])
def feedback(request, kind, pk):
    """ "Was this helpful?": its own page, so reading pages carry no form token and can be cached."""
    model = RATED_MODELS.get(kind)
    if model is None:
        raise Http404
    target = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    visitor = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT)
    existing = None
    if visitor:
        existing = Feedback.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id=pk, visitor=visitor
        ).first()

    refusal = None
    if request.method == "POST":
        form = FeedbackForm(request.POST, instance=existing)
        refusal = guard(request, form, "feedback")
        if refusal is None and form.is_valid():
            vote = form.save(commit=False)
            if existing is None:
                visitor = visitor or secrets.token_urlsafe(24)
                vote.page = target
                vote.visitor = visitor
            vote.save()
            messages.success(request, _("Thank you. Your answer is saved."))
            response = redirect(request.path)
            response.set_signed_cookie(
                VISITOR_COOKIE,
                visitor,
                salt=VISITOR_SALT,
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
    else:
        initial = {}
        if request.GET.get("rating", "").isdigit():
            initial["rating"] = int(request.GET["rating"])
        form = FeedbackForm(instance=existing, initial=initial)
    return render_form(
        request,
        "blueprint/feedback.html",
        {"form": form, "target": target, "existing": existing},
        refusal,
    )


def not_found(request, exception=None):
    return render(request, "404.html", status=404)


# While the database cannot be reached, every page says so plainly and asks to come back; the
# next request after it returns opens a new connection (CONN_HEALTH_CHECKS), so the site
# recovers by itself.
DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request):
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_DOWN):
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.render_to_string("500.html"))


COMMENTABLE = {"node": Node, "example": Example, "tool": Tool}


def _commentable(request, kind, pk):
    model = COMMENTABLE.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.visible_to(request.user), pk=pk)


def _comment_form_page(request, form, target, *, refusal=None, reply_to=None):
    return render_form(
        request,
        "comments/form_page.html",
        {"form": form, "target": target, "reply_to": reply_to},
        refusal,
    )


def comment_form(request, kind, pk):
    """The comment form has its own page, so reading pages carry no form token."""
    target = _commentable(request, kind, pk)
    reply_to = None
    if request.GET.get("reply_to", "").isdigit():
        reply_to = comments_for(target).filter(pk=int(request.GET["reply_to"]), level=0).first()
    form = django_comments.get_form()(target, initial={"reply_to": reply_to.pk if reply_to else 0})
    return _comment_form_page(request, form, target, reply_to=reply_to)


@require_http_methods(["POST"])
def post_comment(request):
    """Our protections first (rate limit, honeypot, minimum time), then django-comments-xtd's.

    A refused comment, or one whose form expired, comes back filled in: nothing is lost.
    """
    try:
        app_label, model_name = request.POST.get("content_type", "").split(".")
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
        kind = {model: name for name, model in COMMENTABLE.items()}[model]
        target = _commentable(request, kind, int(request.POST.get("object_pk", "")))
    except (ValueError, KeyError, ContentType.DoesNotExist):
        raise Http404 from None
    form = django_comments.get_form()(target, data=request.POST)
    refusal = None
    if rate_limited(request, "comment"):
        refusal = Refusal(str(TOO_MANY), 429)
    elif request.POST.get("honeypot"):
        refusal = Refusal(str(AUTOMATED), 400)
    elif form.security_errors():
        # Usually a form left open for hours: start a fresh one with everything typed kept.
        fields = ("name", "email", "comment", "followup", "reply_to")
        form = django_comments.get_form()(
            target, initial={name: request.POST.get(name, "") for name in fields}
        )
        refusal = Refusal(str(EXPIRED), 400)
    elif not form.errors and _too_fast(request.POST.get("timestamp", "")):
        refusal = Refusal(str(TOO_FAST), 400)
    if refusal:
        return _comment_form_page(request, form, target, refusal=refusal)
    return django_comments_views.post_comment(request)


def _too_fast(timestamp):
    try:
        return time.time() - int(timestamp) < settings.FORM_MIN_SECONDS
    except ValueError:
        return True


@require_http_methods(["GET", "POST"])
def flag_comment(request, comment_id):
    """Readers report a comment without an account; it waits for an editor."""
    comment = get_object_or_404(XtdComment, pk=comment_id, is_public=True, is_removed=False)
    refusal = None
    if request.method == "POST":
        form = FlagForm(request.POST)
        refusal = guard(request, form, "flag")
        if refusal is None and form.is_valid():
            flag_comment_service(comment=comment)
            return render(request, "comments/flagged.html", {"comment": comment})
    else:
        form = FlagForm()
    return render_form(request, "comments/flag.html", {"comment": comment, "form": form}, refusal)


def privacy(request):
    return render(request, "blueprint/privacy.html")


@shared_page
def recent_changes(request):
    shows(request, CONTENT)
    return render(request, "blueprint/recent_changes.html", {"changes": changes(limit=100)})


def comment_target(request, content_type_id, object_id):
    """Where a comment's link leads: the page it is on (a relative address, unlike the library's)."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model not in COMMENTABLE.values():
        raise Http404
    target = get_object_or_404(model.objects.visible_to(request.user), pk=object_id)
    return redirect(target)


def sign_on(request):
    """ "Sign on (as an individual or as an organization)"."""
    refusal = None
    if request.method == "POST":
        form = SignerForm(request.POST)
        refusal = guard(request, form, "signature")
        if refusal is None and form.is_valid():
            sign_on_service(data=form.cleaned_data_for_model())
            return render(request, "blueprint/sign_check_email.html")
    else:
        form = SignerForm()
    return render_form(request, "blueprint/sign.html", {"form": form}, refusal)


def signature(request, token):
    """The signer's personal page: confirm the signature, or withdraw it."""
    signer = get_object_or_404(Signer, token=token)
    refusal = None
    if request.method == "POST":
        form = ConfirmForm(request.POST)
        refusal = guard(request, form, "signature")
        if refusal is None and form.is_valid():
            if request.POST.get("action") == "withdraw":
                withdraw_signature(signer=signer)
            else:
                confirm_signature(signer=signer)
            return redirect("blueprint:signature", token=token)
    return render_form(
        request, "blueprint/signature.html", {"signer": signer, "form": ConfirmForm()}, refusal
    )


@shared_page
def signers(request):
    shows(request, SIGNERS)
    confirmed = Signer.objects.confirmed()
    sectors = dict(Sector.choices)
    kinds = dict(Signer.Kind.choices)
    by_sector = confirmed.values("sector").annotate(count=Count("id")).order_by("-count", "sector")
    by_kind = confirmed.values("kind").annotate(count=Count("id")).order_by("-count", "kind")
    return render(request, "blueprint/signers.html", {
        "signers": Signer.objects.shown().order_by("name"),
        "total": confirmed.count(),
        "by_sector": [(sectors[row["sector"]], row["count"]) for row in by_sector],
        "by_kind": [(kinds[row["kind"]], row["count"]) for row in by_kind],
    })


@shared_page
def search_page(request):
    """ "Search": the query stays in the address, so a results page can be shared."""
    navigation = Navigation.for_request(request)
    shows(request, CONTENT)
    page = request.GET.get("page", "1")
    results = search(request.GET.get("q", ""), page=int(page) if page.isdigit() else 1)
    for result in results.results:
        if result.kind == "node":
            result.breadcrumbs = navigation.ancestors(f"node:{result.object_id}")
    response = render(
        request, "blueprint/search.html", {"results": results, "q": results.query, **navigation.around()}
    )
    # A search that found nothing is not shared: each one is counted for the editors.
    response.shared_page = results.total > 0
    return response


def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /comments/",
        "Disallow: /feedback/",
        "Disallow: /cohorts/sign-up/",
        "Disallow: /cohorts/members/",
        "Disallow: /examples/submissions/",
        "Disallow: /sign/",
        "Disallow: /search/",
        f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@shared_page
def print_view(request):
    """The whole Blueprint on one page, in order, to print or save as PDF from the browser."""
    shows(request, CONTENT)
    nodes = Node.objects.public().in_navigation_order().prefetch_related(
        Prefetch("examples", queryset=Example.objects.published()),
        Prefetch("tools", queryset=Tool.objects.published()),
    )
    return render(request, "blueprint/print.html", {"pages": Page.objects.published(), "nodes": nodes})


def switch_language(request, code):
    """The language switcher: a plain link (no form token), back to the same page."""
    from django.utils.http import url_has_allowed_host_and_scheme

    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax",
        secure=request.is_secure(),
    )
    return response
