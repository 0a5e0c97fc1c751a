from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from blueprint.page_cache import shared_page, shows
from blueprint.uploads import TOOL_FILE_TYPES, extension
from blueprint.protection import guard, render_form
from examples.forms import ExampleSubmissionForm, SubmissionChangesForm
from examples.models import Example, ExampleSubmission, Tool
from examples.services import resubmit_example
from examples.services import submit_example as submit_example_service
from recommendations.models import Node
from recommendations.navigation import Navigation


def _attachment_page(request, model, slug, template):
    navigation = Navigation.for_request(request)
    visible = model.objects.visible_to(request.user)
    pk = get_object_or_404(visible.values_list("pk", flat=True), slug=slug)
    kind = model._meta.model_name
    shows(request, f"{kind}:{pk}")  # before its content: an edit in between only makes the copy look older
    attachment = get_object_or_404(visible, pk=pk)
    nodes = attachment.nodes.visible_to(request.user).in_navigation_order()
    return render(request, template, {"attachment": attachment, "nodes": nodes, "kind": kind, **navigation.around()})


@shared_page
def example_detail(request, slug):
    return _attachment_page(request, Example, slug, "examples/example.html")


@shared_page
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
    name = tool.file.name.rsplit("/", 1)[-1]
    content_type = TOOL_FILE_TYPES.get(extension(name), "application/octet-stream")
    return FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)


def submit_example(request):
    """ "Submit an example": saved at once as pending, with a private status link."""
    if request.method == "POST":
        form = ExampleSubmissionForm(request.POST)
        refusal = guard(request, form, "submission")
        if refusal is None and form.is_valid():
            submission = submit_example_service(form=form)
            return redirect("examples:submission_sent", token=submission.token)
    else:
        number = request.GET.get("node", "")
        initial_nodes = Node.objects.published().filter(number=number)
        form = ExampleSubmissionForm(initial={"nodes": list(initial_nodes)})
        refusal = None
    return render_form(request, "examples/submit.html", {"form": form}, refusal)


def submission_sent(request, token):
    submission = get_object_or_404(ExampleSubmission, token=token)
    return render(request, "examples/submission_sent.html", {"submission": submission})


def submission_status(request, token):
    """The submitter's private page: where the submission stands, and changes when asked for."""
    submission = get_object_or_404(ExampleSubmission, token=token)
    form = refusal = None
    if submission.can_be_changed_by_submitter:
        if request.method == "POST":
            form = SubmissionChangesForm(request.POST, instance=submission)
            refusal = guard(request, form, "submission")
            if refusal is None and form.is_valid():
                resubmit_example(form=form)
                return redirect(submission)
        else:
            form = SubmissionChangesForm(instance=submission)
    return render_form(
        request,
        "examples/submission_status.html",
        {"submission": submission, "form": form},
        refusal,
    )
