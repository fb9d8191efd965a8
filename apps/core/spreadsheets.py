"""The one spreadsheet dialect of the service: the API's CSV and the editors' import and export.

- Related records are named by slug; several are joined by ``SLUG_SEPARATOR`` (``a,b``), which
  no slug contains.
- A text cell that a spreadsheet would run as a formula (it begins with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return) is written with a leading apostrophe, which Excel and
  LibreOffice read as "this is text"; reading a file back removes it again, so an export
  re-imports unchanged.
- Numbers are written in plain decimal notation (``3473000000``, never ``3.473E+9``), booleans as
  ``true``/``false``, dates in ISO 8601.
"""

import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypeGuard

from apps.core.quantities import plain_number

SLUG_SEPARATOR = ","
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def _is_marked_for_text(text: str) -> bool:
    # Text already beginning with apostrophes before a trigger gets one more, so that reading
    # it back removes exactly the one that was added.
    return text.lstrip(TEXT_MARK).startswith(FORMULA_TRIGGERS)


def neutralize_formula(text: str) -> str:
    """``=HYPERLINK(...)`` as ``'=HYPERLINK(...)``: shown as written, never run."""
    return TEXT_MARK + text if _is_marked_for_text(text) else text


def restore_formula(text: str) -> str:
    """Undo ``neutralize_formula`` on a cell read back from a file."""
    if text.startswith(TEXT_MARK) and _is_marked_for_text(text):
        return text[1:]
    return text


def join_slugs(slugs: Iterable[str]) -> str:
    return SLUG_SEPARATOR.join(slugs)


def split_slugs(text: str) -> list[str]:
    return [slug.strip() for slug in str(text or "").split(SLUG_SEPARATOR) if slug.strip()]


def _json_number(value: object) -> int | float:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)


def _is_related_record(value: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict) and "slug" in value


def cell(value: object) -> str:
    """One value of a JSON answer as a spreadsheet cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, float):
        return plain_number(Decimal(repr(value)))
    if isinstance(value, int):
        return str(value)
    if _is_related_record(value):
        return str(value["slug"])
    if isinstance(value, list) and all(_is_related_record(item) for item in value):
        return join_slugs(item["slug"] for item in value)
    if isinstance(value, (list, dict)):
        return neutralize_formula(
            json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_number)
        )
    return neutralize_formula(str(value))
