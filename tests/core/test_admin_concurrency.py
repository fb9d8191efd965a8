"""Two editors on one record: a form opened before another editor's save never overwrites it."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from apps.accounts.roles import EDITORS
from apps.enterprises.models import Enterprise
from apps.projects.models import Project
from tests.admin_forms import admin_url, submitted_form_data
from tests.factories import make_enterprise, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_editor_client(django_user_model):
    user = django_user_model.objects.create_user("li", password="another-editor-password-1")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=EDITORS))
    client = Client()
    client.force_login(user)
    return client


def _open(client, url, **headers):
    return submitted_form_data(client.get(url, headers=headers))


def test_a_form_opened_before_another_save_is_refused_and_saves_nothing(
    editor_client, second_editor_client
):
    """Li saves a description; Wang, whose form is older, is told so and keeps nothing."""
    enterprise = make_enterprise(slug="zongshen", name_en="Zongshen")
    url = admin_url(Enterprise, "change", enterprise.pk)
    wangs_form = _open(editor_client, url)
    lis_form = _open(second_editor_client, url)
    lis = second_editor_client.post(url, {**lis_form, "description_en": "Li's description"})
    assert lis.status_code == 302
    wangs = editor_client.post(url, {**wangs_form, "name_en": "Wang's name"})
    assert wangs.status_code == 200
    assert "after you opened it" in wangs.content.decode()
    assert "li" in wangs.content.decode()
    enterprise.refresh_from_db()
    assert (enterprise.name_en, enterprise.description_en) == ("Zongshen", "Li's description")


def test_the_refusal_speaks_the_editors_language(editor_client, second_editor_client):
    """An editor whose browser asks for Chinese is told in Chinese."""
    enterprise = make_enterprise(slug="zongshen")
    url = admin_url(Enterprise, "change", enterprise.pk)
    wangs_form = _open(editor_client, url, accept_language="zh-hans")
    second_editor_client.post(url, {**_open(second_editor_client, url), "name_en": "Li"})
    wangs = editor_client.post(
        url, {**wangs_form, "name_en": "Wang"}, headers={"accept-language": "zh-hans"}
    )
    assert "在您打开之后" in wangs.content.decode()


def test_a_form_opened_after_the_last_save_is_saved(editor_client):
    """Saving twice in a row, each time from a fresh form, is the normal case."""
    enterprise = make_enterprise(slug="zongshen")
    url = admin_url(Enterprise, "change", enterprise.pk)
    for name in ("First", "Second"):
        assert (
            editor_client.post(url, {**_open(editor_client, url), "name_en": name}).status_code
            == 302
        )
    enterprise.refresh_from_db()
    assert enterprise.name_en == "Second"


def test_an_inline_row_changed_meanwhile_is_refused(editor_client, second_editor_client):
    """A project edited on its own page is not overwritten from an older enterprise page."""
    enterprise = make_enterprise(slug="zongshen")
    project = make_project(slug="line", enterprise=enterprise, name_en="Line")
    enterprise_url = admin_url(Enterprise, "change", enterprise.pk)
    wangs_form = _open(editor_client, enterprise_url)
    project_url = admin_url(Project, "change", project.pk)
    second_editor_client.post(
        project_url, {**_open(second_editor_client, project_url), "name_en": "Li's line"}
    )
    response = editor_client.post(enterprise_url, wangs_form)
    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    project.refresh_from_db()
    assert project.name_en == "Li's line"


def test_other_apps_contribute_their_inlines_in_the_order_of_the_apps(editor_client):
    """The enterprise page shows its projects, then its indicators, whatever the import order."""
    enterprise = make_enterprise(slug="zongshen")
    response = editor_client.get(admin_url(Enterprise, "change", enterprise.pk))
    models = [
        inline.opts.model._meta.model_name for inline in response.context["inline_admin_formsets"]
    ]
    assert models == ["project", "indicator"]
