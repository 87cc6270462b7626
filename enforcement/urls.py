from django.urls import path

from . import views

app_name = "enforcement"

urlpatterns = [
    path("violations/", views.ViolationListView.as_view(), name="violation_list"),
    path("violations/new/", views.ViolationCreateView.as_view(), name="violation_create"),
    path("violations/quick/", views.QuickEntryView.as_view(), name="quick_entry"),
    path("violations/preview/", views.ViolationPreviewView.as_view(), name="violation_preview"),
    path("violations/import/", views.ViolationImportView.as_view(), name="violation_import"),
    path("violations/import/template/", views.ImportTemplateView.as_view(), name="violation_import_template"),
    path("violations/<int:pk>/", views.ViolationDetailView.as_view(), name="violation_detail"),
    path("violations/<int:pk>/edit/", views.ViolationUpdateView.as_view(), name="violation_update"),
    path("operations/", views.OperationListView.as_view(), name="operation_list"),
    path("operations/new/", views.OperationCreateView.as_view(), name="operation_create"),
    path("operations/<int:pk>/", views.OperationDetailView.as_view(), name="operation_detail"),
    path("operations/<int:pk>/edit/", views.OperationUpdateView.as_view(), name="operation_update"),
    path("operations/<int:operation_pk>/deployments/new/", views.DeploymentCreateView.as_view(),
         name="deployment_create"),
    path("deployments/<int:pk>/edit/", views.DeploymentUpdateView.as_view(), name="deployment_update"),
    path("helmet/", views.HelmetListView.as_view(), name="helmet_list"),
    path("helmet/new/", views.HelmetCreateView.as_view(), name="helmet_create"),
    path("helmet/ranking/", views.HelmetRankingView.as_view(), name="helmet_ranking"),
    path("helmet/<int:pk>/", views.HelmetDetailView.as_view(), name="helmet_detail"),
    path("helmet/<int:pk>/edit/", views.HelmetUpdateView.as_view(), name="helmet_update"),
]
