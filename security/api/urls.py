from django.urls import path

from .views import TokenLogoutAllView, TokenLogoutView, TokenObtainView

routes = []

urlpatterns = [
    path("token/", TokenObtainView.as_view(), name="token"),
    path("token/logout/", TokenLogoutView.as_view(), name="token_logout"),
    path("token/logout-all/", TokenLogoutAllView.as_view(), name="token_logout_all"),
]
