"""Excel workbooks (``format=xlsx``) of every list and detail, with cells typed as the API's
contract types them.

- The columns are the serializer's fields, as in the CSV; the header row is each field's label
  in the request's language (``lang`` or Accept-Language).
- A number is a number cell, with a format that shows all its digits and never an exponent
  (``100000000000``, not ``1E+11``); a date field is a date cell, a timestamp a date-time cell
  (in the time zone the JSON shows it in); everything else is text, so a ``period`` of
  ``2024-03`` stays the text ``2024-03`` and never becomes a date.
- Related records are their slugs (several joined by commas), as in the CSV; text that a
  spreadsheet would run as a formula is marked as text (``apps.core.spreadsheets``).
- A field holding rows of its own (an indicator's comparisons) becomes a second sheet, one row
  per item, keyed by the slug of the record it belongs to, instead of JSON in a cell.
"""

import datetime
import io
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, cast

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from rest_framework import serializers
from rest_framework.renderers import BaseRenderer

from apps.core.api.serializers import AnyField
from apps.core.spreadsheets import cell as text_cell
from apps.core.spreadsheets import neutralize_formula

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm:ss"
# Excel holds at most this many characters in a cell, and 31 in a sheet's name.
CELL_MAX_CHARACTERS = 32767
SHEET_TITLE_MAX_CHARACTERS = 31
SHEET_TITLE_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
TRUNCATED = _("… [cut at Excel's cell limit: the JSON answer holds the whole text]")
HEADER_FONT = Font(bold=True)

# (name, field) of a sheet's columns.
Columns = Sequence[tuple[str, AnyField]]


def number_format(number: int | float | Decimal) -> str:
    """``0`` for a whole number, ``0.00`` for two decimal places: every digit, no exponent."""
    if isinstance(number, float):
        number = Decimal(repr(number))
    # A finite number's exponent is an int ("n", "N" and "F" name NaN and infinities).
    exponent = (
        cast(int, number.normalize().as_tuple().exponent) if isinstance(number, Decimal) else 0
    )
    return "0" if exponent >= 0 else "0." + "0" * -exponent


def _text(value: str) -> str:
    # Characters XML cannot hold are dropped; nothing else is changed.
    text: str = ILLEGAL_CHARACTERS_RE.sub("", value)
    if len(text) > CELL_MAX_CHARACTERS:
        marker = str(TRUNCATED)
        text = text[: CELL_MAX_CHARACTERS - len(marker)] + marker
    return text


def typed_value(field: AnyField | None, value: Any) -> tuple[Any, str | None]:
    """A value of the JSON answer as the spreadsheet value its field's type says it is, and the
    number format to show it with (None: the cell's default)."""
    if value is None or (value == "" and isinstance(field, serializers.DateField)):
        return None, None
    if isinstance(value, bool):
        return value, None
    if isinstance(value, (int, float, Decimal)):
        return value, number_format(value)
    if isinstance(field, serializers.DateTimeField) and isinstance(value, str):
        # Excel has no time zones: the time as the JSON shows it, in its offset.
        return datetime.datetime.fromisoformat(value).replace(tzinfo=None), DATETIME_FORMAT
    if isinstance(field, serializers.DateField) and isinstance(value, str):
        return datetime.date.fromisoformat(value), DATE_FORMAT
    if isinstance(value, str):
        return _text(neutralize_formula(value)), None
    # Related records as slugs; anything else as the CSV writes it.
    return _text(text_cell(value)), None


