"""Which reading pages a comment or a signature makes stale."""

from django.contrib.contenttypes.models import ContentType

from blueprint.models import Signer
from blueprint.page_cache import SIGNERS, changed


def comment_changed(sender, instance, created=False, raw=False, **kwargs):
    """The page a comment is on. A held comment (not public when it arrives) shows nowhere yet."""
    if raw or (created and not instance.is_public):
        return
    model_name = ContentType.objects.get_for_id(instance.content_type_id).model
    changed(f"{model_name}:{instance.object_pk}")


def signer_changed(sender, instance, created=False, raw=False, **kwargs):
    """The signers and the count on the start page. A new, unconfirmed signature shows nowhere."""
    if not raw and not (created and instance.status == Signer.Status.UNCONFIRMED):
        changed(SIGNERS)
