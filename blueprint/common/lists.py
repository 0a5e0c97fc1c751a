"""Lists a page at a time: `?page=2` in the address, plain links, so every item stays reachable
by readers without JavaScript and by crawlers, and a page costs what one screen shows."""

from urllib.parse import urlencode

from django.core.paginator import Paginator

from blueprint.common.forms import canonical_redirect

PER_PAGE = 20


def one_page(request, items, *, query, per_page=PER_PAGE):
    """(context, redirect): the page of `items` that `?page=` asks for, and the list's other
    parameters `query` ({name: value}) kept in its links. `redirect` is set when the address is
    not the canonical one (`?page=1`, `?page=x`, a page past the end): follow it instead."""
    paginator = Paginator(items, per_page)
    page = paginator.get_page(request.GET.get("page"))
    canonical = {**query, "page": page.number if page.number > 1 else ""}
    if redirect_to := canonical_redirect(request, canonical):
        return None, redirect_to
    kept = urlencode([(name, value) for name, value in query.items() if value not in (None, "")])
    return {
        "page": page,
        "page_numbers": list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        "ellipsis": Paginator.ELLIPSIS,
        "page_query": kept,
    }, None
