"""Hazards: road hazard points rectified until sign-off, key enterprises, key vehicles and drivers."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from brigades.scoping import BrigadeRecord

from .choices import EnterpriseKind, RiskLevel
from .validators import validate_credit_code


class Enterprise(BrigadeRecord):
    """A key enterprise (重点企业 / 源头企业) supervised by a brigade: dangerous goods, "两客一危",
    key vehicle-using units. Entered by brigade staff; its risk level changes over time and the
    audit trail keeps every level it had. Outreach events and permits refer to it too."""

    name = models.CharField(_("name"), max_length=200)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code]
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EnterpriseKind.choices)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    risk_level = models.CharField(_("risk level"), max_length=10, choices=RiskLevel.choices, default=RiskLevel.MEDIUM)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("key enterprise")
        verbose_name_plural = _("key enterprises")
        ordering = ["brigade", "name"]
        constraints = [
            models.UniqueConstraint(fields=["credit_code"], name="enterprise_unique_credit_code"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.credit_code = self.credit_code.upper()
        super().save(*args, **kwargs)
