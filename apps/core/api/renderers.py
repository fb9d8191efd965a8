"""CSV for spreadsheets: one header row, UTF-8 with a BOM, related records flattened to slugs.

The BOM is what makes Excel read the file as UTF-8 instead of the local code page, so Chinese
names open correctly. Columns follow the serializer's fields (``csv_header`` in the renderer
context), so an empty result still has its header and ``fields=`` trims columns as it trims JSON.
"""

import csv
import io
import json
from decimal import Decimal

from rest_framework.renderers import BaseRenderer

BYTE_ORDER_MARK = "\ufeff"
# Slugs never contain it, so a list of related records stays one readable cell.
LIST_SEPARATOR = ";"


def _is_related_record(value):
    return isinstance(value, dict) and "slug" in value


def _json_number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(type(value).__name__)


def csv_cell(value):
    """One JSON value as a CSV cell: related records by slug, numbers without exponent."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if _is_related_record(value):
        return value["slug"]
    if isinstance(value, list) and all(_is_related_record(item) for item in value):
        return LIST_SEPARATOR.join(item["slug"] for item in value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=_json_number)
    return str(value)


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data.get("results", [data]) if isinstance(data, dict) else data
        header = (renderer_context or {}).get("csv_header") or (list(rows[0]) if rows else [])
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow([csv_cell(row.get(column)) for column in header])
        return (BYTE_ORDER_MARK + buffer.getvalue()).encode(self.charset)
