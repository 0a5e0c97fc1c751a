from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The site around the Blueprint: stand-alone pages, ratings, signers, search, feeds,
    sitemaps, recent changes and the whole Blueprint on one page."""

    name = "blueprint.pages"
    label = "pages"
    verbose_name = _("Pages and readers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from blueprint.common.parts import Part, add_part
        from blueprint.pages import services, signals
        from examples.models import Example, Tool
        from recommendations.models import Node, Page

        # The search index is derived data, rewritten whenever its source is saved or deleted.
        for model in (Page, Node, Example, Tool):
            name = model.__name__
            post_save.connect(signals.indexed_saved, sender=model, dispatch_uid=f"search-{name}-saved")
            post_delete.connect(signals.indexed_deleted, sender=model, dispatch_uid=f"search-{name}-deleted")
        add_part(
            "recommendations.Page", Part("pages/signers_on_start.html", on_page=services.signers_on_start)
        )
