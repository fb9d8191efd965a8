"""The public data browser: the overview, a page per record, the lists, and the sources.

Every page reads the querysets the API reads (the viewsets' querysets and filtersets, the
overview's selectors), takes its query parameters as strictly as the API (an unknown one, or a
bad value, is a 400 page naming it), and speaks the request's language as the API does
(``?lang=``, then Accept-Language). Pages are cached by data version, as the API's answers are
(``apps.core.middleware.cache``).
"""

import abc
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.views import View
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request

from apps.clusters.api.views import ClusterViewSet
from apps.clusters.models import Cluster
from apps.core.api.pagination import StrictPageNumberPagination
from apps.core.api.parameters import QueryParameter, check_query_parameters
from apps.core.api.querysets import records_in_order
from apps.core.languages import LANGUAGE_CODES, LANGUAGE_QUERY_PARAMETER, content_language
from apps.core.quantities import plain_number
from apps.enterprises.api.views import EnterpriseViewSet
from apps.enterprises.models import Statement
from apps.indicators.api.views import IndicatorViewSet
from apps.indicators.choices import SubjectType
from apps.indicators.models import Indicator
from apps.overview.charts import indicator_charts, kind_label
from apps.overview.presentation import (
    Link,
    amount,
    citation_url,
    indicator_amount,
    link,
    links,
    name,
    project_investment,
    quote_anchor,
    record_url,
)
from apps.overview.selectors import cluster_profile, cluster_summary
from apps.parks.api.views import ParkViewSet
from apps.projects.api.views import ProjectViewSet
from apps.sources.api.views import SourceViewSet
from apps.sources.audit import cited_records, misquoted
from apps.sources.models import Source
from apps.sources.reading import read_source

LANGUAGE = QueryParameter(LANGUAGE_QUERY_PARAMETER, choices=tuple(LANGUAGE_CODES))
TEXT = QueryParameter("text", choices=("repaired", "raw"))


@dataclass
class Fact:
    label: str
    value: str = ""
    links: list[Link] = field(default_factory=list)


@dataclass
class Related:
    heading: str
    links: list[Link]


def choice_label(record, field_name) -> str:
    return str(getattr(record, f"get_{field_name}_display")())


def bad_request(request, error: ValidationError):
    """The 400 page: every parameter that was refused, with the reason."""
    detail = error.detail if isinstance(error.detail, dict) else {"": error.detail}
    problems = []
    for parameter, messages in detail.items():
        messages = messages if isinstance(messages, list) else [messages]
        problems.extend((parameter, str(message)) for message in messages)
    context = {"problems": problems, "title": _("Bad request")}
    return render(request, "overview/bad_request.html", context, status=400)


class PublicPage(abc.ABC, View):
    """A page of the browser: strict parameters, the language, the site's navigation. A page
    says what it shows in ``get_context``."""

    http_method_names = ["get", "head"]
    template_name = ""
    parameters: tuple[QueryParameter, ...] = ()

    def get_parameters(self) -> list[QueryParameter]:
        return [LANGUAGE, *self.parameters]

    def get(self, request, *args, **kwargs):
        try:
            check_query_parameters(request.GET, self.get_parameters())
            context = self.get_context(request, **kwargs)
        except ValidationError as error:
            return bad_request(request, error)
        except NotFound as error:
            raise Http404(str(error.detail)) from error
        return render(request, self.template_name, context)

    @abc.abstractmethod
    def get_context(self, request, **kwargs) -> dict: ...


def indicator_rows(indicators, *, with_subject=True):
    """The table of indicators that is also the charts' text alternative."""
    rows = []
    for indicator in indicators:
        subject = indicator.subject
        rows.append(
            {
                "indicator": indicator,
                "name": name(indicator),
                "url": record_url(indicator),
                "subject": link(subject)
                if subject is not None
                else Link(str(SubjectType.DISTRICT.label)),
                "amount": indicator_amount(indicator),
                "kind": kind_label(indicator.kind),
                "comparisons": [
                    comparison_text(comparison) for comparison in indicator.comparisons.all()
                ],
                "citation": citation_url(indicator),
            }
        )
    return {"rows": rows, "with_subject": with_subject}


