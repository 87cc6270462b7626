from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    LOGIN = "login", _("Logged in")
    LOGIN_FAILED = "login_failed", _("Login failed")
    LOGOUT = "logout", _("Logged out")
    LOCKED_OUT = "locked_out", _("Locked out")
    UNLOCKED = "unlocked", _("Unlocked")
    OTP_VERIFIED = "otp_verified", _("Second factor verified")
    OTP_FAILED = "otp_failed", _("Second factor failed")
    OTP_ENROLLED = "otp_enrolled", _("Second factor enrolled")
    OTP_REMOVED = "otp_removed", _("Second factor removed")
    RECOVERY_CODES_ISSUED = "recovery_codes", _("Recovery codes issued")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset by an administrator")
    TOKEN_ISSUED = "token_issued", _("API token issued")
    TOKEN_USED = "token_used", _("API token used")
    TOKEN_REVOKED = "token_revoked", _("API tokens revoked")
    EXPORT = "export", _("List exported")
    PERMISSION_DENIED = "denied", _("Permission denied")
    OUT_OF_SCOPE = "out_of_scope", _("Record of another brigade requested")
    ROLE_CHANGED = "role_changed", _("Role or brigade of a user changed")
    MONTH_APPROVED = "month_approved", _("Month approved")
    MONTH_UNLOCKED = "month_unlocked", _("Month unlocked")
