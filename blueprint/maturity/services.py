"""The maturity model from fixtures/maturity_model.json: for `load_blueprint`, and for a site
whose Blueprint was loaded before the model existed."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from blueprint.maturity.models import Area, Goal, Stage, Strategy
from recommendations.models import Node

MODEL_FILE = Path(settings.BASE_DIR) / "fixtures" / "maturity_model.json"


@transaction.atomic
def load_maturity_model(*, path=MODEL_FILE):
    """Load the model into an empty database; False, changing nothing, when it is already there
    (editors' changes are never overwritten). Links to nodes the tree does not have are skipped."""
    if Stage.objects.exists() or not Path(path).exists():
        return False
    data = json.loads(Path(path).read_text("utf-8"))
    nodes = {node.number: node for node in Node.objects.only("pk", "number")}
    stages = {}
    for position, item in enumerate(data["stages"], start=1):
        stages[item["slug"]] = Stage.objects.create(position=position, **item)
    for position, item in enumerate(data["areas"], start=1):
        item = dict(item)
        cells = item.pop("cells")
        area = Area.objects.create(position=position, **item)
        for cell in cells:
            stage = stages[cell["stage"]]
            for number, text in enumerate(cell["goals"], start=1):
                Goal.objects.create(area=area, stage=stage, text=text, position=number)
            for number, strategy in enumerate(cell["strategies"], start=1):
                strategy = dict(strategy)
                linked = [nodes[n] for n in strategy.pop("nodes") if n in nodes]
                created = Strategy.objects.create(area=area, stage=stage, position=number, **strategy)
                created.nodes.add(*linked)
    return True


def strategies_by_node(pks, *, user):
    """{node pk: {"strategies": {strategy ids}}}: the maturity model's strategies that illustrate
    each node (one query)."""
    found = {}
    for node_id, strategy in Strategy.nodes.through.objects.filter(node_id__in=pks).values_list(
        "node_id", "strategy_id"
    ):
        found.setdefault(node_id, {}).setdefault("strategies", set()).add(strategy)
    return found


def nothing_on_the_page(obj, *, user):
    return None
