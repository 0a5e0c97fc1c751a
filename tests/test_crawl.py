"""A reader following every link: no page they can reach is broken."""

import html
import re
from urllib.parse import urlsplit

from django.test import Client

from examples.models import Example, Tool
from recommendations.models import Node, Page

LINK = re.compile(r'<a\s[^>]*?href="([^"]*)"')


def internal_links(page):
    """The site's own addresses a page links to, without fragments; the admin is not for readers."""
    for href in LINK.findall(page):
        address = html.unescape(href).split("#")[0]
        parts = urlsplit(address)
        if address and not parts.scheme and not parts.netloc and not address.startswith("/admin/"):
            if address.startswith("/es/"):
                address = "/es/"  # one check of the Spanish site: each page's switcher names its own
            yield address


def inline_code(page):
    """Inline scripts, styles and event handlers: the Content-Security-Policy would block them."""
    return re.findall(r"<script(?![^>]*\bsrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=", page)


def crawl(start):
    """Every address reachable from `start` by links: {address: (status, <h1>s, inline code)}."""
    found, queue, reader = {}, [start], Client()
    while queue:
        address = queue.pop()
        if address in found:
            continue
        reader.cookies.clear()  # a new reader each time: no language or session carried over
        response = reader.get(address, follow=True)
        page = response.content.decode() if response["Content-Type"].startswith("text/html") else ""
        h1s = len(re.findall(r"<h1[\s>]", page)) if page else None
        found[address] = (response.status_code, h1s, inline_code(page))
        queue += [link for link in internal_links(page) if link not in found]
    return found


def test_every_page_reachable_from_the_start_answers_with_one_h1_and_no_inline_code(blueprint):
    found = crawl("/")
    assert {address: result for address, result in found.items() if result[0] != 200} == {}
    assert {address: result for address, result in found.items() if result[1] not in (1, None)} == {}
    assert {address: result for address, result in found.items() if result[2]} == {}
    # A page with no text yet is left out of the reading order until an editor writes it.
    every_reading_page = {
        item.get_absolute_url()
        for queryset in (
            Page.objects.written(),
            Node.objects.all(),
            Example.objects.all(),
            Tool.objects.all(),
        )
        for item in queryset
    }
    assert every_reading_page - set(found) == set()
