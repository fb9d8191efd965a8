"""Serializers of the enterprises, people and statements APIs."""

from drf_spectacular.utils import OpenApiExample, extend_schema_serializer

from apps.core.api.serializers import (
    CITATION_FIELDS,
    DESCRIPTION_FIELDS,
    NAME_FIELDS,
    SLUG,
    RelatedList,
    RelatedListsField,
    ResourceSerializer,
)
from apps.enterprises.models import Enterprise, Person, Statement


@extend_schema_serializer(
    examples=[
        OpenApiExample(
            "An enterprise group",
            response_only=True,
            description="Illustrative slugs, URLs and timestamps; the names and the quote are the "
            "source's.",
            value={
                "url": "https://example.org/api/v1/enterprises/zongshen/",
                "slug": "zongshen",
                "name_zh": "宗申产业集团",
                "name_en": "Zongshen Industrial Group",
                "name": "Zongshen Industrial Group",
                "short_name_zh": "宗申",
                "short_name_en": "Zongshen",
                "kind": "group",
                "description_zh": "",
                "description_en": "",
                "description": "",
                "clusters": [
                    {
                        "slug": "automobiles-motorcycles",
                        "name_zh": "汽车摩托车",
                        "name_en": "Automobiles and motorcycles",
                        "name": "Automobiles and motorcycles",
                        "url": "https://example.org/api/v1/clusters/automobiles-motorcycles/",
                    }
                ],
                "park": None,
                "listing_exchange": None,
                "listing_board_zh": "",
                "listing_board_en": "",
                "listed_earliest": None,
                "listed_latest": None,
                "listed": None,
                "source": {
                    "slug": "banan-1246",
                    "name_zh": "巴南区构建“1246”现代制造业集群体系",
                    "name_en": "Banan builds the 1246 advanced-manufacturing cluster system",
                    "name": "Banan builds the 1246 advanced-manufacturing cluster system",
                    "url": "https://example.org/api/v1/sources/banan-1246/",
                },
                "source_quote": "宗申系摩托车热销127.3万辆，排名全国第四",
                "inferences": [],
                "editors_note_zh": "",
                "editors_note_en": "",
                "updated_at": "2024-03-06T10:00:00+08:00",
                "links": {
                    "projects": "https://example.org/api/v1/projects/?enterprise=zongshen",
                    "indicators": "https://example.org/api/v1/indicators/"
                    "?subject_type=enterprise&subject=zongshen",
                    "people": "https://example.org/api/v1/people/?organisation=zongshen",
                    "statements": "https://example.org/api/v1/statements/?organisation=zongshen",
                },
            },
        )
    ]
)
class EnterpriseSerializer(ResourceSerializer):
    """A company, group, government body, exchange or research organisation; ``name_zh`` is the
    fullest name the source gives, ``short_name_zh`` the short form it uses."""

    links = RelatedListsField(
        {
            "projects": RelatedList(
                "project-list", {"enterprise": SLUG}, "The projects of this enterprise."
            ),
            "indicators": RelatedList(
                "indicator-list",
                {"subject_type": "enterprise", "subject": SLUG},
                "The indicators measuring this enterprise.",
            ),
            "people": RelatedList(
                "person-list", {"organisation": SLUG}, "The people of this organisation."
            ),
            "statements": RelatedList(
                "statement-list",
                {"organisation": SLUG},
                "What its people, or unnamed speakers for it, are quoted as saying.",
            ),
        }
    )

    class Meta:
        model = Enterprise
        fields = [
            *NAME_FIELDS,
            "short_name_zh",
            "short_name_en",
            "kind",
            *DESCRIPTION_FIELDS,
            "clusters",
            "park",
            "listing_exchange",
            "listing_board_zh",
            "listing_board_en",
            "listed_earliest",
            "listed_latest",
            "listed",
            *CITATION_FIELDS,
            "links",
        ]
        read_only_fields = ["updated_at"]


class PersonSerializer(ResourceSerializer):
    """A person the source names (name in Chinese and pinyin), with their role in an
    organisation."""

    links = RelatedListsField(
        {
            "statements": RelatedList(
                "statement-list", {"person": SLUG}, "What this person is quoted as saying."
            )
        }
    )

    class Meta:
        model = Person
        fields = [*NAME_FIELDS, "role_zh", "role_en", "organisation", *CITATION_FIELDS, "links"]
        read_only_fields = ["updated_at"]


class StatementSerializer(ResourceSerializer):
    """What a speaker is quoted as saying: the words (``text_zh``, part of ``source_quote``
    word for word), whether they are a direct quotation or reported speech, and who said
    them: a named ``person``, or the ``organisation`` or ``park`` an unnamed speaker speaks
    for, as the source names them (``speaker_zh``)."""

    class Meta:
        model = Statement
        fields = [
            *NAME_FIELDS,
            "person",
            "organisation",
            "park",
            "speaker_zh",
            "speaker_en",
            "speech",
            "text_zh",
            "text_en",
            "stated_earliest",
            "stated_latest",
            "stated",
            *CITATION_FIELDS,
        ]
        read_only_fields = ["updated_at"]
