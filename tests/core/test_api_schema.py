"""The OpenAPI contract: committed, valid, served with local assets, and kept by every answer."""

import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from drf_spectacular.generators import SchemaGenerator
from rest_framework import status

from tests.factories import make_initiative

REPO = Path(__file__).resolve().parents[2]
SCHEMA_FILE = REPO / "schema.yaml"
CDN_HOSTS = ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "fonts.googleapis.com")


@pytest.fixture(scope="module")
def generated_schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def test_the_schema_describes_the_service_in_english_and_chinese(generated_schema):
    """An ASCII title (generators name the client package after it), the Chinese name opening
    the description; licence and contact are set."""
    info = generated_schema["info"]
    assert info["title"] == "Banan Industry Data Service API"
    assert info["title"].isascii()
    assert info["description"].startswith("**巴南区产业数据服务接口**")
    assert "1246" in info["description"]
    assert "现代制造业集群" in info["description"]
    assert info["license"]["name"] == "MIT"
    assert info["contact"]["name"]


def test_every_operation_documents_every_error_status(generated_schema):
    """Reads: 400, 404, 405, 406, 412, 429, 500, 503 and 304; writes: 400, 401, 403, 404, 405,
    406, 409, 415, 500, 503, and 412 on a record; all in the error shape with their type."""
    for path, operations in generated_schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            expected = {"400", "404", "405", "406", "500", "503"}
            if method == "get":
                expected |= {"304", "412", "429"}
            else:
                expected |= {"401", "403", "409", "415"}
                expected |= {"412"} if method in ("put", "patch", "delete") else set()
            assert codes >= expected, (path, method, expected - codes)
            error = operation["responses"]["400"]["content"]["application/json"]["schema"]
            assert error == {"$ref": "#/components/schemas/ErrorResponse400"}


def test_public_reads_need_no_credentials_and_writes_a_token(generated_schema):
    """No lock and no 401 on a read; a token on every write."""
    for path, operations in generated_schema["paths"].items():
        for method, operation in operations.items():
            if method == "get":
                assert not operation.get("security"), path
                assert "401" not in operation["responses"], path
            else:
                assert operation["security"] == [{"tokenAuth": []}], (path, method)


def test_writes_take_no_query_parameters(generated_schema):
    """A write's input is its body: no format, lang or fields on POST, PUT, PATCH or DELETE."""
    for path, operations in generated_schema["paths"].items():
        for method, operation in operations.items():
            if method != "get":
                query = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
                assert query == [], (path, method, query)


def test_operations_have_clean_ids_and_tags(generated_schema):
    """Every operation is tagged by its resource (no "default") and has a readable id."""
    for path, operations in generated_schema["paths"].items():
        for operation in operations.values():
            assert operation["tags"], path
            assert "default" not in operation["tags"], path
            assert not operation["operationId"].startswith("root"), path
            assert " a i" not in operation["summary"], path
            assert " a e" not in operation["summary"], path


