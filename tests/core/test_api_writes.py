"""Writes: token plus model permission, validated exactly as the admin validates."""

import pytest
from rest_framework import status

from apps.clusters.models import Cluster

pytestmark = pytest.mark.django_db

RESOURCES = [
    ("sources", "banan-1246", "source"),
    ("clusters", "biomedicine", "cluster"),
    ("parks", "xingzhou", "park"),
    ("enterprises", "zongshen", "enterprise"),
    ("projects", "wafer-centre", "project"),
    ("indicators", "wafer-centre-area", "indicator"),
]
WRITES = [("post", ""), ("put", "{slug}/"), ("patch", "{slug}/"), ("delete", "{slug}/")]


def _cluster_body(**fields):
    return {
        "slug": "aviation",
        "tier": "new_star",
        "position": 2,
        "name_zh": "航空航天",
        "name_en": "Aerospace",
        "source": "banan-1246",
        "source_quote": "培育壮大软件信息化、光电子、航空航天……等6个“新星”产业集群",
        **fields,
    }


@pytest.mark.parametrize(("resource", "slug", "model"), RESOURCES)
@pytest.mark.parametrize(("method", "suffix"), WRITES)
def test_anonymous_writes_answer_401_with_the_token_challenge(
    api_client, dataset, resource, slug, model, method, suffix
):
    """Every write without a token is 401 and names the Token scheme."""
    url = f"/api/v1/{resource}/" + suffix.format(slug=slug)
    response = getattr(api_client, method)(url, {})
    assert response.status_code == status.HTTP_401_UNAUTHORIZED
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["type"] == "client_error"


@pytest.mark.parametrize(("resource", "slug", "model"), RESOURCES)
@pytest.mark.parametrize(("method", "suffix"), WRITES)
def test_a_token_without_the_model_permission_answers_403(
    token_client, dataset, resource, slug, model, method, suffix
):
    """A valid token whose user lacks the permission for this write is refused."""
    unrelated_permission = "view_cluster" if model != "cluster" else "view_park"
    client = token_client(unrelated_permission)
    url = f"/api/v1/{resource}/" + suffix.format(slug=slug)
    response = getattr(client, method)(url, {})
    assert response.status_code == status.HTTP_403_FORBIDDEN
    assert response.json()["errors"][0]["code"] == "permission_denied"


def test_reads_never_look_at_credentials(api_client, dataset):
    """Reads are public: a stale or mistyped token changes nothing about a read."""
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert api_client.get("/api/v1/clusters/").status_code == status.HTTP_200_OK


def test_an_invalid_token_is_a_401_on_writes(api_client, dataset):
    """A write checks the token it is sent, so a typo in it is noticed."""
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    response = api_client.patch("/api/v1/clusters/biomedicine/", {"name_en": "Bio"})
    assert response.status_code == status.HTTP_401_UNAUTHORIZED
    assert response.json()["errors"][0]["code"] == "authentication_failed"


def test_a_token_holder_reads_like_anyone(token_client, dataset):
    """Reads need no permission, with or without a token."""
    response = token_client().get("/api/v1/clusters/")
    assert response.status_code == status.HTTP_200_OK


def test_create_with_the_add_permission(token_client, dataset):
    """POST creates the record and answers 201 with its representation."""
    response = token_client("add_cluster").post("/api/v1/clusters/", _cluster_body())
    assert response.status_code == status.HTTP_201_CREATED, response.json()
    assert response.json()["url"] == "http://testserver/api/v1/clusters/aviation/"
    assert response.json()["source"]["slug"] == "banan-1246"
    assert Cluster.objects.get(slug="aviation").tier == "new_star"


