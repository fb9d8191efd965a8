"""Strict query strings: a parameter an endpoint does not take, or a single value given twice,
is a 400 naming it.

A typo (``teir=leading``) would otherwise answer the whole table unfiltered, and a repeated
single-valued parameter would silently keep one of its values (generated clients repeat list
parameters: ``fields=slug&fields=name_en``). Each part of a view names the parameters it reads —
the filterset, the paginator, the sparse fieldset, the representation and the language — and the
view refuses everything else.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ErrorDetail, ValidationError


@dataclass(frozen=True)
class QueryParameter:
    """A query parameter an endpoint takes; ``repeatable`` ones may be given several times."""

    name: str
    repeatable: bool = False
    choices: tuple[str, ...] | None = None


def check_query_parameters(query: QueryDict, parameters: Iterable[QueryParameter]) -> None:
    """Raise one ValidationError listing every parameter of ``query`` that breaks the rules."""
    taken = {parameter.name: parameter for parameter in parameters}
    valid = ", ".join(sorted(taken))
    errors: dict[str, list[ErrorDetail]] = {}
    for name, values in query.lists():
        parameter = taken.get(name)
        if parameter is None:
            message = _("Unknown query parameter. Valid: %(valid)s.") % {"valid": valid}
            errors[name] = [ErrorDetail(message, code="unknown_parameter")]
        elif "" in values:
            message = str(_("Give this parameter a value, or leave it out."))
            errors[name] = [ErrorDetail(message, code="blank")]
        elif len(values) > 1 and not parameter.repeatable:
            message = str(_("Give this parameter once; it takes a single value."))
            errors[name] = [ErrorDetail(message, code="repeated_parameter")]
        elif parameter.choices is not None and values[0] not in parameter.choices:
            message = _("Unknown value. Valid: %(valid)s.") % {
                "valid": ", ".join(parameter.choices)
            }
            errors[name] = [ErrorDetail(message, code="invalid_choice")]
    if errors:
        raise ValidationError(errors)
