"""The "Editors" group: exactly the permissions editors need, present after every `migrate`."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.sites.models import Site

EDITORS = "Editors"

# (app label, model, actions) editors may take.
EDITOR_PERMISSIONS = [
    ("recommendations", "node", ("view", "add", "change", "delete")),
    ("recommendations", "page", ("view", "add", "change")),
    ("pages", "feedback", ("view",)),
    ("examples", "example", ("view", "add", "change", "delete")),
    ("examples", "tool", ("view", "add", "change", "delete")),
    ("examples", "examplesubmission", ("view", "change")),
    ("recommendations", "suggestion", ("view", "change")),
    ("django_comments_xtd", "xtdcomment", ("view", "change")),
    ("comments", "commenthiding", ("view",)),
    ("pages", "signer", ("view", "change")),
    ("pages", "searchmiss", ("view", "delete")),
    ("cohorts", "cohort", ("view", "add", "change")),
    ("cohorts", "signup", ("view", "change")),
    ("cohorts", "interest", ("view", "change")),
    ("cohorts", "cohortmessage", ("view",)),
    ("maturity", "stage", ("view", "change")),
    ("maturity", "area", ("view", "change")),
    ("maturity", "goal", ("view", "add", "change", "delete")),
    ("maturity", "strategy", ("view", "add", "change", "delete")),
    ("pulse", "instrument", ("view", "change")),
    ("pulse", "item", ("view", "add", "change", "delete")),
    ("pulse", "workingon", ("view", "change")),
]
# Permissions of their own, not tied to one model's add/change/delete/view.
EDITOR_EXTRA_PERMISSIONS = {
    ("comments", "moderate"),
    ("operations", "manage_personal_data"),
    ("blueprint", "see_drafts"),
    ("blueprint", "use_markdown_tools"),
}


def editor_permission_codenames():
    return {
        (app_label, f"{action}_{model}")
        for app_label, model, actions in EDITOR_PERMISSIONS
        for action in actions
    } | EDITOR_EXTRA_PERMISSIONS


def ensure_editors_group(**kwargs):
    wanted = editor_permission_codenames()
    permissions = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in={app for app, _ in wanted}
        )
        if (permission.content_type.app_label, permission.codename) in wanted
    ]
    if len(permissions) < len(wanted):
        return  # a later app's post_migrate completes the set
    group, _ = Group.objects.get_or_create(name=EDITORS)
    group.permissions.set(permissions)


def editor_addresses():
    """Where news for editors goes: the Editors group's own addresses and EDITORS_EMAIL."""
    users = get_user_model().objects.filter(groups__name=EDITORS, is_active=True).exclude(email="")
    return sorted({*users.values_list("email", flat=True), *settings.EDITORS_EMAIL})


def ensure_site(**kwargs):
    """The sites framework (used by comments and the sitemap) names the site's real address."""
    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(
        pk=settings.SITE_ID, defaults={"domain": domain, "name": "Wellbeing Blueprint"}
    )
