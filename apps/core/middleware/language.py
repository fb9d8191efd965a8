"""The request's language: ``lang`` in the query string, else Django's own negotiation."""

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

from apps.core.languages import LANGUAGE_CODES, LANGUAGE_QUERY_PARAMETER


class LanguageMiddleware(LocaleMiddleware):
    """Django's LocaleMiddleware, with ``lang=zh|en`` winning over the Accept-Language header.

    A link that names its language (``?lang=zh``) must give the same page to everyone who follows
    it. An unknown value is left to the view: the API answers it with a 400 naming ``lang``.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = LANGUAGE_CODES.get(request.GET.get(LANGUAGE_QUERY_PARAMETER, ""))
        if language is None:
            return super().process_request(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        return None
