from django.urls import path

from . import views

app_name = "hazards"

urlpatterns = [
    # road hazard points
    path("", views.HazardListView.as_view(), name="hazard_list"),
    path("map/", views.HazardMapView.as_view(), name="hazard_map"),
    path("new/", views.HazardCreateView.as_view(), name="hazard_create"),
    path("<int:pk>/", views.HazardDetailView.as_view(), name="hazard_detail"),
    path("<int:pk>/edit/", views.HazardUpdateView.as_view(), name="hazard_update"),
    path("<int:pk>/assign/", views.HazardAssignView.as_view(), name="hazard_assign"),
    path("<int:pk>/start/", views.HazardStartView.as_view(), name="hazard_start"),
    path("<int:pk>/rectify/", views.HazardRectifyView.as_view(), name="hazard_rectify"),
    path("<int:pk>/return/", views.HazardReturnView.as_view(), name="hazard_return"),
    path("<int:pk>/sign-off/", views.HazardSignOffView.as_view(), name="hazard_sign_off"),
    path("<int:pk>/close/", views.HazardCloseView.as_view(), name="hazard_close"),
    path("<int:pk>/photos/", views.HazardPhotoAddView.as_view(), name="hazard_photo_add"),
    path("<int:pk>/measures/", views.HazardMeasureAddView.as_view(), name="hazard_measure_add"),
    path("<int:pk>/notice/", views.HazardNoticeView.as_view(), name="hazard_notice"),
    path("measures/<int:pk>/edit/", views.HazardMeasureUpdateView.as_view(), name="hazardmeasure_update"),
    path("reinspections/", views.ReinspectionListView.as_view(), name="reinspection_list"),
    path("reinspections/<int:pk>/", views.ReinspectionRecordView.as_view(), name="reinspection_record"),
    # accidents and black spots
    path("accidents/", views.AccidentListView.as_view(), name="accident_list"),
    path("accidents/new/", views.AccidentCreateView.as_view(), name="accident_create"),
    path("accidents/<int:pk>/", views.AccidentDetailView.as_view(), name="accident_detail"),
    path("accidents/<int:pk>/edit/", views.AccidentUpdateView.as_view(), name="accident_update"),
    path("black-spots/", views.BlackSpotListView.as_view(), name="blackspot_list"),
    path("black-spots/<int:pk>/", views.BlackSpotDetailView.as_view(), name="blackspot_detail"),
    path("black-spots/<int:pk>/confirm/", views.BlackSpotConfirmView.as_view(), name="blackspot_confirm"),
    path("black-spots/<int:pk>/dismiss/", views.BlackSpotDismissView.as_view(), name="blackspot_dismiss"),
    # key enterprises
    path("enterprises/", views.EnterpriseListView.as_view(), name="enterprise_list"),
    path("enterprises/new/", views.EnterpriseCreateView.as_view(), name="enterprise_create"),
    path("enterprises/<int:pk>/", views.EnterpriseDetailView.as_view(), name="enterprise_detail"),
    path("enterprises/<int:pk>/edit/", views.EnterpriseUpdateView.as_view(), name="enterprise_update"),
    path("enterprises/<int:pk>/risk/", views.EnterpriseRiskView.as_view(), name="enterprise_risk"),
    path("enterprises/risk-changes/", views.RiskChangeListView.as_view(), name="riskchange_list"),
    path("supervision/", views.SupervisionActionListView.as_view(), name="supervision_list"),
    path("supervision/new/", views.SupervisionActionCreateView.as_view(), name="supervision_create"),
    path("supervision/<int:pk>/", views.SupervisionActionDetailView.as_view(), name="supervision_detail"),
    path("supervision/<int:pk>/edit/", views.SupervisionActionUpdateView.as_view(), name="supervision_update"),
    path("supervision/<int:pk>/done/", views.SupervisionActionCompleteView.as_view(), name="supervision_complete"),
    # key vehicles and drivers
    path("key-vehicles/", views.KeyVehicleListView.as_view(), name="keyvehicle_list"),
    path("key-vehicles/new/", views.KeyVehicleCreateView.as_view(), name="keyvehicle_create"),
    path("key-vehicles/<int:pk>/", views.KeyVehicleDetailView.as_view(), name="keyvehicle_detail"),
    path("key-vehicles/<int:pk>/edit/", views.KeyVehicleUpdateView.as_view(), name="keyvehicle_update"),
    path("key-vehicles/<int:pk>/assign/", views.KeyVehicleAssignView.as_view(), name="keyvehicle_assign"),
    path("key-vehicles/<int:pk>/clear/", views.KeyVehicleClearView.as_view(), name="keyvehicle_clear"),
    path("key-drivers/", views.KeyDriverListView.as_view(), name="keydriver_list"),
    path("key-drivers/new/", views.KeyDriverCreateView.as_view(), name="keydriver_create"),
    path("key-drivers/<int:pk>/", views.KeyDriverDetailView.as_view(), name="keydriver_detail"),
    path("key-drivers/<int:pk>/edit/", views.KeyDriverUpdateView.as_view(), name="keydriver_update"),
    path("key-drivers/<int:pk>/assign/", views.KeyDriverAssignView.as_view(), name="keydriver_assign"),
    path("key-drivers/<int:pk>/clear/", views.KeyDriverClearView.as_view(), name="keydriver_clear"),
    path("key-lists/", views.KeyItemImportListView.as_view(), name="keyimport_list"),
    path("key-lists/upload/", views.KeyItemImportUploadView.as_view(), name="keyimport_upload"),
    path("key-lists/<int:pk>/", views.KeyItemImportPreviewView.as_view(), name="keyimport_preview"),
    path("key-lists/<int:pk>/confirm/", views.KeyItemImportConfirmView.as_view(), name="keyimport_confirm"),
]
