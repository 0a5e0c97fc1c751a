from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from blueprint.views import page_context
from examples.models import Example, Tool
from recommendations.models import Node
from recommendations.navigation import Navigation


def _attachment_page(request, model, slug, template):
    attachment = get_object_or_404(model.objects.visible_to(request.user), slug=slug)
    nodes = Node.objects.visible_to(request.user).filter(**{f"{model._meta.model_name}s": attachment})
    context = page_context(Navigation.for_request(request), None)
    context.update(
        attachment=attachment,
        nodes=nodes.in_navigation_order(),
        rating_target=(model._meta.model_name, attachment.pk),
    )
    return render(request, template, context)


def example_detail(request, slug):
    return _attachment_page(request, Example, slug, "examples/example.html")


def tool_detail(request, slug):
    return _attachment_page(request, Tool, slug, "examples/tool.html")


def tool_download(request, slug):
    tool = get_object_or_404(Tool.objects.visible_to(request.user), slug=slug)
    if not tool.file:
        raise Http404
    try:
        handle = tool.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=tool.file.name.rsplit("/", 1)[-1])
