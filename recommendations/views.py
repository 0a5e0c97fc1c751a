from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from blueprint.page_cache import shared_page, shows
from blueprint.protection import guard, render_form
from examples.models import Example, Tool
from recommendations.models import Node
from recommendations.forms import SuggestionForm
from recommendations.navigation import Navigation, node_key
from recommendations.services import submit_suggestion


def permalink(request, number):
    """/r/1.1.4/ stays valid when a title (and so the slug) changes."""
    node = get_object_or_404(Node.objects.visible_to(request.user).only("number", "slug"), number=number)
    return redirect(node)


@shared_page
def node_detail(request, number, slug):
    if request.GET.get("format") == "md":
        return node_markdown_view(request, number, slug)
    navigation = Navigation.for_request(request)
    entry = navigation.numbered(number)
    if entry is None:
        raise Http404  # no such node, a draft, or under one
    shows(request, entry.key)  # before the node is read: an edit in between only makes the copy look older
    node = get_object_or_404(Node.objects.visible_to(request.user), pk=entry.pk)
    if slug != node.slug:
        return redirect(node, permanent=True)
    return render(request, "recommendations/node.html", {"node": node, **navigation.around(entry.key)})


def suggest(request, number, slug):
    """ "Suggest an edit": new text for the node, or a new sub-recommendation under it."""
    node = get_object_or_404(Node.objects.published(), number=number)
    if node_key(node) not in Navigation.for_request(request):
        raise Http404
    refusal = None
    if request.method == "POST":
        form = SuggestionForm(request.POST, node=node)
        refusal = guard(request, form, "suggestion")
        if refusal is None and form.is_valid():
            submit_suggestion(form=form)
            return render(request, "recommendations/suggestion_sent.html", {"node": node})
    else:
        latest = node.history.first()
        form = SuggestionForm(
            node=node,
            initial={"text": node.body, "base_revision_id": latest.history_id if latest else None},
        )
    return render_form(
        request, "recommendations/suggest.html", {"form": form, "node": node}, refusal
    )


def node_markdown_view(request, number, slug):
    """The node's content as Markdown, as `export_markdown` writes it."""
    from django.http import HttpResponse

    from recommendations.markdown_io import node_markdown

    node = get_object_or_404(Node.objects.published(), number=number)
    if node_key(node) not in Navigation.for_request(request):
        raise Http404
    return HttpResponse(node_markdown(node), content_type="text/markdown; charset=utf-8")


def gitbook_redirect(request, old_path):
    """Links to the old GitBook site keep working: a permanent redirect to the node's page."""
    node = Node.objects.published().filter(gitbook_path=old_path.strip("/")).first()
    if node is not None:
        return redirect(node, permanent=True)
    if not old_path.endswith("/"):
        # This catch-all hides every address from APPEND_SLASH, so do its job here.
        from django.urls import Resolver404, resolve

        try:
            match = resolve(f"/{old_path}/")
        except Resolver404:
            match = None
        if match is not None and match.func is not gitbook_redirect:
            query = request.META.get("QUERY_STRING", "")
            return redirect(f"/{old_path}/" + (f"?{query}" if query else ""), permanent=True)
    raise Http404


def tree_json(request):
    """/api/tree.json: every published node in order, with its examples and tools."""
    from django.http import JsonResponse

    navigation = Navigation.current()
    nodes = {
        node.pk: node
        for node in Node.objects.published().prefetch_related(
            Prefetch("examples", queryset=Example.objects.published()),
            Prefetch("tools", queryset=Tool.objects.published()),
        )
    }

    def absolute(url):
        return request.build_absolute_uri(url)

    def build(parent_key):
        items = []
        for entry in navigation.children(parent_key):
            if not entry.key.startswith("node:"):
                continue
            node = nodes[int(entry.key.split(":")[1])]
            items.append({
                "number": node.number,
                "title": node.title,
                "url": absolute(entry.url),
                "children": build(entry.key),
                "examples": [{"title": e.title, "url": absolute(e.get_absolute_url())} for e in node.examples.all()],
                "tools": [{"title": t.title, "url": absolute(t.get_absolute_url())} for t in node.tools.all()],
            })
        return items

    return JsonResponse({"principles": build(None)}, json_dumps_params={"ensure_ascii": False, "indent": 2})
