"""Labels of partial-date spans."""

import datetime

import pytest

from apps.core.dates import date_span_label

D = datetime.date


@pytest.mark.parametrize(
    ("earliest", "latest", "label"),
    [
        (None, None, None),
        (D(2023, 12, 12), D(2023, 12, 12), "2023-12-12"),
        (D(2023, 6, 1), D(2023, 6, 30), "2023-06"),
        (D(2024, 2, 1), D(2024, 2, 29), "2024-02"),
        (D(2023, 1, 1), D(2023, 12, 31), "2023"),
        (D(2023, 11, 21), D(2023, 11, 30), "2023-11-21/2023-11-30"),
        (D(2022, 1, 1), D(2025, 12, 31), "2022-01-01/2025-12-31"),
    ],
)
def test_date_span_label(earliest, latest, label):
    """Whole days, months and years read as such; anything else as an ISO 8601 interval."""
    assert date_span_label(earliest, latest) == label