def comparison_text(comparison) -> str:
    """``全市中心城区第4位``, ``No. 4 in central districts``, ``6.5 个百分点 against 全市``."""
    benchmark = getattr(comparison, f"benchmark_{content_language()}")
    if comparison.kind == "rank":
        value = plain_number(comparison.value)
        if content_language() == "zh":
            return f"{benchmark}第{value}位"
        return _("No. %(rank)s in %(benchmark)s") % {"rank": value, "benchmark": benchmark}
    sign = "+" if comparison.value > 0 else ""
    value = sign + amount(comparison.value, comparison.unit)
    return _("%(value)s against %(benchmark)s") % {"value": value, "benchmark": benchmark}


def citation(record) -> dict:
    """The record's quote, where it leads, and what in the record is inferred from it."""
    language = content_language()
    return {
        "quote": record.source_quote,
        "url": citation_url(record),
        "source": link(record.source),
        "inferences": [
            (item.get("field", ""), item.get(f"basis_{language}", ""))
            for item in record.inferences or []
        ],
        "note": getattr(record, f"editors_note_{language}", ""),
    }


def record_context(record, *, kind, facts, related, indicators, with_subject=True) -> dict:
    return {
        "record": record,
        "title": name(record),
        "other_name": record.name_en if content_language() == "zh" else record.name_zh,
        "kind": kind,
        "description": getattr(record, f"description_{content_language()}", ""),
        "facts": facts,
        "related": [group for group in related if group.links],
        "citation": citation(record),
        "charts": indicator_charts(indicators, prefix=f"chart-{record.slug}"),
        "indicator_table": indicator_rows(indicators, with_subject=with_subject),
        "api_url": reverse(f"{record._meta.model_name}-detail", kwargs={"slug": record.slug}),
    }


INDICATOR_RELATIONS = ("source", "park", "cluster", "enterprise", "project")


def indicator_queryset():
    return Indicator.objects.select_related(*INDICATOR_RELATIONS).prefetch_related("comparisons")


class HomePage(PublicPage):
    """The 1246 system as a picture, the district's headline figures, and where to go next."""

    template_name = "overview/home.html"

    def get_context(self, request, **kwargs):
        district = list(
            indicator_queryset()
            .filter(subject_type=SubjectType.DISTRICT)
            .order_by("period_start", "kind", "slug")
        )
        return {
            "summary": cluster_summary(),
            "charts": indicator_charts(district, prefix="chart-district"),
            "indicator_table": indicator_rows(district, with_subject=False),
        }


class ClusterPage(PublicPage):
    template_name = "overview/record.html"

    def get_context(self, request, slug):
        cluster = get_object_or_404(Cluster.objects.select_related("source"), slug=slug)
        profile = cluster_profile(cluster=cluster)
        facts = [
            Fact(_("Tier"), capfirst(choice_label(cluster, "tier"))),
            Fact(_("Position in tier"), str(cluster.position)),
        ]
        related = [
            Related(_("Enterprises"), links(profile["enterprises"])),
            Related(_("Parks"), links(profile["parks"])),
            Related(_("Projects"), links(profile["projects"])),
            Related(_("Initiatives"), links(profile["initiatives"])),
            Related(_("Key directions"), links(cluster.key_directions.all())),
        ]
        return record_context(
            cluster,
            kind=_("Cluster"),
            facts=facts,
            related=related,
            indicators=profile["indicators"],
        )


