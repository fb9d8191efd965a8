"""Import resources: relations by slug, rows validated like the admin form, computed fields."""

from decimal import Decimal

import pytest
import tablib

from apps.clusters.resources import ClusterResource, InitiativeResource
from apps.enterprises.models import Statement
from apps.enterprises.resources import EnterpriseResource, PersonResource, StatementResource
from apps.indicators.models import Indicator
from apps.indicators.resources import IndicatorComparisonResource, IndicatorResource
from apps.parks.resources import ParkResource
from apps.projects.models import Project
from apps.projects.resources import ProjectResource
from apps.sources.resources import SourceResource
from tests.factories import (
    make_cluster,
    make_comparison,
    make_enterprise,
    make_indicator,
    make_initiative,
    make_park,
    make_project,
    make_source,
)

pytestmark = pytest.mark.django_db


def _dataset(rows):
    header = list(rows[0])
    return tablib.Dataset(*[[row[column] for column in header] for row in rows], headers=header)


def _row_errors(result):
    return {
        row.number: {field: list(errors) for field, errors in row.field_specific_errors.items()}
        | ({"__all__": row.non_field_specific_errors} if row.non_field_specific_errors else {})
        for row in result.invalid_rows
    }


def _project_row(cited_source, **fields):
    return {
        "slug": "line",
        "name_zh": "生产线",
        "name_en": "Production line",
        "status": "signed",
        "source": cited_source.slug,
        "source_quote": "巴南区",
        "investment_amount": "",
        "investment_unit_multiplier": "0",
        **fields,
    }


def test_an_import_refuses_what_the_database_forbids_and_saves_nothing():
    """A negative investment is refused on its row by the model's constraints."""
    source = make_source()
    dataset = _dataset(
        [
            _project_row(source, slug="fine", investment_amount="12"),
            _project_row(source, slug="negative", investment_amount="-5"),
        ]
    )
    result = ProjectResource().import_data(dataset, rollback_on_validation_errors=True)
    assert _row_errors(result) == {2: {"__all__": ["An investment cannot be negative."]}}
    assert not Project.objects.exists()


def test_an_import_computes_the_normalized_values():
    """The file states 12 亿; the investment in CNY is computed, as the form does."""
    source = make_source()
    dataset = _dataset(
        [_project_row(source, investment_amount="12", investment_unit_multiplier="8")]
    )
    result = ProjectResource().import_data(dataset)
    assert not result.has_validation_errors()
    assert Project.objects.get().investment_cny == Decimal("1200000000")


def test_an_import_explains_a_value_that_is_not_a_number():
    """'twelve' in a decimal column is reported on its row in words an editor understands."""
    dataset = _dataset([_project_row(make_source(), investment_amount="twelve")])
    result = ProjectResource().import_data(dataset)
    assert _row_errors(result) == {1: {"investment_amount": ["“twelve” is not a number."]}}


def test_an_import_names_a_source_slug_that_does_not_exist():
    """An unknown foreign-key slug is a validation error naming the slug."""
    dataset = _dataset([_project_row(make_source(), source="no-such-article")])
    result = ProjectResource().import_data(dataset)
    assert _row_errors(result) == {1: {"source": ["No source has the slug “no-such-article”."]}}


def test_an_indicator_import_checks_the_single_subject_rule():
    """An indicator row naming an enterprise under the park subject type is refused."""
    enterprise = make_enterprise()
    row = {
        "slug": "output",
        "name_zh": "产值",
        "name_en": "Output",
        "subject_type": "park",
        "enterprise": enterprise.slug,
        "value": "34.73",
        "unit": "cny",
        "unit_multiplier": "8",
        "qualifier": "exact",
        "period_start": "2023-01-01",
        "period_end": "2023-12-31",
        "kind": "actual",
        "source": enterprise.source.slug,
        "source_quote": "巴南区",
    }
    refused = IndicatorResource().import_data(_dataset([row]))
    assert list(_row_errors(refused)[1]) == ["__all__"]

    accepted = IndicatorResource().import_data(_dataset([{**row, "subject_type": "enterprise"}]))
    assert not accepted.has_validation_errors()
    assert Indicator.objects.get().value_normalized == Decimal("3473000000")


