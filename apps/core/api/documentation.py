"""The OpenAPI schema and its documentation pages: drf-spectacular's views, with the API's errors.

Left as they are, these views answer an error in their own media type: a 405 or an unknown
``format`` as YAML from the schema, as an HTML page from the documentation, and an OPTIONS request
on a page as a 500 (the page template has nothing to show for it).

The pages also need a little more of the Content-Security-Policy than the rest of the site
(``CONTENT_SECURITY_POLICY`` in the settings): each view adds what its page needs, measured in
Chromium (tests/browser/), and nothing else.
"""

from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from apps.core.api.negotiation import JSONErrorsMixin

# A documentation page is read, never described: OPTIONS answers 405 like any other method.
PAGE_METHODS = ["get", "head"]

# Swagger UI's style sheet draws its icons as data: images.
SWAGGER_UI_POLICY = {"img-src": ["data:"]}

REDOC_POLICY = {
    "style-src": [
        # ReDoc writes its bundled perfect-scrollbar style sheet into a <style> element; this is
        # the hash of that text in drf-spectacular-sidecar's ReDoc 2.x. After an upgrade changes
        # it, the browser test fails and Chromium's console names the new hash.
        "'sha256-QMIg+bpjm3JdElJ388KYke01izlUW0UoNOeKjpMxdgc='",
        # styled-components adds an empty <style> and fills it through the CSSOM, which the
        # policy does not govern: only the empty text is allowed.
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
    ],
    # The search runs in a web worker that ReDoc builds from a blob.
    "worker-src": ["blob:"],
    # banan_service/static/banan_service/redoc-page.js's empty image, in place of Redocly's logo.
    "img-src": ["data:"],
}


class SchemaView(JSONErrorsMixin, SpectacularAPIView):
    """The OpenAPI schema: YAML, or JSON with ?format=json."""


@method_decorator(csp_update(SWAGGER_UI_POLICY), name="dispatch")
class SwaggerView(JSONErrorsMixin, SpectacularSwaggerSplitView):
    """Swagger UI over the schema. The split view serves the page's start-up script from the same
    URL with ``?script``, so the page needs no inline script."""

    http_method_names = PAGE_METHODS


@method_decorator(csp_update(REDOC_POLICY), name="dispatch")
class RedocView(JSONErrorsMixin, SpectacularRedocView):
    """ReDoc over the schema."""

    http_method_names = PAGE_METHODS
