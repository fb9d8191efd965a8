"""The public data browser's URLs: the overview at the root, a list and a page per resource."""

from django.urls import path

from apps.core.middleware.cache import cache_by_data_version
from apps.overview import views

app_name = "overview"

RECORD_PAGES = {
    "cluster": ("clusters", views.ClusterPage),
    "enterprise": ("enterprises", views.EnterprisePage),
    "park": ("parks", views.ParkPage),
    "project": ("projects", views.ProjectPage),
    "indicator": ("indicators", views.IndicatorPage),
    "source": ("sources", views.SourcePage),
}

urlpatterns = [
    path("", cache_by_data_version(views.HomePage.as_view()), name="home"),
    *(
        path(f"{prefix}/", cache_by_data_version(views.list_page(viewset, title)), name=prefix)
        for prefix, (viewset, title) in views.LIST_PAGES.items()
    ),
    *(
        path(f"{prefix}/<slug:slug>/", cache_by_data_version(view.as_view()), name=name)
        for name, (prefix, view) in RECORD_PAGES.items()
    ),
]
