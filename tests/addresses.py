"""The site's public URL patterns, so tests can walk every one and fail when a new one is unclassified."""

from django.urls import URLPattern, URLResolver, get_resolver

NOT_PUBLIC = ("admin/",)


def public_patterns():
    """{qualified name: route} for every URL pattern outside the admin."""
    found = {}

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                if not route.startswith(NOT_PUBLIC):
                    walk(pattern.url_patterns, route, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                found[f"{namespace}:{pattern.name}" if namespace else pattern.name] = route

    walk(get_resolver().url_patterns, "", None)
    return found
