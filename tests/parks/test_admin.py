"""The park admin: the parks within a park are edited on the park's page."""

import pytest
from rest_framework import status

from apps.parks.models import Park
from tests.admin_forms import admin_url, submit_form
from tests.factories import make_cluster, make_park

pytestmark = pytest.mark.django_db


def test_a_park_within_the_park_is_added_on_the_parks_page(editor_client):
    """A new inline row becomes a child park of the park."""
    software_park = make_park(slug="banan-software-park")
    response = submit_form(
        editor_client,
        admin_url(Park, "change", software_park.pk),
        **{
            "children-TOTAL_FORMS": "1",
            "children-0-slug": "digital-park",
            "children-0-name_zh": "数智产业园",
            "children-0-name_en": "Digital Industry Park",
            "children-0-source": str(software_park.source_id),
            "children-0-source_quote": "巴南区",
        },
    )
    assert response.status_code == status.HTTP_302_FOUND
    assert Park.objects.get(slug="digital-park").parent == software_park


def test_the_history_of_a_parks_clusters_is_readable(editor_client):
    """After its clusters change, the park's history page shows the change."""
    park = make_park()
    cluster = make_cluster(name_en="Biomedicine")
    park.clusters.add(cluster)
    response = editor_client.get(admin_url(Park, "history", park.pk))
    assert response.status_code == status.HTTP_200_OK
    assert "Biomedicine" in response.content.decode()
