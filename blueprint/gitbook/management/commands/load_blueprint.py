from django.core.management.base import BaseCommand

from blueprint.gitbook.services import load_blueprint


class Command(BaseCommand):
    help = "Load the Wellbeing Blueprint from fixtures/ into an empty database."

    def handle(self, *args, **options):
        if load_blueprint():
            self.stdout.write(self.style.SUCCESS("Loaded the Wellbeing Blueprint."))
        else:
            self.stdout.write("The Blueprint is already loaded; nothing was changed.")
