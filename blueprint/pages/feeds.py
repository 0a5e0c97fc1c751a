from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from examples.models import Example
from recommendations.models import Node


class ExamplesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Wellbeing Blueprint: new examples")
    link = "/"
    subtitle = _("Examples of the Blueprint at work, newest first.")

    def items(self):
        return Example.objects.public().order_by("-created_at")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.body_html

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Wellbeing Blueprint: recently changed recommendations")
    link = "/changes/"
    subtitle = _("Principles, recommendations and sub-recommendations, most recently changed first.")

    def items(self):
        return Node.objects.public().order_by("-updated_at")[:30]

    def item_title(self, item):
        return f"{item.number} {item.title}"

    def item_description(self, item):
        return item.body_html

    def item_updateddate(self, item):
        return item.updated_at

    def item_pubdate(self, item):
        return item.updated_at
