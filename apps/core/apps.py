from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_version_triggers(using: str, **kwargs: Any) -> None:
    from apps.core.versioning import install_triggers

    install_triggers(using)


class CoreConfig(AppConfig):
    name = "apps.core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Sent once per migrate for this app, after every migration of every app has run.
        post_migrate.connect(_install_version_triggers, sender=self)
