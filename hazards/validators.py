from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .rules import is_valid_credit_code


def validate_credit_code(value):
    if not is_valid_credit_code(value):
        raise ValidationError(
            _("%(value)s is not a valid unified social credit code (18 characters, check character wrong)."),
            code="invalid_credit_code",
            params={"value": value},
        )
