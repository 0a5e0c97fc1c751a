import django_comments
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_comments.views.comments import post_comment as library_post_comment
from django_comments_xtd.models import XtdComment

from blueprint.comments import links, services
from blueprint.comments.forms import FlagForm
from blueprint.comments.models import comments_for, threads_for
from blueprint.common.cache import shared_page
from blueprint.common.forms import ConfirmForm, whole_number
from blueprint.common.lists import one_page
from blueprint.common.protection import form_page, posted
from examples.models import Example, Tool
from recommendations.models import Node
from recommendations.navigation import Navigation

COMMENTABLE = {"node": Node, "example": Example, "tool": Tool}


def _commentable(request, kind, pk):
    model = COMMENTABLE.get(kind)
    if model is None:
        raise Http404
    return get_object_or_404(model.objects.visible_to(request.user), pk=pk)


@shared_page(reads=["order", "page"])
def discussion(request, kind, pk):
    """Every comment on a page, THREADS_PER_PAGE threads at a time, newest first or (`?order=oldest`)
    oldest first; a reply always stays with its thread."""
    target = _commentable(request, kind, pk)
    oldest_first = request.GET.get("order") == "oldest"
    listing, redirect_to = one_page(
        request,
        threads_for(target, newest_first=not oldest_first),
        query={"order": "oldest" if oldest_first else ""},
        per_page=services.THREADS_PER_PAGE,
    )
    if redirect_to:
        return redirect_to
    comments = services.in_page_of_threads(target, listing["page"], newest_first=not oldest_first)
    return render(
        request,
        "comments/discussion.html",
        {
            **listing,
            **Navigation.for_request(request).around(),
            "target": target,
            "kind": kind,
            "comments": comments,
            "oldest_first": oldest_first,
        },
    )


def show_comment(request, comment_id):
    """A link to one comment (in e-mails, after publishing): the page that shows it, at the comment."""
    comment = get_object_or_404(XtdComment.objects.filter(is_public=True, is_removed=False), pk=comment_id)
    kinds = {model: name for name, model in COMMENTABLE.items()}
    kind = kinds.get(comment.content_type.model_class())
    if kind is None:
        raise Http404
    target = _commentable(request, kind, whole_number(comment.object_pk))
    number = services.page_showing(comment, target=target)
    if number is None:
        return redirect(f"{target.get_absolute_url()}#c{comment.pk}")
    address = reverse("comments:discussion", args=[kind, target.pk])
    return redirect(f"{address}{f'?page={number}' if number > 1 else ''}#c{comment.pk}")


def comment_form(request, kind, pk):
    """The comment form has its own page, so reading pages carry no form token."""
    target = _commentable(request, kind, pk)
    reply_to = comments_for(target).filter(pk=whole_number(request.GET.get("reply_to")), level=0).first()
    form = django_comments.get_form()(target, initial={"reply_to": reply_to.pk if reply_to else 0})
    return render(request, "comments/form_page.html", {"form": form, "target": target, "reply_to": reply_to})


@require_http_methods(["POST"])
def post_comment(request):
    """A comment goes through the site's protection like every public form, then to
    django-comments-xtd, which e-mails the confirmation link. A refused or invalid comment comes
    back filled in: nothing is lost."""
    try:
        app_label, model_name = request.POST.get("content_type", "").split(".")
        model = ContentType.objects.get_by_natural_key(app_label, model_name).model_class()
        kind = {model: name for name, model in COMMENTABLE.items()}[model]
    except (ValueError, KeyError, ContentType.DoesNotExist):
        raise Http404 from None
    target = _commentable(request, kind, whole_number(request.POST.get("object_pk")))
    return form_page(
        request,
        django_comments.get_form()(target, data=posted(request)),
        scope="comment",
        template="comments/form_page.html",
        on_valid=lambda form: library_post_comment(request),
        context={"target": target},
    )


