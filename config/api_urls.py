"""The API root: every app lists its viewsets in <app>/api/urls.py as `routes`, all on one router."""

from importlib import import_module

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

API_APPS = ("brigades", "hazards", "enforcement", "outreach", "services", "notifications")

router = DefaultRouter()
extra_urlpatterns = []
for app_label in API_APPS:
    module = import_module(f"{app_label}.api.urls")
    for prefix, viewset, basename in module.routes:
        router.register(prefix, viewset, basename=basename)
    extra_urlpatterns += getattr(module, "urlpatterns", [])

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
    path("token/", obtain_auth_token, name="token"),
    *extra_urlpatterns,
    path("", include(router.urls)),
]
