"""The cluster admin: the 1-2-4-6 structure, in the order the system lists it."""

import pytest
from rest_framework import status

from apps.clusters.choices import Tier
from apps.clusters.models import Cluster, KeyDirection
from tests.admin_forms import admin_url, submit_form
from tests.factories import make_cluster, make_key_direction

pytestmark = pytest.mark.django_db


def test_clusters_are_listed_leading_tier_first(editor_client):
    """Tiers are listed leading, pillar, characteristic, new star, not alphabetically."""
    new_star = make_cluster(tier=Tier.NEW_STAR)
    characteristic = make_cluster(tier=Tier.CHARACTERISTIC)
    leading = make_cluster(tier=Tier.LEADING)
    response = editor_client.get(admin_url(Cluster, "changelist"))
    assert list(response.context["cl"].result_list) == [leading, characteristic, new_star]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("en", "The position must lie between 1 and the tier's size (1, 2, 4 or 6)."),
        ("zh-hans", "序号必须介于 1 与该层级的集群个数（1、2、4 或 6）之间。"),
    ],
)
def test_a_second_leading_cluster_is_refused(language, message, editor_client):
    """The leading tier holds one cluster: position 2 is refused by the form."""
    cluster = make_cluster(tier=Tier.LEADING)
    response = submit_form(
        editor_client,
        admin_url(Cluster, "change", cluster.pk),
        position="2",
        headers={"accept-language": language},
    )
    assert response.status_code == status.HTTP_200_OK
    assert message in response.context["adminform"].form.non_field_errors()


def test_key_directions_are_listed_in_the_sources_order_and_searchable(editor_client):
    """The changelist follows the list's order; search finds Chinese and English names."""
    second = make_key_direction(position=2, name_zh="新型显示", name_en="New display")
    first = make_key_direction(
        source=second.source, position=1, name_zh="生物技术药", name_en="Biotech drugs"
    )
    response = editor_client.get(admin_url(KeyDirection, "changelist"))
    assert list(response.context["cl"].result_list) == [first, second]
    found = editor_client.get(admin_url(KeyDirection, "changelist"), {"q": "显示"})
    assert list(found.context["cl"].result_list) == [second]


def test_a_key_direction_form_groups_provenance_and_inferences(editor_client):
    """The change form has the Provenance and the Inferences fieldsets, and saves."""
    direction = make_key_direction()
    url = admin_url(KeyDirection, "change", direction.pk)
    page = editor_client.get(url).content.decode()
    assert "Provenance" in page
    assert "Inferences and editors" in page
    assert submit_form(editor_client, url, name_en="Renamed").status_code == status.HTTP_302_FOUND
    direction.refresh_from_db()
    assert direction.name_en == "Renamed"
