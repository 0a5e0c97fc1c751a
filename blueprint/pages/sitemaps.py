from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from cohorts.models import Cohort
from examples.models import Example, Tool
from recommendations.models import Node, Page


class ContentSitemap(Sitemap):
    def __init__(self, model):
        self.model = model

    def items(self):
        queryset = (
            self.model.objects.public() if hasattr(self.model.objects, "public") else self.model.objects.all()
        )
        return queryset.order_by("pk")

    def lastmod(self, item):
        return getattr(item, "updated_at", None)


class NodeSitemap(ContentSitemap):
    def __init__(self):
        super().__init__(Node)

    def items(self):
        return Node.objects.public().in_navigation_order()


class StaticSitemap(Sitemap):
    def items(self):
        return [
            "pages:signers",
            "pages:recent_changes",
            "cohorts:list",
            "pages:print",
            "pages:privacy",
            "examples:submit",
            "pages:sign",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {
    "pages": ContentSitemap(Page),
    "nodes": NodeSitemap(),
    "examples": ContentSitemap(Example),
    "tools": ContentSitemap(Tool),
    "cohorts": ContentSitemap(Cohort),
    "static": StaticSitemap(),
}
