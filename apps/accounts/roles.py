"""The two roles of the editors' admin, as Django groups, kept in step with the data models.

``Editors`` add, change and view the data and its history, and cannot delete anything or manage
accounts; ``Viewers`` only look. The migration ``accounts.0001_roles`` created the groups;
``grant_role_permissions`` runs after every ``migrate`` and gives them their permissions on every
data model of the registry, so a new model needs no migration of its own for its roles.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models import Q

from apps.core.registry import data_apps, data_models

EDITORS = "Editors"
VIEWERS = "Viewers"
# Editors add and change but never delete; history is readable by whoever can view a record and
# revertible by whoever can change it. Neither group is given any permission on accounts.
ROLE_ACTIONS = {EDITORS: ("add", "change", "view"), VIEWERS: ("view",)}


def role_codenames(role: str) -> set[tuple[str, str]]:
    """(app label, codename) of every permission ``role`` holds on the data."""
    return {
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in data_models()
        for action in ROLE_ACTIONS[role]
    }


def grant_role_permissions(using="default", apps=global_apps, **kwargs):
    """Give each role exactly its permissions on the data models; safe to run any time."""
    from django.contrib.auth.models import Group, Permission

    try:
        # ``apps`` is the state migrate left: after migrating auth backwards there is nothing
        # to grant, as in Django's own post_migrate handlers.
        apps.get_model("auth", "Group")
        apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return
    for config in data_apps():
        # Django creates permissions after migrate too; make sure they exist before granting.
        create_permissions(config, verbosity=0, using=using)
    for role in ROLE_ACTIONS:
        wanted = role_codenames(role)
        permissions = Permission.objects.using(using).filter(
            Q.create(
                [Q(content_type__app_label=app, codename=codename) for app, codename in wanted],
                connector=Q.OR,
            )
        )
        # The migration made the groups; a flushed test database has none to keep in step.
        for group in Group.objects.using(using).filter(name=role):
            group.permissions.set(permissions)
