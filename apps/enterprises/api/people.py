"""Serializers and views of the people and statements APIs: who speaks in the source, for
which organisation or park, and what they are quoted as saying."""

from rest_framework import serializers

from apps.core.api.serializers import CITATION_FIELDS, NAME_FIELDS, ResourceSerializer
from apps.core.api.views import ResourceViewSet
from apps.enterprises.filtersets import PersonFilterSet, StatementFilterSet
from apps.enterprises.models import Person, Statement


class PersonSerializer(ResourceSerializer):
    """A person the source names (name in Chinese and pinyin), with their role in an
    organisation."""

    class Meta:
        model = Person
        fields = [*NAME_FIELDS, "role_zh", "role_en", "organisation", *CITATION_FIELDS]
        read_only_fields = ["updated_at"]


class StatementSerializer(ResourceSerializer):
    """What a speaker is quoted as saying: the words (``text_zh``, part of ``source_quote``
    word for word), whether they are a direct quotation or reported speech, and who said
    them: a named ``person``, or the ``organisation`` or ``park`` an unnamed speaker speaks
    for, as the source names them (``speaker_zh``)."""

    stated = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="When it was said, as precisely as the source gives it (`2024-03-04`), "
        "from stated_earliest..stated_latest; null when the source does not say.",
    )

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


class PersonViewSet(ResourceViewSet):
    """People the source names, each with the role it gives them in an organisation."""

    queryset = Person.objects.select_related("source", "organisation")
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet


class StatementViewSet(ResourceViewSet):
    """What people are quoted as saying, including the qualitative claims the source
    attributes to a speaker (the Bio-City's 集聚度最高、项目最优、发展最快), each cited."""

    queryset = Statement.objects.select_related("source", "person", "organisation", "park")
    serializer_class = StatementSerializer
    filterset_class = StatementFilterSet
