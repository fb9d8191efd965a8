"""Create the Editors and Viewers groups with their permissions on the data models.

Django creates permissions in a post_migrate handler, once every migration has run, so on a fresh
database they do not exist yet when this migration runs. It therefore first calls Django's own
``create_permissions`` for the data apps, against this migration's model state; that is
idempotent, and the post_migrate pass later finds the permissions already there. Models added
later get their permissions from ``apps.accounts.roles.grant_role_permissions``, which runs after
every migrate (a test checks the groups cover every data model).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

from apps.accounts.roles import EDITORS, VIEWERS

DATA_MODELS = {
    "sources": ("source",),
    "clusters": ("cluster", "initiative"),
    "parks": ("park",),
    "enterprises": ("enterprise",),
    "projects": ("project",),
    "indicators": ("indicator", "indicatorcomparison"),
}
# Editors add and change but never delete; history is readable by whoever can view a record and
# revertible by whoever can change it. Neither group is given any permission on accounts.
ROLE_ACTIONS = {EDITORS: ("add", "change", "view"), VIEWERS: ("view",)}


def create_roles(apps, schema_editor):
    alias = schema_editor.connection.alias
    for app_label in DATA_MODELS:
        create_permissions(
            global_apps.get_app_config(app_label), verbosity=0, using=alias, apps=apps
        )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, actions in ROLE_ACTIONS.items():
        wanted = [
            Q(content_type__app_label=app_label, codename=f"{action}_{model}")
            for app_label, models in DATA_MODELS.items()
            for model in models
            for action in actions
        ]
        permissions = Permission.objects.using(alias).filter(Q.create(wanted, connector=Q.OR))
        if permissions.count() != len(wanted):
            raise RuntimeError(f"Some permissions of the {role} group do not exist.")
        group, _ = Group.objects.using(alias).get_or_create(name=role)
        group.permissions.set(permissions)


def delete_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.using(schema_editor.connection.alias).filter(
        name__in=list(ROLE_ACTIONS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0001_initial"),
        ("clusters", "0001_initial"),
        ("parks", "0001_initial"),
        ("enterprises", "0001_initial"),
        ("projects", "0001_initial"),
        ("indicators", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_roles, delete_roles)]
