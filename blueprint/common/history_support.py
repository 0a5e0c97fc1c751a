"""For migrations: what a database loaded before "last updated" told the truth needs."""

from datetime import timedelta

from django.db.models import Max, Min

LOADED_FROM_SOURCES = "Loaded from the sources"  # blueprint.common.models.LOADED_FROM_SOURCES, frozen here


def date_past_edits(apps, app_label, model_names):
    """Revisions made by the load (with no user, in the minutes after the first revision) say
    so; each row's last other revision is its editor's last change."""
    for name in model_names:
        model = apps.get_model(app_label, name)
        history = apps.get_model(app_label, f"Historical{name}")
        first = history.objects.aggregate(first=Min("history_date"))["first"]
        if first is None:
            continue
        history.objects.filter(
            history_user__isnull=True,
            history_change_reason__isnull=True,
            history_date__lte=first + timedelta(minutes=5),
        ).update(history_change_reason=LOADED_FROM_SOURCES)
        edits = (
            history.objects.exclude(history_change_reason=LOADED_FROM_SOURCES)
            .values("id")
            .annotate(last=Max("history_date"))
        )
        for edit in edits:
            model.objects.filter(pk=edit["id"]).update(edited_at=edit["last"])