def _cell(sheet: Any, field: AnyField | None, value: Any) -> Any:
    value, shown_as = typed_value(field, value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # text, whatever it looks like
    if shown_as is not None:
        cell.number_format = shown_as
    return cell


def _label(field: AnyField, name: str) -> str:
    return str(capfirst(field.label if field.label is not None else name))


def _sheet_title(text: object, taken: set[str]) -> str:
    title = str(text).translate(SHEET_TITLE_FORBIDDEN).strip()[:SHEET_TITLE_MAX_CHARACTERS]
    title = title or "Sheet"
    number = 2
    while title in taken:
        suffix = f" {number}"
        title = title[: SHEET_TITLE_MAX_CHARACTERS - len(suffix)] + suffix
        number += 1
    taken.add(title)
    return title


def _is_table(field: AnyField) -> bool:
    """A field holding rows of their own: a list of nested records that are not mere references
    (those have a slug and become slugs in a cell)."""
    return (
        isinstance(field, serializers.ListSerializer)
        and isinstance(field.child, serializers.Serializer)
        and "slug" not in field.child.fields
    )


def _serializer_of(data: object) -> serializers.ModelSerializer[Any] | None:
    # The renderer serves resources, whose serializers are model serializers.
    serializer = getattr(data, "serializer", None)
    found: serializers.ModelSerializer[Any] | None = getattr(serializer, "child", serializer)
    return found


def _model_of(serializer: serializers.ModelSerializer[Any]) -> type[models.Model]:
    # The Meta of every model serializer names its model.
    return cast(type[models.Model], serializer.Meta.model)


class Sheet:
    """One worksheet: a bold header row, then typed rows."""

    def __init__(self, workbook: Any, title: object, columns: Columns, taken: set[str]) -> None:
        self.worksheet = workbook.create_sheet(_sheet_title(title, taken))
        self.columns = columns  # (name, field) pairs
        self.worksheet.freeze_panes = "A2"
        headers = [_label(field, name) for name, field in columns]
        for index, header in enumerate(headers, start=1):
            width = min(max(len(header) * 2, 12), 60)
            self.worksheet.column_dimensions[get_column_letter(index)].width = width
        row: list[Any] = []
        for header in headers:
            cell = WriteOnlyCell(self.worksheet, value=_text(header))
            cell.font = HEADER_FONT
            row.append(cell)
        self.worksheet.append(row)

    def append(self, record: Mapping[str, Any], *leading: Any) -> None:
        self.worksheet.append(
            [
                *(_cell(self.worksheet, None, value) for value in leading),
                *(
                    _cell(self.worksheet, field, record.get(name))
                    for name, field in self.columns[len(leading) :]
                ),
            ]
        )


class XLSXRenderer(BaseRenderer):
    """An Excel workbook of the answer: the records on the first sheet, each nested table on a
    sheet of its own."""

    media_type = XLSX_MEDIA_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"
    # Without page or page_size, a list answers every matching row (see the paginator).
    whole_table = True

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        records = data.get("results", data) if isinstance(data, dict) else data
        serializer = _serializer_of(records)
        rows = [records] if isinstance(records, dict) else list(records)
        workbook = Workbook(write_only=True)
        taken: set[str] = set()
        columns: Columns
        tables: list[tuple[str, AnyField]]
        title: object
        if serializer is None:
            names = list(rows[0]) if rows else []
            columns, tables = [(name, serializers.Field()) for name in names], []
            title = "Data"
        else:
            fields = [
                (name, field)
                for name, field in serializer.fields.items()
                if not field.write_only and getattr(field, "in_spreadsheets", True)
            ]
            columns = [(name, field) for name, field in fields if not _is_table(field)]
            tables = [(name, field) for name, field in fields if _is_table(field)]
            title = capfirst(_model_of(serializer)._meta.verbose_name_plural)
        main = Sheet(workbook, title, columns, taken)
        for row in rows:
            main.append(row)
        for name, field in tables:
            # Tables are read from a serializer's fields: there is one.
            owner = cast(serializers.ModelSerializer[Any], serializer)
            self._write_table(workbook, taken, owner, name, field, rows)
        buffer = io.BytesIO()
        workbook.save(buffer)
        self._name_the_file(renderer_context or {})
        return buffer.getvalue()

    def _write_table(
        self,
        workbook: Any,
        taken: set[str],
        serializer: serializers.ModelSerializer[Any],
        name: str,
        field: AnyField,
        rows: Iterable[Mapping[str, Any]],
    ) -> None:
        owner = serializers.SlugField(label=capfirst(_model_of(serializer)._meta.verbose_name))
        # A table: a list of serializers (see _is_table).
        child = cast(
            serializers.Serializer[Any], cast(serializers.ListSerializer[Any], field).child
        )
        columns: Columns = [("slug", owner), *child.fields.items()]
        sheet = Sheet(workbook, _label(field, name), columns, taken)
        for row in rows:
            for item in row.get(name) or ():
                sheet.append(item, row.get("slug"))

    def _name_the_file(self, renderer_context: Mapping[str, Any]) -> None:
        """Named as the CSV is: ``cluster.xlsx`` for a list, ``cluster-biomedicine.xlsx`` for
        one record."""
        response, view = renderer_context.get("response"), renderer_context.get("view")
        if response is None or view is None or response.status_code != 200:
            return
        name = view.basename
        if getattr(view, "action", None) != "list":
            name = f"{name}-{view.kwargs[view.lookup_field]}"
        response["Content-Disposition"] = f'attachment; filename="{name}.{self.format}"'
