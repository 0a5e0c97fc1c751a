from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from blueprint.common.cache import shared_page
from blueprint.common.links import by_private_link
from blueprint.common.lists import one_page
from blueprint.common.parts import parts_for
from blueprint.common.protection import form_page, posted
from examples import services
from examples.files import TOOL_FILE_TYPES, extension
from examples.forms import AttachmentFilter, ExampleSubmissionForm, SubmissionChangesForm
from examples.models import Example, ExampleSubmission, Tool
from recommendations.models import Node
from recommendations.navigation import Navigation

TEMPLATES = {Example: "examples/example.html", Tool: "examples/tool.html"}


def _attachment_page(request, model, slug):
    attachment = get_object_or_404(model.objects.visible_to(request.user), slug=slug)
    return attachment_response(request, attachment)


def attachment_response(request, attachment, *, nodes=None, preview=False):
    """An example's or a tool's page as readers see it; `preview`: an editor's draft (`nodes`:
    the ones it would be attached to), with nothing to rate or discuss."""
    if nodes is None:
        nodes = attachment.nodes.visible_to(request.user).in_navigation_order()
    context = {
        "attachment": attachment,
        "nodes": nodes,
        "kind": attachment._meta.model_name,
        "parts": parts_for(attachment, user=request.user),
        "preview": preview or not attachment.is_published,
        **Navigation.for_request(request).around(),
    }
    return render(request, TEMPLATES[type(attachment)], context)


@shared_page
def example_detail(request, slug):
    return _attachment_page(request, Example, slug)


@shared_page
def tool_detail(request, slug):
    return _attachment_page(request, Tool, slug)


def _attachment_list(request, model, template, **filters):
    """/examples/ and /tools/: everything of one kind, filtered (`?node=1.1.4`: what is attached
    to one node), a page at a time, each with what it illustrates."""
    navigation = Navigation.for_request(request)
    principles = list(Node.objects.visible_to(request.user).principles().in_navigation_order())
    node = Node.objects.visible_to(request.user).filter(number=request.GET.get("node", "")).first()
    visible = model.objects.visible_to(request.user)
    if node is not None:
        visible = visible.filter(nodes=node)
    form = AttachmentFilter(request.GET, principles=principles, **filters)
    items = form.filtered(visible, principles).prefetch_related(
        Prefetch(
            "nodes",
            queryset=Node.objects.visible_to(request.user).in_navigation_order().only("number", "slug"),
        )
    )
    query = {"node": node.number if node else "", **form.canonical_query()}
    listing, redirect_to = one_page(request, items, query=query)
    if redirect_to:
        return redirect_to
    return render(request, template, {"form": form, "node": node, **listing, **navigation.around()})


@shared_page(reads=["node", "q", "principle", "place", "page"])
def example_list(request):
    places = (
        Example.objects.visible_to(request.user)
        .exclude(place="")
        .order_by("place")
        .values_list("place", flat=True)
    )
    return _attachment_list(request, Example, "examples/example_list.html", places=list(places.distinct()))


@shared_page(reads=["node", "q", "principle", "kind", "page"])
def tool_list(request):
    return _attachment_list(request, Tool, "examples/tool_list.html", kinds=Tool.Kind.choices)


def tool_download(request, slug):
    tool = get_object_or_404(Tool.objects.visible_to(request.user), slug=slug)
    if not tool.file:
        raise Http404
    try:
        handle = tool.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = tool.file.name.rsplit("/", 1)[-1]
    content_type = TOOL_FILE_TYPES.get(extension(name), "application/octet-stream")
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


def submit_example(request):
    """ "Submit an example": saved at once as pending, with a private status link."""

    def submitted(form):
        submission = services.submit_example(form=form)
        return redirect("examples:submission_sent", token=submission.token)

    # "Submit an example" from a node's page starts with that node chosen.
    initial = {"nodes": list(Node.objects.public().filter(number=request.GET.get("node", "")))}
    return form_page(
        request,
        ExampleSubmissionForm(posted(request), initial=initial),
        scope="submission",
        template="examples/submit.html",
        on_valid=submitted,
    )


def submission_sent(request, token):
    submission = by_private_link(ExampleSubmission.objects, token)
    return render(request, "examples/submission_sent.html", {"submission": submission})


def submission_status(request, token):
    """The submitter's private page: where the submission stands, and changes when asked for."""
    submission = by_private_link(ExampleSubmission.objects, token)
    if not submission.can_be_changed_by_submitter:
        return render(request, "examples/submission_status.html", {"submission": submission})

    def resubmitted(form):
        services.resubmit_example(form=form)
        return redirect(submission)

    return form_page(
        request,
        SubmissionChangesForm(posted(request), instance=submission),
        scope="submission",
        template="examples/submission_status.html",
        on_valid=resubmitted,
        context={"submission": submission},
    )
