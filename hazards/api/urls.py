from . import views

# (prefix, viewset, basename): config/api_urls.py registers every app's routes on one router.
routes = [
    ("hazards", views.HazardViewSet, "hazard"),
    ("hazard-reinspections", views.ReinspectionViewSet, "reinspection"),
    ("accidents", views.AccidentViewSet, "accident"),
    ("black-spots", views.BlackSpotViewSet, "blackspot"),
    ("enterprises", views.EnterpriseViewSet, "enterprise"),
    ("supervision-actions", views.SupervisionActionViewSet, "supervisionaction"),
    ("hazard-notices", views.NoticeViewSet, "hazardnotice"),
    ("supervision-listings", views.SupervisionListingViewSet, "supervisionlisting"),
    ("key-vehicles", views.KeyVehicleViewSet, "keyvehicle"),
    ("key-drivers", views.KeyDriverViewSet, "keydriver"),
    # Reference data (read-only; maintained in the admin)
    ("hazard-categories", views.HazardCategoryViewSet, "hazardcategory"),
    ("responsible-parties", views.ResponsiblePartyViewSet, "responsibleparty"),
    ("measure-kinds", views.MeasureKindViewSet, "measurekind"),
    ("accident-causes", views.AccidentCauseViewSet, "accidentcause"),
]
