"""Grant the Editors and Viewers roles their permissions on the key directions, people and
statements, the data models added after accounts.0001_roles (same rules: Editors add, change
and view; Viewers view; nobody deletes)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

from apps.accounts.roles import EDITORS, VIEWERS

NEW_DATA_MODELS = {"clusters": ("keydirection",), "enterprises": ("person", "statement")}
ROLE_ACTIONS = {EDITORS: ("add", "change", "view"), VIEWERS: ("view",)}


def _wanted(actions):
    return [
        Q(content_type__app_label=app_label, codename=f"{action}_{model}")
        for app_label, models in NEW_DATA_MODELS.items()
        for model in models
        for action in actions
    ]


def grant(apps, schema_editor):
    alias = schema_editor.connection.alias
    # As in 0001: permissions are otherwise only created after every migration has run.
    for app_label in NEW_DATA_MODELS:
        create_permissions(
            global_apps.get_app_config(app_label), verbosity=0, using=alias, apps=apps
        )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLE_ACTIONS.items():
        wanted = _wanted(actions)
        permissions = Permission.objects.using(alias).filter(Q.create(wanted, connector=Q.OR))
        if permissions.count() != len(wanted):
            raise RuntimeError(f"Some permissions of the {role} group do not exist.")
        Group.objects.using(alias).get(name=role).permissions.add(*permissions)


def revoke(apps, schema_editor):
    alias = schema_editor.connection.alias
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLE_ACTIONS.items():
        permissions = Permission.objects.using(alias).filter(
            Q.create(_wanted(actions), connector=Q.OR)
        )
        Group.objects.using(alias).get(name=role).permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_roles"),
        ("clusters", "0003_inference_marks_and_key_directions"),
        ("enterprises", "0002_inference_marks_people_and_statements"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
