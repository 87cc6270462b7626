from django.urls import path

from . import views

app_name = "services"

urlpatterns = [
    path("figures/", views.FiguresView.as_view(), name="figures"),
    # Counter business
    path("service-points/", views.ServicePointListView.as_view(), name="servicepoint_list"),
    path("service-points/new/", views.ServicePointCreateView.as_view(), name="servicepoint_create"),
    path("service-points/<int:pk>/", views.ServicePointDetailView.as_view(), name="servicepoint_detail"),
    path("service-points/<int:pk>/edit/", views.ServicePointUpdateView.as_view(), name="servicepoint_update"),
    path("counter/tally/", views.CounterTallyView.as_view(), name="counter_tally"),
    path("counter/days/", views.CounterDayListView.as_view(), name="counterday_list"),
    path("counter/days/<int:pk>/", views.CounterDayDetailView.as_view(), name="counterday_detail"),
    path("counter/days/<int:pk>/edit/", views.CounterDayUpdateView.as_view(), name="counterday_update"),
    # Hotline work orders
    path("work-orders/", views.WorkOrderListView.as_view(), name="workorder_list"),
    path("work-orders/mine/", views.WorkOrderQueueView.as_view(), name="workorder_queue"),
    path("work-orders/new/", views.WorkOrderCreateView.as_view(), name="workorder_create"),
    path("work-orders/<int:pk>/", views.WorkOrderDetailView.as_view(), name="workorder_detail"),
    path("work-orders/<int:pk>/edit/", views.WorkOrderUpdateView.as_view(), name="workorder_update"),
    path("work-orders/<int:pk>/take/", views.WorkOrderTakeView.as_view(), name="workorder_take"),
    path("work-orders/<int:pk>/reply/", views.WorkOrderReplyView.as_view(), name="workorder_reply"),
    path("work-orders/<int:pk>/close/", views.WorkOrderCloseView.as_view(), name="workorder_close"),
    path("work-orders/<int:pk>/reopen/", views.WorkOrderReopenView.as_view(), name="workorder_reopen"),
    # Fast-processed accidents
    path("fast-accidents/", views.FastAccidentListView.as_view(), name="fastaccident_list"),
    path("fast-accidents/new/", views.FastAccidentCreateView.as_view(), name="fastaccident_create"),
    path("fast-accidents/<int:pk>/", views.FastAccidentDetailView.as_view(), name="fastaccident_detail"),
    path("fast-accidents/<int:pk>/edit/", views.FastAccidentUpdateView.as_view(), name="fastaccident_update"),
    # Command centre
    path("command-centre/", views.CommandCentreDayListView.as_view(), name="commandcentreday_list"),
    path("command-centre/new/", views.CommandCentreDayCreateView.as_view(), name="commandcentreday_create"),
    path("command-centre/<int:pk>/", views.CommandCentreDayDetailView.as_view(), name="commandcentreday_detail"),
    path("command-centre/<int:pk>/edit/", views.CommandCentreDayUpdateView.as_view(), name="commandcentreday_update"),
    # Permits
    path("permits/", views.PermitListView.as_view(), name="permit_list"),
    path("permits/new/", views.PermitCreateView.as_view(), name="permit_create"),
    path("permits/<int:pk>/", views.PermitDetailView.as_view(), name="permit_detail"),
    path("permits/<int:pk>/edit/", views.PermitUpdateView.as_view(), name="permit_update"),
    path("permits/<int:pk>/approve/", views.PermitApproveView.as_view(), name="permit_approve"),
    path("permits/<int:pk>/refuse/", views.PermitRefuseView.as_view(), name="permit_refuse"),
    path("permits/<int:pk>/revoke/", views.PermitRevokeView.as_view(), name="permit_revoke"),
    # Accident relief fund
    path("relief-advances/", views.ReliefAdvanceListView.as_view(), name="reliefadvance_list"),
    path("relief-advances/new/", views.ReliefAdvanceCreateView.as_view(), name="reliefadvance_create"),
    path("relief-advances/<int:pk>/", views.ReliefAdvanceDetailView.as_view(), name="reliefadvance_detail"),
    path("relief-advances/<int:pk>/edit/", views.ReliefAdvanceUpdateView.as_view(), name="reliefadvance_update"),
    path("relief-advances/<int:pk>/approve/", views.ReliefAdvanceApproveView.as_view(), name="reliefadvance_approve"),
    path("relief-advances/<int:pk>/refuse/", views.ReliefAdvanceRefuseView.as_view(), name="reliefadvance_refuse"),
    path("relief-advances/<int:pk>/pay/", views.ReliefAdvancePayView.as_view(), name="reliefadvance_pay"),
    path("relief-advances/<int:pk>/recover/", views.ReliefAdvanceRecoverView.as_view(), name="reliefadvance_recover"),
    path("relief-targets/", views.ReliefTargetListView.as_view(), name="relieftarget_list"),
    path("relief-targets/new/", views.ReliefTargetCreateView.as_view(), name="relieftarget_create"),
    path("relief-targets/<int:pk>/", views.ReliefTargetDetailView.as_view(), name="relieftarget_detail"),
    path("relief-targets/<int:pk>/edit/", views.ReliefTargetUpdateView.as_view(), name="relieftarget_update"),
]
