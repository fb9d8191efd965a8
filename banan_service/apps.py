"""The project as a Django app, so that its system checks are registered wherever it runs."""

from django.apps import AppConfig


class ServiceConfig(AppConfig):
    name = "banan_service"
    verbose_name = "Banan Industry Data Service"

    def ready(self):
        from banan_service import checks  # noqa: F401  (registers the checks)
