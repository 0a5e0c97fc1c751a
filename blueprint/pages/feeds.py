"""Atom feeds that agree with the pages: new examples are those added after the Blueprint was
loaded, and changes are /changes/'s (the load of the Blueprint is not a change)."""

from django.contrib.syndication.views import Feed
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from blueprint.pages.changes import published_revisions, recent_changes
from examples.models import Example

SHOWN = 30


class ExamplesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Wellbeing Blueprint: new examples")
    link = "/examples/"
    subtitle = _("Examples of the Blueprint at work added to the site, newest first.")

    def items(self):
        first_published = (
            published_revisions(Example)
            .filter(id=OuterRef("pk"))
            .order_by("history_date")
            .values("history_date")[:1]
        )
        return (
            Example.objects.public()
            .annotate(published_at=Subquery(first_published))
            .filter(published_at__isnull=False)
            .order_by("-published_at")[:SHOWN]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.published_at


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Wellbeing Blueprint: recent changes")
    subtitle = _(
        "What changed in the Blueprint, its pages, examples and tools, newest first, as /changes/ lists it."
    )

    def link(self):
        return reverse("pages:recent_changes")

    def items(self):
        return recent_changes(limit=SHOWN)

    def item_title(self, change):
        return change.title

    def item_link(self, change):
        return change.url

    def item_guid(self, change):
        return f"{change.url}#{change.record.history_id}"

    def item_description(self, change):
        return f"{change.kind}: {change.change_type}"

    def item_updateddate(self, change):
        return change.when

    def item_pubdate(self, change):
        return change.when