def test_a_database_constraint_surfaces_as_a_400_with_its_message(token_client, dataset):
    """full_clean runs the model's constraints: the 1-2-4-6 sizes hold through the API."""
    response = token_client("add_cluster").post(
        "/api/v1/clusters/", _cluster_body(tier="leading", position=2)
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert error["attr"] == "non_field_errors"
    assert "between 1 and the tier's size" in error["detail"]


def test_a_field_error_names_the_field(token_client, dataset):
    """Unknown related slugs and invalid choices are reported per field."""
    response = token_client("add_cluster").post(
        "/api/v1/clusters/", _cluster_body(source="nowhere", tier="imperial")
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert {error["attr"] for error in response.json()["errors"]} == {"source", "tier"}


@pytest.mark.parametrize("slug", ["banan\x001246", "banan 1246", "巴南"])
def test_a_related_slug_no_record_can_have_is_a_400_before_any_query(token_client, dataset, slug):
    """A NUL byte (which PostgreSQL refuses with an error) or a space cannot name a record."""
    response = token_client("add_cluster").post("/api/v1/clusters/", _cluster_body(source=slug))
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert (error["attr"], error["code"]) == ("source", "invalid")


def test_each_related_slug_of_a_list_is_checked_before_any_query(token_client, dataset):
    """The same holds for every slug of a many-to-many field."""
    response = token_client("change_park").patch(
        "/api/v1/parks/xingzhou/", {"clusters": ["biomedicine", "\x00"]}, format="json"
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    [error] = response.json()["errors"]
    assert (error["attr"], error["code"]) == ("clusters", "invalid")


def test_a_blank_quote_is_refused(token_client, dataset):
    """Every record must quote its source."""
    response = token_client("add_cluster").post("/api/v1/clusters/", _cluster_body(source_quote=""))
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "source_quote"


def test_a_duplicate_slug_is_refused(token_client, dataset):
    """Slugs are unique."""
    response = token_client("add_cluster").post(
        "/api/v1/clusters/", _cluster_body(slug="biomedicine")
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["attr"] == "slug"


def test_patch_changes_only_the_given_fields(token_client, dataset):
    """PATCH validates the record as it will be after the change."""
    response = token_client("change_cluster").patch(
        "/api/v1/clusters/biomedicine/", {"name_en": "Biopharmaceuticals"}
    )
    assert response.status_code == status.HTTP_200_OK
    dataset.biomedicine.refresh_from_db()
    assert dataset.biomedicine.name_en == "Biopharmaceuticals"
    assert dataset.biomedicine.name_zh == "生物医药"


def test_an_invalid_patch_leaves_the_record_unchanged(token_client, dataset):
    """A change that breaks a constraint is refused and nothing is saved."""
    response = token_client("change_cluster").patch(
        "/api/v1/clusters/automobiles-motorcycles/", {"tier": "leading"}
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    dataset.motorcycles.refresh_from_db()
    assert dataset.motorcycles.tier == "pillar"


def test_put_replaces_the_record(token_client, dataset):
    """PUT needs every required field."""
    client = token_client("change_cluster")
    body = _cluster_body(slug="optoelectronics", position=1, name_en="Photonics")
    assert client.put("/api/v1/clusters/optoelectronics/", body).status_code == 200
    incomplete = client.put("/api/v1/clusters/optoelectronics/", {"name_en": "Photonics"})
    assert incomplete.status_code == status.HTTP_400_BAD_REQUEST


def test_delete_with_the_delete_permission(token_client, dataset):
    """DELETE removes an unreferenced record and answers 204."""
    response = token_client("delete_indicator").delete("/api/v1/indicators/wafer-centre-area/")
    assert response.status_code == status.HTTP_204_NO_CONTENT


def test_deleting_a_record_others_refer_to_is_a_409(token_client, dataset):
    """The source is cited by every record: deleting it conflicts."""
    response = token_client("delete_source").delete("/api/v1/sources/banan-1246/")
    assert response.status_code == status.HTTP_409_CONFLICT
    assert response.json()["errors"][0]["code"] == "protected"


def test_a_body_that_is_not_json_is_a_415(token_client):
    """Only JSON bodies are parsed."""
    response = token_client("add_cluster").post(
        "/api/v1/clusters/", "slug=x", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == status.HTTP_415_UNSUPPORTED_MEDIA_TYPE


def test_malformed_json_is_a_400(token_client):
    """A body that does not parse is a client error."""
    response = token_client("add_cluster").post(
        "/api/v1/clusters/", "{", content_type="application/json"
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert response.json()["errors"][0]["code"] == "parse_error"


def test_a_body_that_is_not_an_object_is_a_400(token_client):
    """A JSON list where an object is expected is reported, not crashed on."""
    response = token_client("add_indicator").post("/api/v1/indicators/", ["a"], format="json")
    assert response.status_code == status.HTTP_400_BAD_REQUEST


@pytest.mark.parametrize("position", [99999, 10**30])
def test_an_integer_beyond_the_column_is_a_400_not_a_database_error(
    token_client, dataset, position
):
    """Integer bounds the schema leaves out are still enforced, on every database."""
    response = token_client("change_cluster").patch(
        "/api/v1/clusters/optoelectronics/", {"position": position}
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST


@pytest.mark.parametrize("field", ["name_en", "description_zh", "slug", "source_quote"])
@pytest.mark.parametrize("value", [0, 12.5, True, ["a"], {"a": 1}])
def test_a_text_field_takes_text_only(token_client, dataset, field, value):
    """A number, boolean, list or object where the schema says a string is a 400 naming the
    field, never stored as its string form."""
    response = token_client("add_cluster").post(
        "/api/v1/clusters/", _cluster_body(**{field: value}), format="json"
    )
    assert response.status_code == status.HTTP_400_BAD_REQUEST
    assert [error["attr"] for error in response.json()["errors"]] == [field]
    assert not Cluster.objects.filter(slug="aviation").exists()