class EnterprisePage(PublicPage):
    template_name = "overview/record.html"

    def get_context(self, request, slug):
        enterprise = get_object_or_404(
            EnterpriseViewSet.queryset.all(), slug=slug
        )  # source, park, exchange joined; clusters prefetched
        short_name = getattr(enterprise, f"short_name_{content_language()}")
        facts = [
            Fact(_("Kind"), choice_label(enterprise, "kind")),
            Fact(_("Short name"), short_name),
            Fact(
                _("Listed on"),
                links=[link(enterprise.listing_exchange)] if enterprise.listing_exchange else [],
            ),
            Fact(_("Listing board"), getattr(enterprise, f"listing_board_{content_language()}")),
            Fact(_("Listing date"), enterprise.listed or ""),
        ]
        statements = Statement.objects.filter(organisation=enterprise) | Statement.objects.filter(
            person__organisation=enterprise
        )
        related = [
            Related(_("Clusters"), links(enterprise.clusters.all())),
            Related(_("Park"), [link(enterprise.park)] if enterprise.park else []),
            Related(_("Projects"), links(enterprise.projects.all())),
            Related(_("People"), links(enterprise.people.all())),
            Related(_("Statements"), links(statements.order_by("slug"))),
            Related(_("Enterprises listed here"), links(enterprise.listed_enterprises.all())),
        ]
        indicators = indicator_queryset().filter(enterprise=enterprise)
        return record_context(
            enterprise,
            kind=_("Enterprise"),
            facts=[fact for fact in facts if fact.value or fact.links],
            related=related,
            indicators=list(indicators),
            with_subject=False,
        )


class ParkPage(PublicPage):
    template_name = "overview/record.html"

    def get_context(self, request, slug):
        park = get_object_or_404(ParkViewSet.queryset.all(), slug=slug)
        related = [
            Related(_("Part of"), [link(park.parent)] if park.parent else []),
            Related(_("Parks within it"), links(park.children.all())),
            Related(_("Clusters hosted"), links(park.clusters.all())),
            Related(_("Enterprises"), links(park.enterprises.all())),
            Related(_("Projects"), links(park.projects.all())),
            Related(_("Statements"), links(park.statements.all())),
        ]
        return record_context(
            park,
            kind=_("Park"),
            facts=[],
            related=related,
            indicators=list(indicator_queryset().filter(park=park)),
            with_subject=False,
        )


class ProjectPage(PublicPage):
    template_name = "overview/record.html"

    def get_context(self, request, slug):
        project = get_object_or_404(ProjectViewSet.queryset.all(), slug=slug)
        facts = [
            Fact(_("Status"), choice_label(project, "status")),
            Fact(_("Investment"), project_investment(project)),
            Fact(_("Signed"), project.signed or ""),
            Fact(_("Started"), project.started or ""),
            Fact(_("Completed"), project.completed or ""),
            Fact(_("Capacity"), getattr(project, f"capacity_{content_language()}")),
        ]
        related = [
            Related(_("Enterprise"), [link(project.enterprise)] if project.enterprise else []),
            Related(_("Park"), [link(project.park)] if project.park else []),
            Related(_("Cluster"), [link(project.cluster)] if project.cluster else []),
        ]
        return record_context(
            project,
            kind=_("Project"),
            facts=[fact for fact in facts if fact.value],
            related=related,
            indicators=list(indicator_queryset().filter(project=project)),
            with_subject=False,
        )


class IndicatorPage(PublicPage):
    template_name = "overview/record.html"

    def get_context(self, request, slug):
        indicator = get_object_or_404(indicator_queryset(), slug=slug)
        subject = indicator.subject
        facts = [
            Fact(_("Value as stated"), indicator_amount(indicator)),
            Fact(_("Qualifier"), choice_label(indicator, "qualifier")),
            Fact(_("Unit"), choice_label(indicator, "unit")),
            Fact(_("Multiplier"), choice_label(indicator, "unit_multiplier")),
            Fact(_("Period"), indicator.period),
            Fact(_("Kind"), choice_label(indicator, "kind")),
            Fact(
                _("Subject"),
                "" if subject else str(SubjectType.DISTRICT.label),
                links=[link(subject)] if subject else [],
            ),
            *(
                Fact(_("Comparison"), comparison_text(comparison))
                for comparison in indicator.comparisons.all()
            ),
        ]
        field_name = indicator.subject_type if subject is not None else None
        same_subject = indicator_queryset().filter(subject_type=indicator.subject_type)
        if field_name:
            same_subject = same_subject.filter(**{field_name: subject})
        context = record_context(
            indicator,
            kind=_("Indicator"),
            facts=facts,
            related=[],
            indicators=list(same_subject),
            with_subject=False,
        )
        context["chart_heading"] = _("Figures of the same subject")
        return context


