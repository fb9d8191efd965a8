"""The schema as a third party reads it: every parameter is documented as the server takes it
(repeated or once), carries an example the server accepts, enums have readable member names,
and every answer it documents is the answer the server gives."""

import re

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import status

from apps.core.api.xlsx import XLSX_MEDIA_TYPE

IDENTIFIER = re.compile(r"[A-Z][A-Z0-9_]*")


@pytest.fixture(scope="module")
def schema():
    return SchemaGenerator().get_schema(request=None, public=True)


def _reads(schema):
    for path, operations in schema["paths"].items():
        if "get" in operations:
            yield path, operations["get"]


def _url(path, operation):
    """The operation's URL, its path parameters filled with their examples."""
    for parameter in operation.get("parameters", []):
        if parameter["in"] == "path":
            path = path.replace(f"{{{parameter['name']}}}", str(parameter["example"]))
    return path


def _query_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _operations(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def test_every_parameter_has_an_example(schema):
    """Query, path and header parameters all show an example (Swagger UI's "Try it out")."""
    missing = [
        (path, method, parameter["name"])
        for path, method, operation in _operations(schema)
        for parameter in operation.get("parameters", [])
        if "example" not in parameter and "examples" not in parameter
    ]
    assert missing == []


def test_every_list_parameter_is_documented_in_the_style_clients_send(schema):
    """An array parameter is repeated (form, explode), the one style generated clients send;
    fields and ordering also say that they take commas."""
    for path, operation in _reads(schema):
        for parameter in operation.get("parameters", []):
            if parameter["schema"].get("type") == "array":
                assert (parameter.get("style"), parameter.get("explode")) == ("form", True), (
                    path,
                    parameter["name"],
                )
            if parameter["name"] in ("fields", "ordering"):
                assert "comma-separated" in parameter["description"], path
                assert "repeated" in parameter["description"], path
    indicators = schema["paths"]["/api/v1/indicators/"]["get"]["parameters"]
    arrays = {p["name"] for p in indicators if p["schema"].get("type") == "array"}
    assert {"tier", "cluster", "kind", "unit", "subject", "subject_type", "source"} <= arrays


@pytest.mark.django_db
def test_every_documented_parameter_is_taken_as_documented(api_client, published_dataset, schema):
    """Against the published data, each read's example answers 200; given twice, an array
    parameter still answers 200 and a single-valued one 400 repeated_parameter, naming it. The
    parameters the server lists as valid are exactly those the schema documents."""
    checked = 0
    for path, operation in _reads(schema):
        url = _url(path, operation)
        query = [p for p in operation.get("parameters", []) if p["in"] == "query"]
        unknown = api_client.get(url, {"no_such_parameter": "1"}).json()["errors"][0]
        valid = unknown["detail"].split("Valid: ", 1)[1].rstrip(".").split(", ")
        assert sorted(valid) == sorted(p["name"] for p in query), path
        for parameter in query:
            example = parameter["example"]
            values = example if isinstance(example, list) else [example]
            values = [_query_value(value) for value in values]
            once = api_client.get(url, {parameter["name"]: values})
            assert once.status_code == status.HTTP_200_OK, (path, parameter["name"], once.content)
            twice = api_client.get(url, {parameter["name"]: [values[0], values[0]]})
            if parameter["schema"].get("type") == "array":
                assert twice.status_code == status.HTTP_200_OK, (path, parameter["name"])
            else:
                assert twice.status_code == status.HTTP_400_BAD_REQUEST, (path, parameter["name"])
                error = twice.json()["errors"][0]
                assert (error["code"], error["attr"]) == ("repeated_parameter", parameter["name"])
            checked += 1
    assert checked > 100


@pytest.mark.django_db
def test_the_list_parameters_take_repeats_and_commas_alike(api_client, published_dataset):
    """fields=a&fields=b is fields=a,b; ordering=-x&ordering=y is ordering=-x,y."""
    url = "/api/v1/indicators/"
    repeated = api_client.get(
        url, {"fields": ["slug", "value_normalized"], "ordering": ["-value_normalized", "slug"]}
    ).json()
    commas = api_client.get(
        url, {"fields": "slug,value_normalized", "ordering": "-value_normalized,slug"}
    ).json()
    assert repeated == commas
    assert set(repeated["results"][0]) == {"slug", "value_normalized"}
    values = [row["value_normalized"] for row in repeated["results"]]
    assert values == sorted(values, reverse=True)


def test_every_enum_has_readable_member_names(schema):
    """x-enum-varnames on every enum: identifiers, never VALUE_0; a descending ordering is
    NAME_EN_DESC, the multiplier 8 HUNDRED_MILLION, and each unit has its label."""

    def enums(node):
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list) and any(v is not None for v in node["enum"]):
                yield node
            for value in node.values():
                yield from enums(value)
        elif isinstance(node, list):
            for item in node:
                yield from enums(item)

    found = list(enums(schema))
    assert len(found) > 50
    for node in found:
        names = node["x-enum-varnames"]
        assert len(names) == len([v for v in node["enum"] if v is not None]), node
        assert len(set(names)) == len(names), node
        for name in names:
            assert IDENTIFIER.fullmatch(name), name
            assert not re.fullmatch(r"VALUE_[0-9]+", name), node
    multiplier = schema["components"]["schemas"]["UnitMultiplierEnum"]
    assert dict(zip(multiplier["enum"], multiplier["x-enum-varnames"], strict=True)) == {
        0: "ONE",
        4: "TEN_THOUSAND",
        8: "HUNDRED_MILLION",
    }
    unit = schema["components"]["schemas"]["UnitEnum"]
    labels = dict(zip(unit["enum"], unit["x-enum-descriptions"], strict=True))
    assert labels["year"] == "year"
    assert all(labels.values())
    ordering = next(
        p
        for p in schema["paths"]["/api/v1/clusters/"]["get"]["parameters"]
        if p["name"] == "ordering"
    )["schema"]["items"]
    names = dict(zip(ordering["enum"], ordering["x-enum-varnames"], strict=True))
    assert names["-name_en"] == "NAME_EN_DESC"
    assert names["name_en"] == "NAME_EN"


