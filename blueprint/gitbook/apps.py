from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GitBookConfig(AppConfig):
    """The Blueprint as files: `load_blueprint` from fixtures/, the GitBook outline importer, and
    the GitBook-style Markdown folder (export and import)."""

    name = "blueprint.gitbook"
    label = "gitbook"
    verbose_name = _("The Blueprint as files")