def _related_records():
    park = make_park(parent=make_park())
    park.clusters.add(make_cluster())
    enterprise = make_enterprise(park=park)
    enterprise.clusters.add(make_cluster())
    make_project(
        enterprise=enterprise, investment_amount=Decimal("12"), investment_unit_multiplier=8
    )
    make_comparison(make_indicator(subject_type="enterprise", enterprise=enterprise))
    make_initiative().clusters.add(make_cluster())


@pytest.mark.parametrize(
    "resource_class",
    [
        SourceResource,
        ClusterResource,
        InitiativeResource,
        ParkResource,
        EnterpriseResource,
        ProjectResource,
        IndicatorResource,
        IndicatorComparisonResource,
    ],
)
def test_an_exported_file_imports_back_unchanged(resource_class):
    """Export then import: every row is matched and skipped as unchanged, relations included."""
    _related_records()
    exported = resource_class().export()
    result = resource_class().import_data(exported)
    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert {row.import_type for row in result.rows} == {"skip"}


def test_an_import_cannot_change_a_sources_raw_text():
    """As in the admin form, the raw text of an existing source is kept as received."""
    source = make_source(raw_text="巴南區(qū)")
    (row,) = SourceResource().export().dict
    result = SourceResource().import_data(_dataset([{**row, "raw_text": "巴南区"}]))
    assert list(_row_errors(result)[1]) == ["raw_text"]
    source.refresh_from_db()
    assert source.raw_text == "巴南區(qū)"


def test_an_export_marks_formulas_as_text_and_an_import_reads_them_back():
    """Admin exports speak the one spreadsheet dialect: text, never a formula, round trip."""
    formula = '=HYPERLINK("http://evil.example","click")'
    enterprise = make_enterprise(slug="formula", description_en=formula)
    exported = EnterpriseResource().export()
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert row["description_en"] == "'" + formula
    enterprise.description_en = "plain"
    enterprise.save()
    result = EnterpriseResource().import_data(exported, dry_run=False)
    assert not result.has_errors()
    enterprise.refresh_from_db()
    assert enterprise.description_en == formula


def test_several_related_records_are_joined_as_the_api_joins_them():
    """Clusters are `a,b` in the admin's files as in the API's CSV."""
    enterprise = make_enterprise(slug="two-clusters")
    enterprise.clusters.set([make_cluster(slug="a-cluster"), make_cluster(slug="b-cluster")])
    exported = EnterpriseResource().export()
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert sorted(row["clusters"].split(",")) == ["a-cluster", "b-cluster"]


def test_statements_and_people_are_imported_with_their_relations_by_slug():
    """A person names their organisation and a statement its speaker by slug; words outside
    the quote are refused on their row."""
    source = make_source()
    make_enterprise(slug="fuzhike", source=source)
    people = _dataset(
        [
            {
                "slug": "dong-lili",
                "name_zh": "董理理",
                "name_en": "Dong Lili",
                "role_zh": "董事长",
                "role_en": "Chairman",
                "organisation": "fuzhike",
                "source": source.slug,
                "source_quote": "董事长董理理",
                "inferences": "",
            }
        ]
    )
    assert not PersonResource().import_data(people).has_validation_errors()
    row = {
        "slug": "products",
        "name_zh": "产品",
        "name_en": "Products",
        "person": "dong-lili",
        "speaker_zh": "董事长董理理",
        "speaker_en": "Dong Lili, chairman",
        "speech": "reported",
        "text_zh": "一键启动",
        "text_en": "one-key start",
        "source": source.slug,
        "source_quote": "董事长董理理介绍着一键启动",
        "inferences": "",
    }
    result = StatementResource().import_data(
        _dataset([row, {**row, "slug": "outside", "text_zh": "云钥匙"}]),
        rollback_on_validation_errors=True,
    )
    assert _row_errors(result) == {
        2: {"__all__": ["The statement must be part of its quote, word for word."]}
    }
    assert not StatementResource().import_data(_dataset([row])).has_validation_errors()
    assert Statement.objects.get().person.slug == "dong-lili"
