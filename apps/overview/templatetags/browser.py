"""Template helpers of the public data browser: language links and the page's language tag."""

from urllib.parse import urlencode

from django import template

from apps.core.languages import LANGUAGE_CODES, LANGUAGE_QUERY_PARAMETER, content_language
from apps.overview import presentation as anchors
from apps.overview.presentation import link

register = template.Library()

# BCP 47 tags for the lang attribute.
HTML_LANGUAGES = {"zh": "zh-Hans", "en": "en"}


@register.simple_tag
def html_lang() -> str:
    return HTML_LANGUAGES[content_language()]


@register.simple_tag
def other_lang() -> str:
    return HTML_LANGUAGES["en" if content_language() == "zh" else "zh"]


@register.simple_tag(takes_context=True)
def language_url(context, code: str) -> str:
    """This page in the other language: the same query, ``lang`` replaced."""
    request = context["request"]
    query = [
        (key, value)
        for key, values in request.GET.lists()
        if key != LANGUAGE_QUERY_PARAMETER
        for value in values
    ]
    query.append((LANGUAGE_QUERY_PARAMETER, code))
    return f"{request.path}?{urlencode(query)}"


@register.simple_tag(takes_context=True)
def with_lang(context, url: str) -> str:
    """A link inside the browser that keeps the page's language when the page names it."""
    request = context["request"]
    code = request.GET.get(LANGUAGE_QUERY_PARAMETER)
    # Only a language the site speaks is passed on (a 400 page names the bad one).
    if code not in LANGUAGE_CODES or url.startswith("#"):
        return url
    path, hash_mark, fragment = url.partition("#")
    separator = "&" if "?" in path else "?"
    return f"{path}{separator}{LANGUAGE_QUERY_PARAMETER}={code}{hash_mark}{fragment}"


@register.simple_tag
def current_language() -> str:
    return content_language()


@register.simple_tag
def record_link(record):
    """A citing record as a link with its kind (``Enterprise``, ``Person``…)."""
    return link(record, note=str(record._meta.verbose_name).capitalize())


@register.simple_tag
def quote_anchor(record) -> str:
    """The anchor of the record's quoted passage on its source's page."""
    return anchors.quote_anchor(record.source_quote)
