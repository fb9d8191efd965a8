"""Filters of the enterprises, people and statements APIs."""

import django_filters
from django.db.models import Q

from apps.clusters.filtersets import cluster_filters
from apps.core.filtersets import ResourceFilterSet, SlugFilter
from apps.enterprises.choices import EnterpriseKind, Speech
from apps.enterprises.models import Enterprise, Person, Statement
from apps.parks.models import Park


class EnterpriseFilterSet(ResourceFilterSet):
    search_fields = (
        "name_zh",
        "name_en",
        "short_name_zh",
        "short_name_en",
        "description_zh",
        "description_en",
    )
    range_fields = ("listed",)

    cluster, tier = cluster_filters("clusters", "a cluster the enterprise belongs to")
    park = SlugFilter(
        queryset=Park.objects.all(),
        help_text="Slug of the park the enterprise is in; repeat for any of several.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=EnterpriseKind.choices, help_text="Kind of organisation; repeat for several."
    )

    class Meta:
        model = Enterprise
        fields = ["cluster", "tier", "park", "kind"]


class PersonFilterSet(ResourceFilterSet):
    search_fields = ("name_zh", "name_en", "role_zh", "role_en")

    organisation = SlugFilter(
        queryset=Enterprise.objects.all(),
        help_text="Slug of the person's organisation; repeat for any of several.",
    )

    class Meta:
        model = Person
        fields = ["organisation"]


class StatementFilterSet(ResourceFilterSet):
    search_fields = ("name_zh", "name_en", "speaker_zh", "speaker_en", "text_zh", "text_en")
    range_fields = {"stated": ("stated_earliest", "stated_latest")}
    ordering_fields = {"stated": "stated_earliest"}

    person = SlugFilter(
        queryset=Person.objects.all(),
        help_text="Slug of the named speaker; repeat for any of several.",
    )
    organisation = SlugFilter(
        queryset=Enterprise.objects.all(),
        method="filter_organisation",
        help_text="Slug of an organisation: statements of its named people and of unnamed "
        "speakers for it; repeat for any of several.",
    )
    park = SlugFilter(
        queryset=Park.objects.all(),
        help_text="Slug of the park an unnamed speaker speaks for (the Bio-City's claims: "
        "park=chongqing-international-bio-city); repeat for any of several.",
    )
    speech = django_filters.MultipleChoiceFilter(
        choices=Speech.choices, help_text="Direct quotation or reported speech; repeat for both."
    )

    class Meta:
        model = Statement
        fields = ["person", "organisation", "park", "speech"]

    def filter_organisation(self, queryset, name, organisations):
        # An empty selection arrives as an empty queryset, which django-filter does not skip.
        if not organisations:
            return queryset
        return queryset.filter(
            Q(organisation__in=organisations) | Q(person__organisation__in=organisations)
        )