@require_http_methods(["GET", "POST"])
def flag_comment(request, comment_id):
    """Readers report a comment without an account; it waits for an editor."""
    comment = get_object_or_404(XtdComment, pk=comment_id, is_public=True, is_removed=False)
    if comment.content_type.model_class() not in COMMENTABLE.values():
        raise Http404
    _commentable(request, comment.content_type.model, whole_number(comment.object_pk))  # not on a draft

    def flagged(form):
        services.flag_comment(comment=comment, reason=form.cleaned_data["reason"])
        return redirect("comments:flagged", comment_id=comment.pk)

    return form_page(
        request,
        FlagForm(posted(request)),
        scope="flag",
        template="comments/flag.html",
        on_valid=flagged,
        context={"comment": comment, "already_reported": comment.reports.exists()},
    )


def flagged(request, comment_id):
    """After a report: thank you (its own address, so a reload reports nothing again)."""
    comment = get_object_or_404(XtdComment, pk=comment_id)
    if comment.content_type.model_class() not in COMMENTABLE.values():
        raise Http404
    _commentable(request, comment.content_type.model, whole_number(comment.object_pk))
    return render(request, "comments/flagged.html", {"comment": comment})


def sent(request):
    """After a comment is sent: "check your e-mail", on the page it is for. In place of
    django-comments-xtd's view, which looks up whatever model and number it is given."""
    try:
        content_type, object_pk = signing.loads(request.GET.get("c", "")).split(":")
        kind = {f"{model._meta.label_lower}": kind for kind, model in COMMENTABLE.items()}[content_type]
    except (signing.BadSignature, ValueError, AttributeError, KeyError):
        raise Http404 from None
    target = _commentable(request, kind, whole_number(object_pk))
    return render(request, "django_comments_xtd/posted.html", {"target": target})


def comment_target(request, content_type_id, object_id):
    """Where a comment's link leads: the page it is on (a relative address, unlike the library's)."""
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist:
        raise Http404 from None
    if model not in COMMENTABLE.values():
        raise Http404
    return redirect(get_object_or_404(model.objects.visible_to(request.user), pk=whole_number(object_id)))


def confirm(request, token):
    """The link in the confirmation e-mail shows the comment and a button: only a press (a POST)
    stores it (and publishes it, unless editors hold comments), so a mail scanner that follows
    the link publishes nothing. Once stored, the link leads to it."""
    try:
        comment = links.confirmed_comment(token)
    except signing.SignatureExpired:
        return render(
            request, "bad_link.html", {"expired": True, "days": settings.COMMENT_CONFIRM_DAYS}, status=400
        )
    except signing.BadSignature:
        return render(request, "bad_link.html", status=400)
    except ObjectDoesNotExist:  # the page it was on is gone
        raise Http404 from None
    stored = services.already_confirmed(comment)
    if stored is not None:
        return _confirmed(request, stored)

    def publish(form):
        try:
            stored = services.confirm_comment(comment=comment, request=request)
        except services.Discarded:
            return render(request, "django_comments_xtd/discarded.html", {"comment": comment})
        return _confirmed(request, stored)

    return form_page(
        request,
        ConfirmForm(posted(request)),
        scope="confirm",
        template="comments/confirm.html",
        on_valid=publish,
        context={"comment": comment, "target": comment.content_object},
    )


def _confirmed(request, stored):
    template = "comments/published.html" if stored.is_public else "django_comments_xtd/moderated.html"
    return render(request, template, {"comment": stored})


def mute(request, token):
    """The link in an e-mail about a new comment: no more of them, for this page and address."""
    try:
        content_type_id, object_pk, email = links.muted(token)
        page = ContentType.objects.get_for_id(content_type_id).get_object_for_this_type(pk=object_pk)
    except signing.BadSignature:
        return render(request, "bad_link.html", status=400)
    except ObjectDoesNotExist:
        raise Http404 from None
    services.mute(content_type_id=content_type_id, object_pk=object_pk, email=email)
    return render(request, "django_comments_xtd/muted.html", {"content_object": page})
