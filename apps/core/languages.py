"""The two languages of the service, and which of them the current request speaks.

Django's i18n decides the language (``apps.core.middleware.language``); everything localised —
names and descriptions, error messages, labels — reads it from ``translation.get_language()``.
The public code of each language is short (``zh``, ``en``): it names the ``_zh``/``_en`` field
pairs and is what the ``lang`` query parameter takes.
"""

from django.utils import translation

# Public code -> Django language code (settings.LANGUAGES).
LANGUAGE_CODES = {"zh": "zh-hans", "en": "en"}
LANGUAGE_QUERY_PARAMETER = "lang"


def content_language() -> str:
    """``zh`` or ``en``: the language of the current request's content."""
    active = translation.get_language() or "en"
    return "zh" if active.startswith("zh") else "en"


def localized_attribute(field: str) -> str:
    """``<field>_zh`` or ``<field>_en``, as the request's language asks."""
    return f"{field}_{content_language()}"


def localized(record: object, field: str) -> str:
    """``record.<field>_zh`` or ``record.<field>_en``, as the request's language asks."""
    value: str = getattr(record, localized_attribute(field))
    return value