class SourcePage(PublicPage):
    """The repaired article with every cited passage marked and linked to the records citing
    it; ``?text=raw`` shows the text as received instead.

    The article is cut by ``apps.sources.reading``, the editors' source view's own reading, so
    both show the same passages; this page adds an anchor where each quote first starts (the
    one ``presentation.quote_anchor`` names), which every figure on the site links to.
    """

    template_name = "overview/source.html"
    parameters = (TEXT,)

    def get_context(self, request, slug):
        source = get_object_or_404(Source, slug=slug)
        raw = request.GET.get("text") == "raw"
        language = content_language()
        facts = [
            Fact(_("Publisher"), getattr(source, f"publisher_{language}")),
            Fact(_("Published on"), source.published_on.isoformat() if source.published_on else ""),
            Fact(_("Language as received"), choice_label(source, "language")),
            Fact(_("How it was dated"), getattr(source, f"dating_note_{language}")),
            Fact(_("SHA-256 of the raw text"), source.raw_sha256),
        ]
        records = cited_records(source)
        context = {
            "source": source,
            "title": name(source),
            "other_name": source.name_en if language == "zh" else source.name_zh,
            "facts": [fact for fact in facts if fact.value],
            "raw": raw,
            "record_count": len(records),
            "repaired_url": "?" + urlencode({"lang": language}),
            "raw_url": "?" + urlencode({"lang": language, "text": "raw"}),
            "api_url": reverse("source-detail", kwargs={"slug": source.slug}),
        }
        if raw:
            return {**context, "raw_text": source.raw_text}
        # Reviewed non-facts are the editors' concern: this page reads no numerals.
        reading = read_source(source, link=record_url, records=records, non_facts=[])
        return {
            **context,
            "runs": anchored_segments(source.repaired_text, reading.segments, records),
            "citations": reading.citations,
            "misquoted": [
                (record, link(record, note=capfirst(record._meta.verbose_name)))
                for record in misquoted(source, records)
            ],
        }


@dataclass
class ArticleRun:
    """Text read the same way on the public page: marked or not, with the anchors of the
    quotes first starting here and the citations whose quote ends with it."""

    text: str
    cited: bool
    anchors: list[str]
    ending: tuple


def anchored_segments(text, segments, records) -> list[ArticleRun]:
    """The reading's segments as runs for the public page: a numeral the editors' view marks
    apart is text like its neighbours here, and each quote gets its anchor where it first starts.
    """
    anchors: dict[int, list[str]] = {}
    for quote in dict.fromkeys(record.source_quote for record in records):
        start = text.find(quote) if quote else -1
        if start >= 0:
            anchors.setdefault(start, []).append(quote_anchor(quote))
    runs: list[ArticleRun] = []
    previous_citations = None
    for segment in segments:
        here = anchors.get(segment.start, [])
        joins = (
            runs and not here and not runs[-1].ending and segment.citations == previous_citations
        )
        if joins:
            runs[-1].text += segment.text
            runs[-1].ending = segment.ending
        else:
            runs.append(ArticleRun(segment.text, bool(segment.citations), here, segment.ending))
        previous_citations = segment.citations
    return runs


# --- Lists ------------------------------------------------------------------------------------


@dataclass
class Column:
    heading: str
    cell: object  # record -> str | Link | list[Link]


def as_links(value) -> list[Link]:
    """A cell as a list of links (a text is a link without address)."""
    if isinstance(value, Link):
        return [value]
    if isinstance(value, list):
        return value
    return [Link(str(value))] if value else []


def _cell_name(record):
    return link(record)


