"""Which reading page a comment makes stale: the one it is on."""

from django.contrib.contenttypes.models import ContentType

from blueprint.common.page_cache import changed


def comment_changed(sender, instance, created=False, raw=False, **kwargs):
    """A held comment (not public when it arrives) shows nowhere yet; any other change to a
    comment (published, hidden, removed) changes its page."""
    if raw or (created and not instance.is_public):
        return
    model_name = ContentType.objects.get_for_id(instance.content_type_id).model
    changed(f"{model_name}:{instance.object_pk}")
