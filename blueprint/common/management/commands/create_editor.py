import getpass
import os
import sys

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from blueprint.common.editors import EDITORS


class Command(BaseCommand):
    help = (
        "Create an editor: a staff account in the Editors group. The password is asked for, or "
        "read from EDITOR_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")

    def handle(self, *args, username, email, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"There is already an account called {username!r}.")
        password = os.environ.get("EDITOR_PASSWORD")
        if not password:
            if not sys.stdin.isatty():
                raise CommandError("No password: run this at a terminal to type one, or set EDITOR_PASSWORD.")
            password = getpass.getpass("Password: ")
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=EDITORS))
        self.stdout.write(self.style.SUCCESS(f"Created the editor {username}."))
