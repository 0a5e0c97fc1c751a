from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from blueprint.views import page_context
from examples.models import Example, Tool
from recommendations.models import Node
from recommendations.navigation import Navigation, node_key


def permalink(request, number):
    """/r/1.1.4/ stays valid when a title (and so the slug) changes."""
    node = get_object_or_404(Node.objects.visible_to(request.user).only("number", "slug"), number=number)
    return redirect(node)


def node_detail(request, number, slug):
    node = get_object_or_404(
        Node.objects.prefetch_related(
            Prefetch("examples", queryset=Example.objects.visible_to(request.user)),
            Prefetch("tools", queryset=Tool.objects.visible_to(request.user)),
        ),
        number=number,
    )
    key = node_key(node)
    navigation = Navigation.for_request(request)
    if key not in navigation:
        raise Http404  # a draft, or under one
    if slug != node.slug:
        return redirect(node, permanent=True)
    context = page_context(navigation, key)
    context.update(node=node, rating_target=("node", node.pk))
    return render(request, "recommendations/node.html", context)
