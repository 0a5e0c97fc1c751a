"""The site's Django template engine: Django's own, without tag libraries the site never loads.

When the engine starts, Django imports every module in every installed app's `templatetags`
package to find the libraries, whether a template loads them or not. django-comments-xtd's
`comments_xtd` library imports Django REST framework, docutils and Pygments for its web API:
about 4 MB in every worker, for tags none of the site's templates use (the site renders its
comments itself, in `blueprint.comments`). This engine finds libraries the same way but never
imports those.

Libraries named in the `libraries` option replace Django's under the same label on purpose
(`i18n`: blueprint/translate_tag.py), so the engine's check does not warn about those labels.
"""

from importlib import import_module
from pkgutil import walk_packages

from django.apps import apps
from django.template.backends.django import DjangoTemplates

UNUSED_LIBRARIES = {"django_comments_xtd.templatetags.comments_xtd"}


class SiteTemplates(DjangoTemplates):
    def get_templatetag_libraries(self, custom_libraries):
        libraries = {}
        packages = ["django.templatetags", *(f"{app.name}.templatetags" for app in apps.get_app_configs())]
        for package_name in packages:
            try:
                package = import_module(package_name)
            except ImportError:
                continue  # the app has no tag libraries
            for module in walk_packages(getattr(package, "__path__", []), package_name + "."):
                if module.name in UNUSED_LIBRARIES:
                    continue
                if hasattr(import_module(module.name), "register"):
                    libraries[module.name.removeprefix(package_name + ".")] = module.name
        self.replaced_labels = {label for label in custom_libraries if label in libraries}
        libraries.update(custom_libraries)
        return libraries

    def check(self, **kwargs):
        replaced = tuple(f"{label!r} is used for multiple" for label in self.replaced_labels)
        return [
            message for message in super().check(**kwargs)
            if not (message.id == "templates.W003" and message.msg.startswith(replaced))
        ]
