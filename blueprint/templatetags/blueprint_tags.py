from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_url():
    """The site's address, for links in e-mails (rendered without a request)."""
    return settings.SITE_URL