LIST_COLUMNS = {
    "cluster": [
        Column(_("Name"), _cell_name),
        Column(_("Tier"), lambda record: choice_label(record, "tier")),
        Column(_("Position"), lambda record: str(record.position)),
    ],
    "enterprise": [
        Column(_("Name"), _cell_name),
        Column(_("Kind"), lambda record: choice_label(record, "kind")),
        Column(_("Clusters"), lambda record: links(record.clusters.all())),
        Column(_("Park"), lambda record: link(record.park) if record.park else ""),
    ],
    "park": [
        Column(_("Name"), _cell_name),
        Column(_("Part of"), lambda record: link(record.parent) if record.parent else ""),
        Column(_("Clusters hosted"), lambda record: links(record.clusters.all())),
    ],
    "project": [
        Column(_("Name"), _cell_name),
        Column(_("Status"), lambda record: choice_label(record, "status")),
        Column(_("Investment"), project_investment),
        Column(
            _("Enterprise"), lambda record: link(record.enterprise) if record.enterprise else ()
        ),
        Column(_("Cluster"), lambda record: link(record.cluster) if record.cluster else ""),
    ],
    "indicator": [
        Column(_("Name"), _cell_name),
        Column(
            _("Subject"),
            lambda record: (
                link(record.subject) if record.subject else str(SubjectType.DISTRICT.label)
            ),
        ),
        Column(_("Value"), indicator_amount),
        Column(_("Period"), lambda record: record.period),
        Column(_("Kind"), lambda record: kind_label(record.kind)),
    ],
    "source": [
        Column(_("Name"), _cell_name),
        Column(_("Published on"), lambda record: str(record.published_on or "")),
        Column(_("Language as received"), lambda record: choice_label(record, "language")),
    ],
}


class RecordListPage(PublicPage):
    """A list with the API's filters: the viewset's queryset and filterset, its paginator, and
    the same query string give the same rows as ``/api/v1/<resource>/``."""

    template_name = "overview/list.html"
    viewset = None
    title = ""

    def get_parameters(self):
        paginator = StrictPageNumberPagination()
        return [
            *super().get_parameters(),
            *paginator.query_parameters(),
            *self.viewset.filterset_class.query_parameters(),
        ]

    def get_context(self, request, **kwargs):
        viewset = self.viewset
        filterset = viewset.filterset_class(
            data=request.GET, queryset=viewset.queryset.all(), request=request
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        paginator = StrictPageNumberPagination()
        api_request = Request(request)
        # An HTML page is no spreadsheet: always a page, as the JSON list gives it.
        api_request.accepted_renderer = None
        keys = paginator.paginate_keys(
            viewset.filtered_rows(request.GET, lambda: filterset.qs), api_request
        )
        rows = records_in_order(viewset.queryset.all(), keys)
        model_name = viewset.queryset.model._meta.model_name
        columns = LIST_COLUMNS[model_name]
        api_path = reverse(f"{model_name}-list")
        filters = [
            (key, value)
            for key, values in request.GET.lists()
            for value in values
            if key not in ("page", "page_size")
        ]
        page = paginator.page

        def page_url(number):
            query = [*filters, ("page", number)]
            if "page_size" in request.GET:
                query.append(("page_size", request.GET["page_size"]))
            return "?" + urlencode(query)

        return {
            "title": self.title,
            "headings": [column.heading for column in columns],
            "rows": [
                {
                    "slug": record.slug,
                    "cells": [as_links(column.cell(record)) for column in columns],
                }
                for record in rows
            ],
            "count": page.paginator.count,
            "page": page,
            "previous_url": page_url(page.previous_page_number()) if page.has_previous() else "",
            "next_url": page_url(page.next_page_number()) if page.has_next() else "",
            "search": request.GET.get("search", ""),
            "kept_filters": [(key, value) for key, value in filters if key != "search"],
            "json_url": api_path + ("?" + request.GET.urlencode() if request.GET else ""),
            "csv_url": api_path + "?" + urlencode([*filters, ("format", "csv")]),
            "xlsx_url": api_path + "?" + urlencode([*filters, ("format", "xlsx")]),
            "list_url": request.path,
        }


def list_page(viewset, title):
    return RecordListPage.as_view(viewset=viewset, title=title)


LIST_PAGES = {
    "clusters": (ClusterViewSet, _("Clusters")),
    "enterprises": (EnterpriseViewSet, _("Enterprises")),
    "parks": (ParkViewSet, _("Parks")),
    "projects": (ProjectViewSet, _("Projects")),
    "indicators": (IndicatorViewSet, _("Indicators")),
    "sources": (SourceViewSet, _("Sources")),
}