def test_every_parameter_is_described_with_a_type(generated_schema):
    """Query parameters carry a schema and a description; choice filters list their values."""
    for path, operations in generated_schema["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                assert parameter.get("schema"), (path, method, parameter["name"])
                if parameter["in"] != "path":
                    assert parameter.get("description"), (path, method, parameter["name"])
    parameters = {
        parameter["name"]: parameter
        for parameter in generated_schema["paths"]["/api/v1/projects/"]["get"]["parameters"]
    }
    assert "under_construction" in parameters["status"]["schema"]["items"]["enum"]
    assert "-investment_cny" in parameters["ordering"]["schema"]["items"]["enum"]
    assert parameters["page_size"]["schema"]["maximum"] == 500


def test_the_main_endpoints_have_examples(generated_schema):
    """Clusters, enterprises, projects and indicators show an example answer."""
    for resource in ("clusters", "enterprises", "projects", "indicators"):
        for path in (f"/api/v1/{resource}/", f"/api/v1/{resource}/{{slug}}/"):
            content = generated_schema["paths"][path]["get"]["responses"]["200"]["content"]
            assert content["application/json"]["examples"], path


def _json_schema(node):
    """OpenAPI 3.0 schema to JSON Schema: nullable becomes a null alternative, boolean
    exclusive bounds become numbers, and objects refuse properties the contract does not name,
    so an undocumented field fails."""
    if isinstance(node, list):
        return [_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _json_schema(value) for key, value in node.items() if key != "example"}
    if "properties" in node:
        node.setdefault("additionalProperties", False)
    for bound, exclusive in (("maximum", "exclusiveMaximum"), ("minimum", "exclusiveMinimum")):
        if node.get(exclusive) is True:
            node[exclusive] = node.pop(bound)
    if node.pop("nullable", False):
        if "type" in node:
            node["type"] = [node["type"], "null"]
            if "enum" in node:
                node["enum"] = [*node["enum"], None]
        else:
            node = {"anyOf": [node, {"type": "null"}]}
    return node


def _assert_complete(value, schema, components, where):
    """Every object of an example names every property its schema has, so none goes stale."""
    while "$ref" in schema or "allOf" in schema:
        reference = schema["$ref"] if "$ref" in schema else schema["allOf"][0]["$ref"]
        schema = components[reference.rsplit("/", 1)[1]]
    if isinstance(value, dict) and "properties" in schema:
        assert set(value) == set(schema["properties"]), where
        for name, item in value.items():
            _assert_complete(item, schema["properties"][name], components, f"{where}.{name}")
    elif isinstance(value, list) and "items" in schema:
        for item in value:
            _assert_complete(item, schema["items"], components, where)


def test_every_example_keeps_the_contract(generated_schema):
    """The examples validate against the schema they illustrate, and show every field."""
    components = _json_schema(generated_schema["components"])
    checked = 0
    for path, operations in generated_schema["paths"].items():
        for operation in operations.values():
            for status_code, response in operation["responses"].items():
                content = response.get("content", {}).get("application/json", {})
                for example in content.get("examples", {}).values():
                    schema = {**_json_schema(content["schema"]), "components": components}
                    jsonschema.Draft202012Validator(schema).validate(example["value"])
                    if status_code == "200":
                        _assert_complete(
                            example["value"],
                            content["schema"],
                            generated_schema["components"]["schemas"],
                            path,
                        )
                    checked += 1
    assert checked >= 8


def test_the_schema_is_served_as_yaml_and_json(api_client, db):
    """/api/schema/ answers YAML by default and JSON on request."""
    as_yaml = api_client.get("/api/schema/")
    assert as_yaml.status_code == status.HTTP_200_OK
    assert yaml.safe_load(as_yaml.content)["openapi"].startswith("3.")
    as_json = api_client.get("/api/schema/?format=json")
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    assert as_json.json()["info"]["version"] == "1.0.0"


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_the_documentation_loads_its_assets_from_our_static_files(client, db, path):
    """Swagger UI and ReDoc come from drf-spectacular-sidecar under /static/, never a CDN; the
    pages' own style (and ReDoc's guard against its CDN logo) are the service's static files."""
    response = client.get(path)
    assert response.status_code == status.HTTP_200_OK
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any(asset.startswith("/static/drf_spectacular_sidecar/") for asset in assets)
    assert all(
        asset.startswith(("/static/drf_spectacular_sidecar/", "/static/banan_service/"))
        for asset in assets
    )
    for host in CDN_HOSTS:
        assert host not in html
    for asset in assets:
        assert client.get(asset).status_code == status.HTTP_200_OK, asset


@pytest.fixture
def conformance(api_client, generated_schema):
    """Validate a real answer against the schema of its operation and status."""
    components = _json_schema(generated_schema["components"])
    exercised = set()

    def check(template, response, method="get"):
        operations = generated_schema["paths"][template]
        # A 405 answers a method the path lacks; its error is documented on the path's GET.
        operation = operations.get(method) or operations["get"]
        documented = operation["responses"][str(response.status_code)]
        if response.status_code in (204, 304):
            assert "content" not in documented
            assert response.content == b""
        else:
            schema = documented["content"]["application/json"]["schema"]
            validator = jsonschema.Draft202012Validator(
                {**_json_schema(schema), "components": components}
            )
            validator.validate(response.json())
        exercised.add((template, method))
        return response

    check.exercised = exercised
    return check


RESOURCES = {
    "sources": "banan-1246",
    "clusters": "biomedicine",
    "initiatives": "low-altitude-economy",
    "parks": "xingzhou",
    "enterprises": "zhixiang-jintai",
    "projects": "wafer-centre",
    "indicators": "industrial-investment-growth-2023",
    "key-directions": "biotech-drugs",
    "people": "cao-linyin",
    "statements": "genrix-bio-listing",
}


@pytest.mark.django_db
def test_every_read_answer_keeps_the_contract(api_client, dataset, conformance, generated_schema):
    """Lists, details, the summary and the root, with and without a language, validate."""
    make_initiative(slug="low-altitude-economy").clusters.set([dataset.new_star])
    for query in ("", "?lang=zh"):
        conformance("/api/v1/", api_client.get("/api/v1/"))
        conformance("/api/v1/summary/", api_client.get(f"/api/v1/summary/{query}"))
        conformance(
            "/api/v1/clusters/{slug}/profile/",
            api_client.get(f"/api/v1/clusters/biomedicine/profile/{query}"),
        )
        for resource, slug in RESOURCES.items():
            listed = conformance(
                f"/api/v1/{resource}/", api_client.get(f"/api/v1/{resource}/{query}")
            )
            assert listed.json()["count"] >= 1
            conformance(
                f"/api/v1/{resource}/{{slug}}/",
                api_client.get(f"/api/v1/{resource}/{slug}/{query}"),
            )
    reads = {
        (path, method)
        for path, operations in generated_schema["paths"].items()
        for method in operations
        if method == "get"
    }
    assert reads <= conformance.exercised


@pytest.mark.django_db
@pytest.mark.parametrize("fields", ["slug", "url,name_zh,updated_at", "name"])
def test_a_sparse_fieldset_keeps_the_contract(api_client, dataset, conformance, fields):
    """fields= may leave out any field, so the contract requires none of a resource's."""
    make_initiative(slug="low-altitude-economy").clusters.set([dataset.new_star])
    for resource, slug in RESOURCES.items():
        query = {"fields": fields, "lang": "en"}
        listed = conformance(f"/api/v1/{resource}/", api_client.get(f"/api/v1/{resource}/", query))
        assert set(listed.json()["results"][0]) == set(fields.split(","))
        conformance(
            f"/api/v1/{resource}/{{slug}}/",
            api_client.get(f"/api/v1/{resource}/{slug}/", query),
        )


@pytest.mark.django_db
@pytest.mark.parametrize("lang", [None, "zh"])
def test_without_fields_every_documented_field_is_answered(
    api_client, dataset, generated_schema, lang
):
    """An answer holds every field its schema names, in either language."""
    make_initiative(slug="low-altitude-economy").clusters.set([dataset.new_star])
    for resource, slug in RESOURCES.items():
        responses = generated_schema["paths"][f"/api/v1/{resource}/{{slug}}/"]["get"]["responses"]
        reference = responses["200"]["content"]["application/json"]["schema"]["$ref"]
        component = generated_schema["components"]["schemas"][reference.rsplit("/", 1)[1]]
        query = {"lang": lang} if lang else {}
        answered = set(api_client.get(f"/api/v1/{resource}/{slug}/", query).json())
        assert answered == set(component["properties"]), resource


@pytest.mark.django_db
def test_every_error_answer_keeps_the_contract(
    api_client, token_client, dataset, conformance, settings, monkeypatch
):
    """400, 401, 403, 404, 405, 406, 409, 412, 415, 429, 500 and 304 validate."""
    conformance("/api/v1/clusters/", api_client.get("/api/v1/clusters/?colour=red"))
    conformance("/api/v1/clusters/{slug}/", api_client.get("/api/v1/clusters/atlantis/"))
    conformance("/api/v1/summary/", api_client.post("/api/v1/summary/"), method="post")
    conformance("/api/v1/clusters/", api_client.get("/api/v1/clusters/", HTTP_ACCEPT="text/html"))
    conformance("/api/v1/clusters/", api_client.post("/api/v1/clusters/", {}), method="post")
    conformance("/api/v1/clusters/", token_client().post("/api/v1/clusters/", {}), method="post")
    conformance(
        "/api/v1/sources/{slug}/",
        token_client("delete_source").delete("/api/v1/sources/banan-1246/"),
        method="delete",
    )
    conformance(
        "/api/v1/clusters/",
        token_client("add_cluster").post("/api/v1/clusters/", "x", content_type="text/plain"),
        method="post",
    )
    conformance("/api/v1/clusters/", api_client.get("/api/v1/clusters/", HTTP_IF_MATCH='"old"'))
    etag = api_client.get("/api/v1/clusters/")["ETag"]
    conformance("/api/v1/clusters/", api_client.get("/api/v1/clusters/", HTTP_IF_NONE_MATCH=etag))

    def broken():
        raise RuntimeError

    monkeypatch.setattr("apps.overview.api.views.cluster_summary", broken)
    # The handler signals the crash, as Django does, for error monitoring; the test client
    # would re-raise it.
    api_client.raise_request_exception = False
    conformance("/api/v1/summary/", api_client.get("/api/v1/summary/"))
    settings.API_ANON_THROTTLE_RATE = "1/minute"
    api_client.get("/api/v1/")
    conformance("/api/v1/", api_client.get("/api/v1/"))


@pytest.mark.django_db
def test_every_write_answer_keeps_the_contract(token_client, dataset, conformance):
    """201, 200 and 204 answers of writes validate."""
    client = token_client("add_park", "change_park", "delete_park")
    body = {
        "slug": "yunshuiyuan",
        "name_zh": "云水苑数字经济产业园",
        "name_en": "Yunshuiyuan digital economy park",
        "parent": "banan-software-park",
        "source": "banan-1246",
        "source_quote": "云水苑数字经济产业园",
    }
    conformance("/api/v1/parks/", client.post("/api/v1/parks/", body), method="post")
    conformance(
        "/api/v1/parks/{slug}/",
        client.patch("/api/v1/parks/yunshuiyuan/", {"clusters": ["optoelectronics"]}),
        method="patch",
    )
    conformance(
        "/api/v1/parks/{slug}/", client.put("/api/v1/parks/yunshuiyuan/", body), method="put"
    )
    conformance(
        "/api/v1/parks/{slug}/", client.delete("/api/v1/parks/yunshuiyuan/"), method="delete"
    )


@pytest.mark.django_db
def test_every_published_record_keeps_the_contract(api_client, published_dataset, conformance):
    """The real dataset, every record of every resource in both languages, validates."""
    for resource in RESOURCES:
        for query in ("?page_size=500", "?page_size=500&lang=zh"):
            listed = conformance(
                f"/api/v1/{resource}/", api_client.get(f"/api/v1/{resource}/{query}")
            ).json()
            assert listed["count"] == len(listed["results"]) >= 1
            for record in listed["results"]:
                conformance(f"/api/v1/{resource}/{{slug}}/", api_client.get(record["url"]))
    for cluster in api_client.get("/api/v1/clusters/").json()["results"]:
        conformance("/api/v1/clusters/{slug}/profile/", api_client.get(cluster["links"]["profile"]))
    summary = conformance("/api/v1/summary/", api_client.get("/api/v1/summary/")).json()
    assert [tier["cluster_count"] for tier in summary["tiers"]] == [1, 2, 4, 6]
