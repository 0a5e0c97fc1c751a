from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve

from blueprint.common.cache import shared_page
from blueprint.common.forms import canonical_redirect
from blueprint.common.parts import parts_for
from blueprint.common.protection import form_page, posted
from recommendations.forms import SuggestionForm
from recommendations.models import Node, NodeAddress, Page
from recommendations.navigation import Navigation, sections_under
from recommendations.services import submit_suggestion


def _show_page(request, slug):
    pk = get_object_or_404(Page.objects.visible_to(request.user).values_list("pk", flat=True), slug=slug)
    return page_response(request, get_object_or_404(Page, pk=pk))


def page_response(request, page, *, preview=False):
    """A stand-alone page as readers see it; `preview`: an editor's draft, with nothing to rate."""
    navigation = Navigation.for_request(request)
    key = f"page:{page.pk}"
    # A page out of the navigation (About) has no place in it: no breadcrumbs, previous or next.
    context = {
        **navigation.around(key if navigation.get(key) else None),
        "page": page,
        "parts": parts_for(page, user=request.user),
        "preview": preview,
    }
    return render(request, "recommendations/page.html", context)


@shared_page
def start(request):
    return _show_page(request, Page.START_SLUG)


@shared_page
def about(request):
    return _show_page(request, Page.ABOUT_SLUG)


@shared_page
def page_detail(request, slug):
    if slug in (Page.START_SLUG, Page.ABOUT_SLUG):
        return redirect(Page(slug=slug).get_absolute_url(), permanent=True)
    return _show_page(request, slug)


def permalink(request, number):
    """/r/1.1.4/: whatever holds 1.1.4 now, whatever its title; a number no node holds any more
    leads to its last holder, whose page says until when it was numbered so."""
    visible = Node.objects.visible_to(request.user)
    node = visible.only("number", "slug").filter(number=number).first()
    if node is None:
        node = NodeAddress.objects.last_holder_of(number)
        if node is None or not visible.filter(pk=node.pk).exists():
            raise Http404
    return redirect(node)


def stable_link(request, pk):
    """/n/58/: the permanent link a node's page offers, and cites: that node forever, wherever it
    moves (not a number, which moves hand to other nodes)."""
    return redirect(get_object_or_404(Node.objects.visible_to(request.user).only("number", "slug"), pk=pk))


@shared_page(reads=["format"])
def node_detail(request, number, slug):
    markdown = request.GET.get("format") == "md"
    if redirect_to := canonical_redirect(request, {"format": "md" if markdown else ""}):
        return redirect_to
    if markdown:
        return node_markdown_view(request, number, slug)
    navigation = Navigation.for_request(request)
    entry = navigation.numbered(number)
    if entry is None or entry.slug != slug:
        # A link made for a node that has since moved leads to it, wherever it is now.
        moved = NodeAddress.objects.leading_to(number, slug)
        if moved is not None:  # never to the node that holds the number now
            if navigation.get(f"node:{moved.pk}") is None:
                raise Http404  # it is a draft now, or under one
            return redirect(moved, permanent=True)
    if entry is None:
        raise Http404  # no such node, a draft, or under one
    node = get_object_or_404(Node.objects.visible_to(request.user), pk=entry.pk)
    if slug != node.slug:
        return redirect(node, permanent=True)
    return node_response(request, node, navigation=navigation)


def node_response(request, node, *, navigation=None, preview=False):
    """A node's page as readers see it; `preview`: an editor's draft, with nothing to rate or
    discuss (the draft is not saved, so nobody could)."""
    navigation = navigation or Navigation.for_request(request)
    around = navigation.around(f"node:{node.pk}")
    return render(
        request,
        "recommendations/node.html",
        {
            "node": node,
            **around,
            "sections": sections_under(around["children"], navigation=navigation, user=request.user),
            "parts": parts_for(node, user=request.user),
            "preview": preview or not node.is_published,
            "permanent_link": settings.SITE_URL + node.get_permanent_url(),
        },
    )


def suggest(request, number, slug):
    """ "Suggest an edit": new text for the node, or a new sub-recommendation under it."""
    node = get_object_or_404(Node.objects.visible_to(request.user), number=number)
    latest = node.history.first()
    initial = {"text": node.body, "base_revision_id": latest.history_id if latest else None}

    def suggested(form):
        submit_suggestion(form=form)
        return redirect("recommendations:suggestion_sent", number=node.number, slug=node.slug)

    return form_page(
        request,
        SuggestionForm(posted(request), node=node, initial=initial),
        scope="suggestion",
        template="recommendations/suggest.html",
        on_valid=suggested,
        context={"node": node},
    )


def suggestion_sent(request, number, slug):
    """After a suggestion: thank you (its own address, so a reload sends nothing again)."""
    node = get_object_or_404(Node.objects.visible_to(request.user), number=number)
    return render(request, "recommendations/suggestion_sent.html", {"node": node})


def node_markdown_view(request, number, slug):
    """The node's content as Markdown, as `export_markdown` writes it."""
    node = get_object_or_404(Node.objects.visible_to(request.user), number=number)
    return HttpResponse(node.as_markdown(), content_type="text/markdown; charset=utf-8")


def gitbook_redirect(request, old_path):
    """Links to the old GitBook site keep working: a permanent redirect to the node's page."""
    node = Node.objects.public().filter(gitbook_path=old_path.strip("/")).first()
    if node is not None:
        return redirect(node, permanent=True)
    if not old_path.endswith("/"):
        # This catch-all hides every address from APPEND_SLASH, so do its job here.
        try:
            match = resolve(f"{request.path_info}/")  # (with its language prefix, /es/…)
        except Resolver404:
            match = None
        if match is not None and match.func is not gitbook_redirect:
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"{request.path}/" + (f"?{query}" if query else ""), permanent=True)
    raise Http404