def test_errors_are_documented_as_json_with_their_real_type_and_an_example(schema):
    """Every error answer is JSON only (never a CSV or a workbook), shows at least one
    example, and each example's type is one its schema allows; a 401 says client_error."""
    components = schema["components"]["schemas"]

    def allowed_types(reference):
        properties = components[reference.rsplit("/", 1)[1]]["properties"]
        return set(components[properties["type"]["$ref"].rsplit("/", 1)[1]]["enum"])

    for path, method, operation in _operations(schema):
        for code, response in operation["responses"].items():
            if int(code) < 400:
                continue
            assert set(response["content"]) == {"application/json"}, (path, method, code)
            content = response["content"]["application/json"]
            assert content.get("examples"), (path, method, code)
            types = allowed_types(content["schema"]["$ref"])
            for example in content["examples"].values():
                assert example["value"]["type"] in types, (path, method, code)
            if code == "401":
                assert {e["value"]["type"] for e in content["examples"].values()} == {
                    "client_error"
                }


def test_spreadsheets_are_documented_as_files_on_every_list_and_detail(schema):
    """format takes csv and xlsx on every resource read, and a 200 offers a CSV text and a
    binary workbook."""
    for path, operation in _reads(schema):
        if path.count("/") < 4 or path.endswith("/profile/") or "summary" in path:
            continue
        formats = next(p for p in operation["parameters"] if p["name"] == "format")
        assert formats["schema"]["enum"] == ["csv", "json", "xlsx"], path
        content = operation["responses"]["200"]["content"]
        assert content[XLSX_MEDIA_TYPE]["schema"]["format"] == "binary", path
        assert content["text/csv"]["schema"]["type"] == "string", path


def test_the_documentation_opens_on_the_overview(schema):
    """Tags are listed, described, the overview first (Swagger UI's first section, ReDoc's
    first entry): no "default" tag, no operation id such as root_retrieve."""
    tags = [tag["name"] for tag in schema["tags"]]
    assert tags[0] == "overview"
    assert "default" not in tags
    assert all(tag.get("description") for tag in schema["tags"])
    assert schema["paths"]["/api/v1/"]["get"]["operationId"] == "api_root"
    for _path, _method, operation in _operations(schema):
        assert operation["tags"][0] in tags
        assert not re.search(r"\ba [aeiou]", operation["summary"]), operation["summary"]


def test_the_profile_is_documented(schema):
    """GET /api/v1/clusters/{slug}/profile/ is described with its answer's shape."""
    operation = schema["paths"]["/api/v1/clusters/{slug}/profile/"]["get"]
    assert operation["tags"] == ["clusters"]
    reference = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    profile = schema["components"]["schemas"][reference.rsplit("/", 1)[1]]
    assert set(profile["properties"]) == {
        "cluster",
        "enterprises",
        "parks",
        "projects",
        "initiatives",
        "indicators",
        "sources",
    }


@pytest.mark.parametrize(
    ("value", "name"),
    [("-name_en", "NAME_EN_DESC"), ("zh-hans", "ZH_HANS"), ("", "BLANK"), ("2023", "VALUE_2023")],
)
def test_an_enum_member_is_named_from_its_value(value, name):
    """Without a Django choice behind it, a member's name is made from its value."""
    from apps.core.api.schema import _enum_member_name

    assert _enum_member_name(value) == name


def test_colliding_member_names_are_left_out():
    """Two values that would get one name (a-b, a_b) get none, rather than a wrong one."""
    from apps.core.api.schema import name_enum_members

    result = {"components": {"schemas": {"E": {"enum": ["a-b", "a_b"]}, "N": {"enum": [None]}}}}
    name_enum_members(result, None, None, True)
    assert "x-enum-varnames" not in result["components"]["schemas"]["E"]
    assert "x-enum-varnames" not in result["components"]["schemas"]["N"]
