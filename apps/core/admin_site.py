"""The editors' admin site: the service's name, and the apps in the order the domain reads.

Django lists apps and models alphabetically, which in Chinese means by character code (产业园区
before 产业集群). Editors read the dataset from the top down instead: the data apps in the
registry's order (clusters, parks, enterprises, projects, indicators), then the provenance every
record cites (an app whose config sets ``provenance = True``: the sources), then accounts. Models
keep the order their app defines them in.
"""

from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.utils.translation import gettext_lazy as _

from apps.core.registry import data_apps

# The service's name reads the same in both languages, so it is not translated.
SERVICE_NAME = "Banan Industry Data · 巴南区产业数据"

# After the data, the accounts: people and their roles, their API tokens, failed logins.
ACCOUNT_APPS = ("auth", "authtoken", "axes")


def app_order() -> list[str]:
    """App labels in the order the admin lists them; apps not named here come after, by name."""
    data = data_apps()
    records = [config.label for config in data if not getattr(config, "provenance", False)]
    provenance = [config.label for config in data if getattr(config, "provenance", False)]
    return [*records, *provenance, *ACCOUNT_APPS]


class DomainOrderedAdminSite(admin.AdminSite):
    site_header = SERVICE_NAME
    site_title = SERVICE_NAME
    index_title = _("Data administration")
    # "View site" leads to the public API.
    site_url = "/api/v1/"
    # The lists are wide (an indicator's value as read, normalized value, period, kind) and sit
    # beside their filters; a second column of navigation would clip them at 1,366 px. The
    # index and the breadcrumbs lead everywhere the sidebar would.
    enable_nav_sidebar = False

    def get_app_list(self, request, app_label=None):
        app_dict = self._build_app_dict(request, app_label)
        order = app_order()
        apps = sorted(
            app_dict.values(),
            key=lambda app: (
                order.index(app["app_label"]) if app["app_label"] in order else len(order),
                str(app["name"]),
            ),
        )
        for app in apps:
            config = django_apps.get_app_config(app["app_label"])
            models = [model._meta.object_name for model in config.get_models()]
            app["models"].sort(
                key=lambda model: (
                    models.index(model["object_name"])
                    if model["object_name"] in models
                    else len(models),
                    str(model["name"]),
                )
            )
        return apps


class DomainOrderedAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the site above as ``admin.site``."""

    default_site = "apps.core.admin_site.DomainOrderedAdminSite"
