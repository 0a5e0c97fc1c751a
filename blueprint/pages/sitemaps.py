from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from blueprint.maturity.models import Area, Goal, Stage, Strategy
from cohorts.models import Cohort
from examples.models import Example, Tool
from recommendations.models import Node, Page


class ContentSitemap(Sitemap):
    # Files of 5,000 addresses (the protocol allows 50,000): each renders in a fraction of a second.
    limit = 5000

    def __init__(self, model):
        self.model = model

    def items(self):
        queryset = (
            self.model.objects.public() if hasattr(self.model.objects, "public") else self.model.objects.all()
        )
        # An address and a date per item: the texts stay in the database.
        long_texts = [
            f.name for f in self.model._meta.fields if f.get_internal_type() in ("TextField", "JSONField")
        ]
        return queryset.defer(*long_texts).order_by("pk")

    def lastmod(self, item):
        return getattr(item, "updated_at", None)

    def get_latest_lastmod(self):
        """For the index: the newest date in one query (Django's default reads every item)."""
        if not any(f.name == "updated_at" for f in self.model._meta.fields):
            return None
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class PageSitemap(ContentSitemap):
    def __init__(self):
        super().__init__(Page)

    def items(self):
        return super().items().written()  # a page with no text yet is not offered to search engines


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
            "examples:examples",
            "examples:tools",
            "recommendations:about",
            "pulse:home",
            "maturity:model",
        ]

    def location(self, item):
        return reverse(item)


class MaturitySitemap(Sitemap):
    """The maturity model's cells that hold goals or strategies (the grid itself is in "static")."""

    def items(self):
        filled = {
            *Goal.objects.values_list("area_id", "stage_id"),
            *Strategy.objects.values_list("area_id", "stage_id"),
        }
        areas, stages = Area.objects.in_bulk(), Stage.objects.in_bulk()
        return sorted(
            ((areas[area], stages[stage]) for area, stage in filled),
            key=lambda cell: (cell[0].position, cell[1].position),
        )

    def location(self, item):
        area, stage = item
        return area.cell_url(stage)


SITEMAPS = {
    "pages": PageSitemap(),
    "nodes": NodeSitemap(),
    "examples": ContentSitemap(Example),
    "tools": ContentSitemap(Tool),
    "cohorts": ContentSitemap(Cohort),
    "maturity": MaturitySitemap(),
    "static": StaticSitemap(),
}
