"""The search index follows its sources; signatures change the pages that count them."""

from blueprint.common.page_cache import SIGNERS, changed
from blueprint.pages import search
from blueprint.pages.models import Signer


def indexed_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        search.index(instance)


def indexed_deleted(sender, instance, **kwargs):
    search.forget(instance)


def signer_changed(sender, instance, created=False, raw=False, **kwargs):
    """The signers and the count on the start page. A new, unconfirmed signature shows nowhere."""
    if not raw and not (created and instance.status == Signer.Status.UNCONFIRMED):
        changed(SIGNERS)
