from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "apps.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from apps.accounts.roles import grant_role_permissions

        # Once per migrate: Django signals post_migrate per app that has models, and this app
        # has none, so it listens for auth's (permissions are auth's concern anyway).
        post_migrate.connect(grant_role_permissions, sender=apps.get_app_config("auth"))
