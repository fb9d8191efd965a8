"""CSV for spreadsheets, in the dialect of ``apps.core.spreadsheets``, UTF-8 with a BOM.

The BOM is what makes Excel read the file as UTF-8 instead of the local code page, so Chinese
names open correctly. The columns are the serializer's fields (DRF hands the renderer the
serializer with its data), so an empty result still has its header and ``fields=`` trims columns
as it trims JSON.
"""

import csv
import io

from rest_framework.renderers import BaseRenderer

from apps.core.spreadsheets import cell

BYTE_ORDER_MARK = "\ufeff"


def _column_names(data) -> list[str]:
    serializer = getattr(data, "serializer", None)
    serializer = getattr(serializer, "child", serializer)
    if serializer is not None:
        return [
            name
            for name, field in serializer.fields.items()
            if not field.write_only and getattr(field, "in_spreadsheets", True)
        ]
    return []


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    # Without page or page_size, a list answers every matching row (see the paginator).
    whole_table = True

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        rows = data.get("results", [data]) if isinstance(data, dict) else data
        header = _column_names(data.get("results", data) if isinstance(data, dict) else data)
        header = header or (list(rows[0]) if rows else [])
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        for row in rows:
            writer.writerow([cell(row.get(column)) for column in header])
        self._name_the_file(renderer_context or {})
        return (BYTE_ORDER_MARK + buffer.getvalue()).encode(self.charset)

    def _name_the_file(self, renderer_context):
        """``clusters.csv`` for a list, ``clusters-biomedicine.csv`` for one record."""
        response, view = renderer_context.get("response"), renderer_context.get("view")
        if response is None or view is None or response.status_code != 200:
            return
        name = view.basename
        if getattr(view, "action", None) != "list":
            name = f"{name}-{view.kwargs[view.lookup_field]}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.format}"'
