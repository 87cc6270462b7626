"""Who must use a second factor and who reads the security log: one answer each, asked by the
middleware, the views, the templates and the API alike."""

from django.conf import settings

from brigades.choices import Role

LOG_READING_ROLES = frozenset({Role.ADMIN, Role.AUDITOR})


def second_factor_required(user):
    """The roles in OTP_REQUIRED_ROLES must enrol; whoever reaches the Django admin counts as an
    administrator, so that the admin stands behind the same check."""
    roles = set(settings.OTP_REQUIRED_ROLES)
    if user.role in roles:
        return True
    return Role.ADMIN in roles and (user.is_superuser or user.is_staff)


def has_second_factor(user):
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def may_read_security_log(user):
    return user.is_authenticated and (user.is_superuser or user.role in LOG_READING_ROLES)


def is_read_only(user):
    """The auditor reads everything and changes nothing."""
    return user.is_authenticated and user.role == Role.AUDITOR and not user.is_superuser
