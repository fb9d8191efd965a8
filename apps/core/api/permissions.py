"""Who may do what: anyone may read, a token holder with the model permission may write."""

from typing import TYPE_CHECKING

from rest_framework.permissions import SAFE_METHODS, DjangoModelPermissions
from rest_framework.request import Request

# The mixin's base for the type checker only: at run time it is mixed into a view.
if TYPE_CHECKING:
    from rest_framework.views import APIView

    _ViewBase = APIView
else:
    _ViewBase = object


class PublicReadsModelPermissionWrites(DjangoModelPermissions):
    """Reads are public; a write needs Django's add, change or delete permission on the model.

    A read never looks at ``request.user``, so it never authenticates: credentials sent with a
    read, even stale ones, change nothing about the answer (see ``PublicReadsMixin``).
    """

    def has_permission(self, request: Request, view: "APIView") -> bool:
        return request.method in SAFE_METHODS or super().has_permission(request, view)


class PublicReadsMixin(_ViewBase):
    """Authenticate writes only. DRF authenticates every request before checking permissions;
    reads are public, so a read with a missing or stale token is answered like any other."""

    def perform_authentication(self, request: Request) -> None:
        if request.method not in SAFE_METHODS:
            super().perform_authentication(request)
