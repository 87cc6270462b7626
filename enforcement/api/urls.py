from . import views

# (prefix, viewset, basename): config/api_urls.py registers every app's routes on one router.
routes = [
    ("violations", views.ViolationViewSet, "violation"),
    ("operations", views.OperationViewSet, "operation"),
    ("deployments", views.DeploymentViewSet, "deployment"),
    ("helmet-observations", views.HelmetObservationViewSet, "helmetobservation"),
    ("violation-codes", views.ViolationCodeViewSet, "violationcode"),
    # Reference data (read-only; maintained in the admin)
    ("violation-kinds", views.ViolationKindViewSet, "violationkind"),
]
