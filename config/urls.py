from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.static import serve

from brigades.views import HomeView
from security.views import LogoutView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include(("config.api_urls", "api"), namespace="api")),
    path("organisation/", include("brigades.urls")),
    path("hazards/", include("hazards.urls")),
    path("enforcement/", include("enforcement.urls")),
    path("outreach/", include("outreach.urls")),
    path("services/", include("services.urls")),
    path("", include("security.urls")),
]

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]

handler400 = "brigades.errors.bad_request"
handler403 = "brigades.errors.permission_denied"
handler404 = "brigades.errors.page_not_found"
handler500 = "brigades.errors.server_error"
