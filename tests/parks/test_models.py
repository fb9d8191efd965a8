"""Park: parks within parks, and no park inside itself."""

import pytest
from django.db import IntegrityError, transaction

from apps.parks.models import Park
from tests.factories import make_park

pytestmark = pytest.mark.django_db


def test_a_park_can_hold_parks():
    """巴南软件园 holds parks-within-the-park through ``parent``."""
    software_park = make_park(slug="software-park")
    child = make_park(parent=software_park)
    assert list(software_park.children.all()) == [child]


def test_a_park_cannot_be_its_own_parent():
    """The database refuses a park that points at itself."""
    park = make_park()
    with pytest.raises(IntegrityError), transaction.atomic():
        Park.objects.filter(pk=park.pk).update(parent=park)


def test_a_parent_with_children_cannot_be_deleted():
    """Deleting a parent would orphan its parks silently; it is protected."""
    from django.db.models import ProtectedError

    parent = make_park()
    make_park(parent=parent)
    with pytest.raises(ProtectedError):
        parent.delete()
