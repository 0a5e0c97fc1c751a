from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from blueprint.common.cache import shared_page
from blueprint.maturity.models import SOURCE, Area, Goal, Stage, Strategy
from recommendations.models import Node
from recommendations.navigation import Navigation


def _counts(model):
    rows = model.objects.values("area_id", "stage_id").annotate(n=Count("pk")).order_by()
    return {(row["area_id"], row["stage_id"]): row["n"] for row in rows}


@shared_page
def model(request):
    """The grid: the eight areas of innovation by the five stages, each cell a link to its page."""
    navigation = Navigation.for_request(request)
    stages = list(Stage.objects.all())
    goals, strategies = _counts(Goal), _counts(Strategy)
    groups = {}
    for area in Area.objects.all():
        area.cells = [
            {
                "stage": stage,
                "url": area.cell_url(stage),
                "goals": goals.get((area.pk, stage.pk), 0),
                "strategies": strategies.get((area.pk, stage.pk), 0),
            }
            for stage in stages
        ]
        groups.setdefault(area.get_group_display(), []).append(area)
    return render(
        request,
        "maturity/model.html",
        {
            "stages": stages,
            "groups": groups,
            "source": SOURCE,
            # Not every strategy illustrates a recommendation: the page says how many do.
            **Strategy.objects.aggregate(
                strategy_count=Count("pk", distinct=True),
                linked_count=Count("pk", filter=Q(nodes__isnull=False), distinct=True),
            ),
            **navigation.around(),
        },
    )


@shared_page
def cell(request, area, stage):
    """One area at one stage: the lab's goals and example strategies, each strategy with the
    Blueprint nodes it illustrates; the area's other stages before and after it."""
    navigation = Navigation.for_request(request)
    stages = list(Stage.objects.all())
    stage = next((item for item in stages if item.slug == stage), None)
    area = get_object_or_404(Area, slug=area)
    if stage is None:
        raise Http404
    index = stages.index(stage)
    strategies = Strategy.objects.filter(area=area, stage=stage).prefetch_related(
        Prefetch(
            "nodes",
            queryset=Node.objects.visible_to(request.user)
            .in_navigation_order()
            .only("number", "slug", "title", "title_es"),
        )
    )
    return render(
        request,
        "maturity/cell.html",
        {
            "area": area,
            "stage": stage,
            "goals": Goal.objects.filter(area=area, stage=stage),
            "strategies": strategies,
            "earlier": stages[index - 1] if index else None,
            "later": stages[index + 1] if index + 1 < len(stages) else None,
            "earlier_url": area.cell_url(stages[index - 1]) if index else "",
            "later_url": area.cell_url(stages[index + 1]) if index + 1 < len(stages) else "",
            "source": SOURCE,
            **navigation.around(),
        },
    )
