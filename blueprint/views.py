import secrets

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from blueprint.forms import FeedbackForm
from blueprint.models import Feedback, Page
from examples.models import Example, Tool
from recommendations.models import Node
from recommendations.navigation import Navigation, page_key

VISITOR_COOKIE = "bp_visitor"
VISITOR_SALT = "blueprint.feedback"
RATED_MODELS = {"node": Node, "page": Page, "example": Example, "tool": Tool}


def page_context(navigation, key):
    """What every reading page around `key` shows: the navigation, breadcrumbs, previous/next."""
    return {
        "navigation_html": navigation.html_for(key),
        "breadcrumbs": navigation.ancestors(key),
        "previous": navigation.previous(key),
        "next": navigation.next(key),
        "children": navigation.children(key) if key else [],
    }


def _show_page(request, page):
    if not page.is_published and not request.user.is_staff:
        raise Http404
    context = page_context(Navigation.for_request(request), page_key(page))
    context.update(page=page, rating_target=("page", page.pk))
    return render(request, "blueprint/page.html", context)


def start(request):
    return _show_page(request, get_object_or_404(Page, slug=Page.START_SLUG))


def page_detail(request, slug):
    if slug == Page.START_SLUG:
        return redirect("blueprint:start", permanent=True)
    return _show_page(request, get_object_or_404(Page, slug=slug))


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
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

    if request.method == "POST":
        form = FeedbackForm(request.POST, instance=existing)
        if form.is_valid():
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
    return render(
        request,
        "blueprint/feedback.html",
        {"form": form, "target": target, "existing": existing},
    )


def not_found(request, exception=None):
    return render(request, "404.html", status=404)
