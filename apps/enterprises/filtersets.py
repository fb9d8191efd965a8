"""Filters of the enterprises, people and statements APIs."""

import django_filters
from django.db.models import Q

from apps.clusters.filtersets import cluster_filters
from apps.core.filtersets import ResourceFilterSet, SlugFilter, StrictBooleanFilter
from apps.enterprises.choices import EnterpriseKind, Speech
from apps.enterprises.models import Enterprise, Person, Statement
from apps.parks.models import Park
from apps.sources.filtersets import SOURCE_EXAMPLE, source_filter


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
    # For the schema: examples of the parameters, the slug of a record (its detail's path) too.
    examples = {
        "slug": "zhixiang-jintai",
        "search": "宗申",
        "cluster": "automobiles-motorcycles",
        "park": "chongqing-international-bio-city",
        "kind": ["company", "group"],
        "listed": True,
        "source": SOURCE_EXAMPLE,
    }

    cluster, tier = cluster_filters("clusters", "a cluster the enterprise belongs to")
    park = SlugFilter(
        queryset=Park.objects.all(),
        help_text="Slug of the park the enterprise is in; repeat for any of several.",
    )
    kind = django_filters.MultipleChoiceFilter(
        choices=EnterpriseKind.choices,
        help_text="Kind of organisation; repeat for several. The list holds every organisation "
        "the source names, government bodies and the stock exchange included: to keep only "
        "businesses, ask for `kind=company&kind=group` (add `kind=research_organisation` for "
        "research bodies).",
    )
    listed = StrictBooleanFilter(
        method="filter_listed",
        help_text="`true`: enterprises the source says are listed on a stock exchange (a "
        "listing exchange or a listing date is known); `false`: the others.",
    )

    source = source_filter()

    class Meta:
        model = Enterprise
        fields = ["cluster", "tier", "park", "kind", "listed", "source"]

    def filter_listed(self, queryset, name, listed):
        known = Q(listing_exchange__isnull=False) | Q(listed_earliest__isnull=False)
        return queryset.filter(known if listed else ~known)


class PersonFilterSet(ResourceFilterSet):
    search_fields = ("name_zh", "name_en", "role_zh", "role_en")
    examples = {
        "slug": "cao-linyin",
        "search": "董事长",
        "organisation": "zhixiang-jintai",
        "source": SOURCE_EXAMPLE,
    }

    organisation = SlugFilter(
        queryset=Enterprise.objects.all(),
        help_text="Slug of the person's organisation; repeat for any of several.",
    )

    source = source_filter()

    class Meta:
        model = Person
        fields = ["organisation", "source"]


class StatementFilterSet(ResourceFilterSet):
    search_fields = ("name_zh", "name_en", "speaker_zh", "speaker_en", "text_zh", "text_en")
    range_fields = ("stated",)
    ordering_fields = ("stated",)
    examples = {
        "slug": "genrix-bio-listing-and-funds-raised",
        "search": "集聚度",
        "person": "cao-linyin",
        "organisation": "zhixiang-jintai",
        "park": "chongqing-international-bio-city",
        "speech": ["direct"],
        "source": SOURCE_EXAMPLE,
    }

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

    source = source_filter()

    class Meta:
        model = Statement
        fields = ["person", "organisation", "park", "speech", "source"]

    def filter_organisation(self, queryset, name, slugs):
        return queryset.filter(
            Q(organisation__slug__in=slugs) | Q(person__organisation__slug__in=slugs)
        )
