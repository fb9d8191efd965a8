"""The cluster admin: the 1-2-4-6 structure, in the order the system lists it."""

import pytest
from rest_framework import status

from apps.clusters.choices import Tier
from apps.clusters.models import Cluster
from tests.admin_forms import admin_url, submit_form
from tests.factories import make_cluster

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
