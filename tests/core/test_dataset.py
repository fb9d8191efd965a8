"""Reading the published dataset: one canonical form for fixture, database and stored values."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.db import models

from apps.core.dataset import canonical


@pytest.mark.parametrize(
    ("model_field", "value", "expected"),
    [
        (models.DecimalField(max_digits=16, decimal_places=4), Decimal("18.3000"), "18.3"),
        (models.DecimalField(max_digits=16, decimal_places=4), "18.3", "18.3"),
        (models.DecimalField(max_digits=16, decimal_places=4), Decimal("1000.0000"), "1000"),
        (models.DateField(), "2023-11-21", "2023-11-21"),
        (models.DateField(), datetime.date(2023, 11, 21), "2023-11-21"),
        (
            models.DateTimeField(),
            datetime.datetime(
                2026, 11, 26, 12, tzinfo=datetime.timezone(datetime.timedelta(hours=8))
            ),
            "2026-11-26T04:00:00+00:00",
        ),
        (models.DateTimeField(), "2026-11-26T04:00:00", "2026-11-26T04:00:00"),
        (models.TimeField(), "08:30", "08:30:00"),
        (models.DurationField(), datetime.timedelta(hours=1), "P0DT01H00M00S"),
        (
            models.UUIDField(),
            "12345678123456781234567812345678",
            "12345678-1234-5678-1234-567812345678",
        ),
        (models.PositiveSmallIntegerField(), "4", 4),
        (models.CharField(), "巴南", "巴南"),
        (models.CharField(null=True), None, None),
        (models.BooleanField(), "t", True),
    ],
)
def test_equal_values_have_one_canonical_form(model_field, value, expected):
    """18.3 and 18.3000, a date and its ISO text, an aware time in any zone: one JSON value."""
    assert canonical(model_field, value) == expected


def test_a_uuid_reads_back_as_text():
    """Canonical values are JSON-ready: a UUID becomes its text."""
    value = uuid.uuid4()
    assert canonical(models.UUIDField(), value) == str(value)
