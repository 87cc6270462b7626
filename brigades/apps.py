from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrigadesConfig(AppConfig):
    name = "brigades"
    verbose_name = _("Organisation")

    def ready(self):
        from .figures.registry import autodiscover
        from .signals import connect_all

        autodiscover()
        # Every concrete BrigadeRecord subclass of every app: rollup dirty marking and month lock.
        connect_all()
