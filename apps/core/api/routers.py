"""The router of the versioned API: resource routes by slug and a root that links them all."""

from collections.abc import Callable
from typing import Any

from rest_framework.routers import DefaultRouter

from apps.core.api.views import APIRootView


class APIRouter(DefaultRouter):
    """DefaultRouter whose root is APIRootView; ``extra_root_links`` adds named URLs that are
    not viewsets (the summary, the documentation). Formats are chosen with ``?format=`` only."""

    include_format_suffixes = False

    def __init__(self, *, extra_root_links: dict[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.extra_root_links = extra_root_links or {}

    def get_api_root_view(self, api_urls: Any | None = None) -> Callable[..., Any]:
        list_route = self.routes[0].name
        links = {
            prefix: list_route.format(basename=basename) for prefix, _, basename in self.registry
        }
        return APIRootView.as_view(links={**links, **self.extra_root_links})
