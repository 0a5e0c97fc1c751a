from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from blueprint.common.cache import shared_page
from blueprint.common.forms import ConfirmForm, canonical_redirect, whole_number
from blueprint.common.links import by_private_link
from blueprint.common.lists import one_page
from blueprint.common.protection import form_page, posted
from blueprint.pages import services
from blueprint.pages.changes import ChangeStream
from blueprint.pages.forms import FeedbackForm, SignerForm
from blueprint.pages.models import Feedback, Signer
from blueprint.pages.search import search
from cohorts.models import Sector
from examples.models import Example, Tool
from examples.services import first_per_node
from recommendations.models import Node, Page
from recommendations.navigation import Navigation

IN_PRINT = 3  # titles of each node's examples and tools in /print/; then one link to them all
JSON_PER_PAGE = 100
VISITOR_COOKIE = "bp_visitor"
VISITOR_SALT = "blueprint.feedback"
RATED_MODELS = {"node": Node, "page": Page, "example": Example, "tool": Tool}


@require_http_methods(["GET", "POST"])
def feedback(request, kind, pk):
    """ "Was this helpful?": its own page, so reading pages carry no form token and can be cached."""
    model = RATED_MODELS.get(kind)
    if model is None:
        raise Http404
    target = get_object_or_404(model.objects.visible_to(request.user), pk=pk)
    visitor = request.get_signed_cookie(VISITOR_COOKIE, default=None, salt=VISITOR_SALT)
    existing = Feedback.objects.given(target, visitor=visitor)
    # A rating in the address (from a page's buttons) is chosen; else the reader's earlier one.
    chosen = whole_number(request.GET.get("rating"))
    initial = {"rating": chosen} if chosen else {}

    def rated(form):
        vote = services.rate(form=form, page=target, visitor=visitor)
        if request.headers.get("Accept") == "application/json":  # one click, from js/site.js
            response = JsonResponse({"saved": True, "message": str(_("Thank you. Your answer is saved."))})
        else:
            messages.success(request, _("Thank you. Your answer is saved."))
            response = redirect(request.path)
        response.set_signed_cookie(
            VISITOR_COOKIE,
            vote.visitor,
            salt=VISITOR_SALT,
            max_age=365 * 24 * 3600,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
        return response

    return form_page(
        request,
        FeedbackForm(posted(request), instance=existing, initial=initial),
        scope="feedback",
        template="pages/feedback.html",
        on_valid=rated,
        context={"target": target, "existing": existing},
    )


def privacy(request):
    return render(request, "pages/privacy.html")


@shared_page(reads=["page"])
def recent_changes(request):
    """Every change to published content, newest first, fifty a page."""
    listing, redirect_to = one_page(request, ChangeStream(), query={}, per_page=50)
    if redirect_to:
        return redirect_to
    return render(request, "pages/recent_changes.html", listing)


def sign_on(request):
    """ "Sign on (as an individual or as an organization)"."""

    def signed(form):
        services.sign_on(data=form.cleaned_data_for_model())
        return redirect("pages:sign_sent")  # a reload sends no second e-mail

    return form_page(
        request, SignerForm(posted(request)), scope="signature", template="pages/sign.html", on_valid=signed
    )


def sign_sent(request):
    return render(request, "pages/sign_check_email.html")


def signature(request, token):
    """The signer's personal page: confirm the signature, or withdraw it."""
    signer = by_private_link(Signer.objects, token)

    def acted(form):
        if request.POST.get("action") == "withdraw":
            services.withdraw_signature(signer=signer)
        else:
            services.confirm_signature(signer=signer)
        return redirect("pages:signature", token=token)

    return form_page(
        request,
        ConfirmForm(posted(request)),
        scope="signature",
        template="pages/signature.html",
        on_valid=acted,
        context={"signer": signer},
    )


@shared_page(reads=["q", "page"])
def signers(request):
    """The counts, and those who signed publicly a page at a time, searchable by name or
    organization (`?q=`)."""
    confirmed = Signer.objects.confirmed()
    sectors = dict(Sector.choices)
    kinds = dict(Signer.Kind.choices)
    by_sector = confirmed.values("sector").annotate(count=Count("id")).order_by("-count", "sector")
    by_kind = confirmed.values("kind").annotate(count=Count("id")).order_by("-count", "kind")
    query = " ".join(request.GET.get("q", "").split())[:100]
    shown = Signer.objects.shown().order_by("name", "pk")
    if query:
        shown = shown.filter(Q(name__icontains=query) | Q(organisation__icontains=query))
    listing, redirect_to = one_page(request, shown, query={"q": query}, per_page=50)
    if redirect_to:
        return redirect_to
    return render(
        request,
        "pages/signers.html",
        {
            **listing,
            "q": query,
            "total": confirmed.count(),
            "by_sector": [(sectors[row["sector"]], row["count"]) for row in by_sector],
            "by_kind": [(kinds[row["kind"]], row["count"]) for row in by_kind],
        },
    )


@shared_page(reads=["q", "page"])
def search_page(request):
    """ "Search": the query stays in the address, so a results page can be shared."""
    page = whole_number(request.GET.get("page")) or 1
    query = " ".join(request.GET.get("q", "").split())  # as `search` reads it
    results = search(query, page=page)
    shown = min(page, results.pages)
    if redirect_to := canonical_redirect(request, {"q": query, "page": shown if shown > 1 else None}):
        return redirect_to
    navigation = Navigation.for_request(request)
    for result in results.results:
        if result.kind == "node":
            result.breadcrumbs = navigation.ancestors(f"node:{result.object_id}")
    response = render(
        request, "pages/search.html", {"results": results, "q": results.query, **navigation.around()}
    )
    # A search that found nothing is not shared: each one is counted for the editors.
    response.shared_page = results.total > 0
    return response


@shared_page
def print_view(request):
    """The whole Blueprint on one page, in order, to print or save as PDF from the browser."""
    nodes = list(Node.objects.public().in_navigation_order())
    # A few titles of each node's examples and tools, and how many: the Blueprint stays the size
    # of the Blueprint however many examples the community adds.
    examples = first_per_node(Example, per_node=IN_PRINT)
    tools = first_per_node(Tool, per_node=IN_PRINT)
    for node in nodes:
        node.first_examples, node.example_count = examples.get(node.pk, ([], 0))
        node.first_tools, node.tool_count = tools.get(node.pk, ([], 0))
    return render(request, "pages/print.html", {"pages": Page.objects.public().written(), "nodes": nodes})


def tree_json(request):
    """/api/tree.json: every published node in order, with how many examples and tools it has
    and where they are listed, a page at a time (/api/examples.json?node=2.6, docs/editing.md)."""
    navigation = Navigation.for_request(request, readers=True)
    nodes = Node.objects.public().in_bulk()
    examples = first_per_node(Example, per_node=0)
    tools = first_per_node(Tool, per_node=0)

    def absolute(url):
        return request.build_absolute_uri(url)

    def branch(parent_key):
        items = []
        for entry in navigation.children(parent_key):
            if not entry.key.startswith("node:"):
                continue  # the stand-alone pages
            node = nodes[entry.pk]
            items.append(
                {
                    "number": node.number,
                    "title": node.title,
                    "url": absolute(entry.url),
                    "children": branch(entry.key),
                    "examples": {
                        "count": examples.get(node.pk, ([], 0))[1],
                        "url": absolute(reverse("pages:examples_json") + f"?node={node.number}"),
                    },
                    "tools": {
                        "count": tools.get(node.pk, ([], 0))[1],
                        "url": absolute(reverse("pages:tools_json") + f"?node={node.number}"),
                    },
                }
            )
        return items

    return JsonResponse({"principles": branch(None)}, json_dumps_params={"ensure_ascii": False, "indent": 2})


def attachments_json(request, kind):
    """/api/examples.json and /api/tools.json: every published one, or a node's (`?node=2.6`),
    JSON_PER_PAGE at a time (`?page=2`), with the address of the next page."""
    model = {"examples": Example, "tools": Tool}[kind]
    items = model.objects.public().order_by("position", "title", "pk")
    node = Node.objects.public().filter(number=request.GET.get("node", "")).first()
    if node is not None:
        items = items.filter(nodes=node)
    listing, redirect_to = one_page(
        request, items, query={"node": node.number if node else ""}, per_page=JSON_PER_PAGE
    )
    if redirect_to:
        return redirect_to
    page = listing["page"]

    def address(number):
        query = urlencode(
            [
                (name, value)
                for name, value in (("node", node.number if node else ""), ("page", number))
                if value
            ]
        )
        return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))

    return JsonResponse(
        {
            "count": page.paginator.count,
            "page": page.number,
            "pages": page.paginator.num_pages,
            "next": address(page.next_page_number()) if page.has_next() else None,
            "previous": address(page.previous_page_number() if page.number > 2 else "")
            if page.has_previous()
            else None,
            kind: [
                {"title": item.title, "url": request.build_absolute_uri(item.get_absolute_url())}
                for item in page
            ],
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
