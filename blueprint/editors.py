"""The "Editors" group: exactly the permissions editors need, present after every `migrate`."""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"

# (app label, model, actions) editors may take.
EDITOR_PERMISSIONS = [
    ("recommendations", "node", ("view", "add", "change", "delete")),
    ("blueprint", "page", ("view", "add", "change")),
    ("blueprint", "feedback", ("view",)),
    ("examples", "example", ("view", "add", "change", "delete")),
    ("examples", "tool", ("view", "add", "change", "delete")),
]


def editor_permission_codenames():
    return {
        (app_label, f"{action}_{model}")
        for app_label, model, actions in EDITOR_PERMISSIONS
        for action in actions
    }


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
