"""Transactions where a request writes, and only there."""

from collections.abc import Callable

from django.db import transaction
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from apps.core.versioning import lock_writes

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class WriteTransactionMiddleware:
    """Run every writing request in one transaction, rolled back if it fails; reads autocommit.

    Django's ATOMIC_REQUESTS would put every read in a transaction too, and on SQLite, where a
    writing transaction holds the database's write lock from BEGIN, reads would queue behind
    writes. List it last: it then wraps the view and the view hooks of the other middleware, and
    sees the error response Django makes of an exception, so any answer of 400 or more undoes
    whatever the request wrote.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if request.method in READ_METHODS:
            return self.get_response(request)
        with transaction.atomic():
            lock_writes()
            response = self.get_response(request)
            if response.status_code >= 400:
                transaction.set_rollback(True)
        return response
