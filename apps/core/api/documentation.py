"""The OpenAPI schema and its documentation pages: drf-spectacular's views, with the API's errors.

Left as they are, these views answer an error in their own media type: a 405 or an unknown
``format`` as YAML from the schema, as an HTML page from the documentation, and an OPTIONS request
on a page as a 500 (the page template has nothing to show for it).
"""

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from apps.core.api.negotiation import JSONErrorsMixin

# A documentation page is read, never described: OPTIONS answers 405 like any other method.
PAGE_METHODS = ["get", "head"]


class SchemaView(JSONErrorsMixin, SpectacularAPIView):
    """The OpenAPI schema: YAML, or JSON with ?format=json."""


class SwaggerView(JSONErrorsMixin, SpectacularSwaggerView):
    """Swagger UI over the schema."""

    http_method_names = PAGE_METHODS


class RedocView(JSONErrorsMixin, SpectacularRedocView):
    """ReDoc over the schema."""

    http_method_names = PAGE_METHODS
