"""``manage.py createeditor USERNAME``: an account that can log in to the admin as an editor.

The password is asked for twice at a terminal; scripts pass it in ``DJANGO_EDITOR_PASSWORD``
(or ``--password``, which other users of the machine can see in the process list).
"""

import getpass
import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from apps.accounts.roles import EDITORS, VIEWERS

PASSWORD_VARIABLE = "DJANGO_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = "Create a staff account in the Editors group (or, with --viewer, the Viewers group)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--password",
            help=f"the password; prefer the prompt or the {PASSWORD_VARIABLE} variable",
        )
        parser.add_argument(
            "--viewer", action="store_true", help="create a read-only account (Viewers group)"
        )
        parser.add_argument(
            "--no-input",
            action="store_false",
            dest="interactive",
            help=f"never prompt; the password must come from --password or {PASSWORD_VARIABLE}",
        )

    def handle(self, *args, username, email, password, viewer, interactive, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        user = User(username=username, email=email, is_staff=True)

        password = password or os.environ.get(PASSWORD_VARIABLE)
        if not password:
            if not interactive:
                raise CommandError(f"Give the password in {PASSWORD_VARIABLE} or --password.")
            password = self._prompt_for_password()
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)

        role = VIEWERS if viewer else EDITORS
        try:
            group = Group.objects.get(name=role)
        except Group.DoesNotExist:
            raise CommandError(f"The {role} group is missing: run `manage.py migrate`.") from None
        with transaction.atomic():
            user.save()
            user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Created {username!r} in the {role} group."))

    def _prompt_for_password(self):
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return password
