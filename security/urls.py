from django.urls import path

from . import views

app_name = "security"

urlpatterns = [
    path("account/", views.AccountView.as_view(), name="account"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("account/two-factor/setup/", views.OTPSetupView.as_view(), name="otp_setup"),
    path("account/two-factor/verify/", views.OTPVerifyView.as_view(), name="otp_verify"),
    path("account/two-factor/recovery-codes/", views.RecoveryCodesView.as_view(), name="recovery_codes"),
    path("account/two-factor/remove/", views.OTPRemoveView.as_view(), name="otp_remove"),
    path("account/tokens/revoke/", views.TokensRevokeView.as_view(), name="tokens_revoke"),
    path("security/log/", views.SecurityLogView.as_view(), name="log"),
]
