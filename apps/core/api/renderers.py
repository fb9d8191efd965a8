"""JSON whose rows may come already encoded; CSV for spreadsheets, in the dialect of
``apps.core.spreadsheets``, UTF-8 with a BOM.

A list's rows are kept, each already in its representation's final form
(``apps.core.api.representations``): for JSON, its bytes. The JSON renderer writes the answer
around them instead of decoding and encoding them again.

The BOM is what makes Excel read the file as UTF-8 instead of the local code page, so Chinese
names open correctly. The columns are the serializer's fields (DRF hands the renderer the
serializer with its data), so an empty result still has its header and ``fields=`` trims columns
as it trims JSON.

A whole-table export (no page or page_size) is not rendered here but streamed by the view
(``ResourceViewSet.list``) through ``stream``: rows are read and written a chunk at a time, so a
worker's memory stays flat however many rows match, and the first byte leaves at once.
"""

import csv
import functools
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, cast

from rest_framework import renderers
from rest_framework.compat import LONG_SEPARATORS, SHORT_SEPARATORS
from rest_framework.renderers import BaseRenderer
from rest_framework.utils.serializer_helpers import ReturnList

from apps.core.spreadsheets import cell

# Imported for the type checker only: DRF imports the renderers while it defines its views.
if TYPE_CHECKING:
    from rest_framework.serializers import BaseSerializer, Serializer
    from rest_framework.viewsets import ViewSetMixin

BYTE_ORDER_MARK = "\ufeff"
# Stands for the rows in the answer's envelope: a string with NUL characters, which no URL of
# ``next`` or ``previous`` holds (they are percent-encoded), encoded as JSON.
_ROWS = "\x00rows\x00"
_ROWS_JSON = json.dumps(_ROWS).encode()


class EncodedRows(ReturnList[bytes]):
    """A list's rows, each encoded by ``JSONRenderer.encode_row``; like ``serializer.data``,
    it names its serializer."""


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer, which writes rows already encoded (``EncodedRows``) as they are."""

    def encode_row(self, row: Mapping[str, Any]) -> bytes:
        """The row as this renderer writes it in a list (compact): as ``render`` writes it, by
        one encoder made once per renderer instead of once per row."""
        text = self._row_encoder.encode(row)
        return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029").encode()

    @functools.cached_property
    def _row_encoder(self) -> json.JSONEncoder:
        # render's arguments to json.dumps when no indent is asked for.
        return self.encoder_class(
            ensure_ascii=self.ensure_ascii,
            allow_nan=not self.strict,
            separators=SHORT_SEPARATORS if self.compact else LONG_SEPARATORS,
        )

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        rows = data.get("results") if isinstance(data, dict) else data
        if not isinstance(rows, EncodedRows):
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type or "", renderer_context or {}) is not None:
            # Indented on request: the rows are read back, to be indented with the rest.
            decoded = [json.loads(row) for row in rows]
            data = {**data, "results": decoded} if rows is not data else decoded
            return super().render(data, accepted_media_type, renderer_context)
        written = b"[" + b",".join(rows) + b"]"
        if rows is data:
            return written
        envelope = super().render({**data, "results": _ROWS}, accepted_media_type, renderer_context)
        return envelope.replace(_ROWS_JSON, written, 1)


def column_names(serializer: "BaseSerializer[Any]") -> list[str]:
    """The columns of a serializer's rows: its fields that a spreadsheet shows."""
    # A list serializer's rows are its child's; either way, a serializer with fields.
    row = cast("Serializer[Any]", getattr(serializer, "child", serializer))
    return [
        name
        for name, field in row.fields.items()
        if not field.write_only and getattr(field, "in_spreadsheets", True)
    ]


def _column_names(data: Any) -> list[str]:
    serializer: BaseSerializer[Any] | None = getattr(data, "serializer", None)
    return column_names(serializer) if serializer is not None else []


class CSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"
    # Without page or page_size, a list answers every matching row (see the paginator)...
    whole_table = True
    # ...streamed, chunk by chunk (ResourceViewSet.list).
    streams = True

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
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

    def stream(self, header: list[str], chunks: Iterable[list[dict[str, Any]]]) -> Iterator[bytes]:
        """The file as an iterator of byte strings: the BOM and header, then one string per
        chunk of rows (each a list of dicts, as a list serializer's data)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        yield (BYTE_ORDER_MARK + buffer.getvalue()).encode(self.charset)
        for rows in chunks:
            buffer.seek(0)
            buffer.truncate()
            for row in rows:
                writer.writerow([cell(row.get(column)) for column in header])
            yield buffer.getvalue().encode(self.charset)

    @staticmethod
    def file_name(view: "ViewSetMixin") -> str:
        return f"{view.basename}.{CSVRenderer.format}"

    def _name_the_file(self, renderer_context: Mapping[str, Any]) -> None:
        """``clusters.csv`` for a list, ``clusters-biomedicine.csv`` for one record."""
        response, view = renderer_context.get("response"), renderer_context.get("view")
        if response is None or view is None or response.status_code != 200:
            return
        name = view.basename
        if getattr(view, "action", None) != "list":
            name = f"{name}-{view.kwargs[view.lookup_field]}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.format}"'
