"""The API root: every app lists its viewsets in <app>/api/urls.py as `routes`, all on one router."""

from importlib import import_module

from django.urls import include, path
from django.contrib.auth.decorators import login_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

API_APPS = ("brigades", "hazards", "enforcement", "outreach", "services", "security")

router = DefaultRouter()
extra_urlpatterns = []
for app_label in API_APPS:
    module = import_module(f"{app_label}.api.urls")
    for prefix, viewset, basename in module.routes:
        router.register(prefix, viewset, basename=basename)
    extra_urlpatterns += getattr(module, "urlpatterns", [])

urlpatterns = [
    # Behind login (SPECTACULAR_SETTINGS SERVE_PERMISSIONS; the pages send anonymous users to the
    # login page). The split Swagger view serves its start-up script as a file, for the CSP; ReDoc
    # is left out (an inline script and web fonts from a CDN).
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
    *extra_urlpatterns,
    path("", include(router.urls)),
]
