"""The public data browser's URLs: the overview at the root, a list and a page per resource."""

from django.urls import path

from apps.overview import views
from apps.overview.caching import cached_page

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
    path("", cached_page(views.HomePage.as_view()), name="home"),
    *(
        path(f"{prefix}/", cached_page(views.list_page(viewset, title)), name=prefix)
        for prefix, (viewset, title) in views.LIST_PAGES.items()
    ),
    *(
        path(f"{prefix}/<slug:slug>/", cached_page(view.as_view()), name=name)
        for name, (prefix, view) in RECORD_PAGES.items()
    ),
]
