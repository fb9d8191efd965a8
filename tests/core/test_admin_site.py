"""The admin site lists the apps as the domain reads them, in either language."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import translation

from apps.core.admin_site import DomainOrderedAdminSite, app_order

pytestmark = pytest.mark.django_db

DOMAIN_ORDER = ["clusters", "parks", "enterprises", "projects", "indicators", "sources"]


def test_the_default_site_is_the_domain_ordered_one():
    """``django.contrib.admin`` is replaced by the AdminConfig that installs this site."""
    assert isinstance(admin.site, DomainOrderedAdminSite)


def test_app_order_puts_the_records_first_then_their_sources_then_accounts():
    """Clusters first, sources after the records citing them, accounts last."""
    assert app_order()[:6] == DOMAIN_ORDER
    assert app_order()[6:] == ["auth", "authtoken", "axes"]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_index_lists_apps_in_the_domain_order(language, admin_user):
    """Not by character code (产业园区 before 产业集群), not alphabetically."""
    request = RequestFactory().get("/admin/", headers={"accept-language": language})
    request.user = admin_user
    with translation.override(language):
        labels = [app["app_label"] for app in admin.site.get_app_list(request)]
    assert labels[:6] == DOMAIN_ORDER
    assert labels.index("auth") > labels.index("sources")


def test_models_keep_the_order_their_app_defines(admin_user):
    """Clusters, then initiatives, then key directions; enterprises, people, statements."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    apps = {app["app_label"]: app for app in admin.site.get_app_list(request)}
    assert [m["object_name"] for m in apps["clusters"]["models"]] == [
        "Cluster",
        "Initiative",
        "KeyDirection",
    ]
    assert [m["object_name"] for m in apps["sources"]["models"]] == ["Source", "NonFact"]


def test_the_nav_sidebar_is_off_so_wide_lists_fit():
    """The lists sit beside their filters; a sidebar would clip them at 1,366 px."""
    assert admin.site.enable_nav_sidebar is False
