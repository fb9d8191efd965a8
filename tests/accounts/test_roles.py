"""The Editors and Viewers groups: what each role may do in the admin, and nothing more."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from rest_framework import status

from apps.accounts.roles import EDITORS, VIEWERS, grant_role_permissions
from apps.core.registry import data_models
from apps.enterprises.models import Enterprise
from tests.admin_forms import admin_url, submit_form
from tests.factories import make_enterprise

pytestmark = pytest.mark.django_db


def _data_models_in_the_admin():
    return [model for model in admin.site._registry if model in data_models()]


def _codenames(group_name):
    return set(
        Group.objects.get(name=group_name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    )


def test_editors_add_change_and_view_every_data_model_in_the_admin():
    """The migration gives Editors add, change and view on each data model, and no more."""
    expected = {
        (model._meta.app_label, f"{action}_{model._meta.model_name}")
        for model in _data_models_in_the_admin()
        for action in ("add", "change", "view")
    }
    assert len(expected) == 3 * 12
    assert ("sources", "add_nonfact") in expected
    assert _codenames(EDITORS) == expected


def test_viewers_only_view_every_data_model_in_the_admin():
    """The migration gives Viewers the view permission of each data model, and no more."""
    expected = {
        (model._meta.app_label, f"view_{model._meta.model_name}")
        for model in _data_models_in_the_admin()
    }
    assert _codenames(VIEWERS) == expected


def test_no_role_may_delete_or_manage_accounts():
    """Neither group holds a delete permission or any permission on users and groups."""
    granted = Permission.objects.filter(group__name__in=[EDITORS, VIEWERS])
    assert not granted.filter(codename__startswith="delete_").exists()
    assert not granted.filter(content_type__app_label="auth").exists()


def test_an_editor_cannot_delete_a_record(editor_client):
    """The delete page is forbidden and the changelist offers no delete action."""
    enterprise = make_enterprise()
    response = editor_client.post(admin_url(Enterprise, "delete", enterprise.pk), {"post": "yes"})
    assert response.status_code == status.HTTP_403_FORBIDDEN
    changelist = editor_client.get(admin_url(Enterprise, "changelist")).content.decode()
    assert "delete_selected" not in changelist
    assert Enterprise.objects.filter(pk=enterprise.pk).exists()


@pytest.mark.parametrize("model", [User, Group])
@pytest.mark.parametrize("view", ["changelist", "add"])
def test_an_editor_cannot_manage_accounts(model, view, editor_client):
    """Users and groups are out of an editor's reach."""
    response = editor_client.get(admin_url(model, view))
    assert response.status_code == status.HTTP_403_FORBIDDEN


def test_the_admin_index_shows_an_editor_only_the_data(editor_client):
    """An editor's index lists the data apps and not the accounts."""
    page = editor_client.get("/admin/").content.decode()
    assert "/admin/enterprises/" in page
    assert "/admin/auth/" not in page


def test_a_viewer_sees_a_record_without_a_save_button(viewer_client):
    """The change page answers read-only."""
    enterprise = make_enterprise()
    response = viewer_client.get(admin_url(Enterprise, "change", enterprise.pk))
    assert response.status_code == status.HTTP_200_OK
    assert 'name="_save"' not in response.content.decode()


def test_a_viewer_cannot_change_add_or_import(viewer_client):
    """Every form that writes is forbidden to a viewer, and the record stays as it was."""
    enterprise = make_enterprise(name_en="Zongshen Group")
    change_url = admin_url(Enterprise, "change", enterprise.pk)

    assert viewer_client.post(change_url, {"name_en": "Changed"}).status_code == (
        status.HTTP_403_FORBIDDEN
    )
    assert viewer_client.get(admin_url(Enterprise, "add")).status_code == (
        status.HTTP_403_FORBIDDEN
    )
    assert viewer_client.get(admin_url(Enterprise, "import")).status_code == (
        status.HTTP_403_FORBIDDEN
    )
    enterprise.refresh_from_db()
    assert enterprise.name_en == "Zongshen Group"


def test_a_viewer_cannot_revert_even_by_posting_the_version_form(editor_client, viewer_client):
    """simple-history would save a posted version on view permission alone; the admin refuses."""
    enterprise = make_enterprise(name_en="Zongshen Group")
    first_version = enterprise.history.get().history_id
    submit_form(editor_client, admin_url(Enterprise, "change", enterprise.pk), name_en="Renamed")

    revert_url = admin_url(Enterprise, "simple_history", enterprise.pk, first_version)
    response = submit_form(viewer_client, revert_url)

    assert response.status_code == status.HTTP_403_FORBIDDEN
    enterprise.refresh_from_db()
    assert enterprise.name_en == "Renamed"


def test_a_viewer_may_read_the_history_and_export(viewer_client):
    """Reading is allowed: the history page and the export form answer 200."""
    enterprise = make_enterprise()
    history = viewer_client.get(admin_url(Enterprise, "history", enterprise.pk))
    export = viewer_client.get(admin_url(Enterprise, "export"))
    assert (history.status_code, export.status_code) == (status.HTTP_200_OK, status.HTTP_200_OK)


def test_an_editor_may_revert_from_the_history(editor_client):
    """The version page of a record offers an editor the Revert button."""
    enterprise = make_enterprise()
    submit_form(editor_client, admin_url(Enterprise, "change", enterprise.pk), name_en="New")
    first_version = enterprise.history.earliest().history_id
    page = editor_client.get(
        admin_url(Enterprise, "simple_history", enterprise.pk, first_version)
    ).content.decode()
    assert 'name="_save"' in page


def test_every_data_model_is_in_the_admin_and_covered_by_the_roles():
    """The registry, the admin and the roles agree: a new model cannot be left out of any."""
    assert set(_data_models_in_the_admin()) == set(data_models())
    editors = {codename for _app, codename in _codenames(EDITORS)}
    for model in data_models():
        assert f"change_{model._meta.model_name}" in editors, model


def test_granting_again_changes_nothing():
    """It runs after every migrate: running it twice leaves the same permissions."""
    before = {role: _codenames(role) for role in (EDITORS, VIEWERS)}
    grant_role_permissions()
    assert {role: _codenames(role) for role in (EDITORS, VIEWERS)} == before


def test_editors_review_non_facts_and_viewers_read_them(editor_client, viewer_client):
    """The reviewed non-facts reach both roles: editors add one, viewers only list them."""
    assert editor_client.get("/admin/sources/nonfact/add/").status_code == status.HTTP_200_OK
    assert viewer_client.get("/admin/sources/nonfact/").status_code == status.HTTP_200_OK
    assert viewer_client.get("/admin/sources/nonfact/add/").status_code == (
        status.HTTP_403_FORBIDDEN
    )
