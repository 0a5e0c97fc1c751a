"""Private links from e-mails (`/…/<token>/`): one that names nothing, or was changed in copying,
gives a page that says so and what to do, not a bare "Page not found"."""

from django.http import Http404


class LinkDoesNotWork(Http404):
    """A private link that names nothing: blueprint.common.views.not_found explains it."""


def by_private_link(queryset, token, *, field="token"):
    """The row a private link names (its `field` holds the token); `LinkDoesNotWork` when none does."""
    try:
        return queryset.get(**{field: token})
    except queryset.model.DoesNotExist:
        raise LinkDoesNotWork from None
