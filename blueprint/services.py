"""Site-wide writes that touch several models."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from blueprint.models import Page
from examples.models import Example, Tool
from recommendations.models import Node
from recommendations.outline import parse_outline
from recommendations.services import import_outline

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@transaction.atomic
def load_blueprint(*, directory=FIXTURES):
    """Load the whole Blueprint from `directory` into an empty database.

    Returns False, changing nothing, when the Blueprint is already there: what editors changed is
    never overwritten.
    """
    if Node.objects.exists():
        return False
    import_outline(outline=parse_outline((directory / "outline.txt").read_text("utf-8")))

    for path in sorted((directory / "pages").glob("*.md")):
        page = Page.objects.get(slug=path.stem)
        page.body = path.read_text("utf-8")
        page.save()

    data = json.loads((directory / "attachments.json").read_text("utf-8"))
    nodes = {node.number: node for node in Node.objects.all()}
    for model, items in ((Tool, data["tools"]), (Example, data["examples"])):
        for position, item in enumerate(items, start=1):
            item = dict(item)
            numbers = item.pop("nodes")
            attachment, _ = model.objects.update_or_create(
                slug=item.pop("slug"), defaults={**item, "position": position}
            )
            attachment.nodes.add(*[nodes[number] for number in numbers])
    return True
