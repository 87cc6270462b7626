from . import views

# (prefix, viewset, basename): config/api_urls.py registers every app's routes on one router.
routes = [
    ("service-points", views.ServicePointViewSet, "servicepoint"),
    ("counter-days", views.CounterDayViewSet, "counterday"),
    ("work-orders", views.WorkOrderViewSet, "workorder"),
    ("fast-accidents", views.FastAccidentViewSet, "fastaccident"),
    ("command-centre-days", views.CommandCentreDayViewSet, "commandcentreday"),
    ("permits", views.PermitViewSet, "permit"),
    ("relief-advances", views.ReliefAdvanceViewSet, "reliefadvance"),
    ("relief-targets", views.ReliefTargetViewSet, "relieftarget"),
]
