from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

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
    path("todo/", include("notifications.urls")),
    path("", include("security.urls")),
]
# No /media/ route in any mode: an uploaded file is a record's, served by that record's view
# after the brigade check (brigades/records/files.py).

handler400 = "brigades.errors.bad_request"
handler403 = "brigades.errors.permission_denied"
handler404 = "brigades.errors.page_not_found"
handler500 = "brigades.errors.server_error"
