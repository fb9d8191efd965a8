"""Top-level URL configuration: the public data browser, the admin, the API and its docs."""

from django.contrib import admin
from django.urls import include, path, re_path

from apps.core.api.documentation import RedocView, SchemaView, SwaggerView
from apps.core.api.exceptions import page_not_found
from apps.core.health import healthz, readyz

urlpatterns = [
    # Probes for load balancers and orchestrators: outside /api/, so never throttled or cached.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("banan_service.api_urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    path(
        "api/docs/",
        SwaggerView.as_view(url_name="schema", template_name="swagger_ui.html"),
        name="swagger-ui",
    ),
    path(
        "api/redoc/",
        RedocView.as_view(url_name="schema", template_name="redoc.html"),
        name="redoc",
    ),
    # The public data browser: the overview at /, and a list and a page per resource.
    path("", include("apps.overview.urls")),
    # Last: any other /api/ URL is the JSON 404 even with DEBUG on, which would otherwise show
    # Django's HTML page. Only URLs ending in a slash, so APPEND_SLASH still redirects the rest.
    re_path(r"^api/(?:.*/)?$", page_not_found),
]

# JSON under /api/, Django's usual pages elsewhere.
handler400 = "apps.core.api.exceptions.bad_request"
handler403 = "apps.core.api.exceptions.permission_denied"
handler404 = page_not_found
handler500 = "apps.core.api.exceptions.server_error"
