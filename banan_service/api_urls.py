"""The /api/v1/ router: every resource registers here, under one versioned prefix."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()

urlpatterns = router.urls
