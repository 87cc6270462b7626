from django.urls import path

from . import views

app_name = "outreach"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/calendar/", views.EventCalendarView.as_view(), name="event_calendar"),
    path("events/new/", views.EventCreateView.as_view(), name="event_create"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.EventUpdateView.as_view(), name="event_update"),
    path("photos/<int:pk>/file/", views.EventPhotoFileView.as_view(), name="eventphoto_file"),
    path("photos/<int:pk>/thumbnail/", views.EventPhotoThumbnailView.as_view(), name="eventphoto_thumbnail"),
    path("articles/", views.MediaArticleListView.as_view(), name="article_list"),
    path("articles/new/", views.MediaArticleCreateView.as_view(), name="article_create"),
    path("articles/<int:pk>/", views.MediaArticleDetailView.as_view(), name="article_detail"),
    path("articles/<int:pk>/edit/", views.MediaArticleUpdateView.as_view(), name="article_update"),
    path("schools/", views.SchoolListView.as_view(), name="school_list"),
    path("schools/new/", views.SchoolCreateView.as_view(), name="school_create"),
    path("schools/<int:pk>/", views.SchoolDetailView.as_view(), name="school_detail"),
    path("schools/<int:pk>/edit/", views.SchoolUpdateView.as_view(), name="school_update"),
    path("escort/today/", views.EscortCoverageView.as_view(), name="escort_coverage"),
    path("escort/today/all-staffed/", views.EscortAllStaffedView.as_view(), name="escort_all_staffed"),
    path("escort/posts/", views.EscortPostListView.as_view(), name="post_list"),
    path("escort/posts/new/", views.EscortPostCreateView.as_view(), name="post_create"),
    path("escort/posts/<int:pk>/", views.EscortPostDetailView.as_view(), name="post_detail"),
    path("escort/posts/<int:pk>/edit/", views.EscortPostUpdateView.as_view(), name="post_update"),
    path("escort/shifts/", views.EscortShiftListView.as_view(), name="shift_list"),
    path("escort/shifts/new/", views.EscortShiftCreateView.as_view(), name="shift_create"),
    path("escort/shifts/<int:pk>/", views.EscortShiftDetailView.as_view(), name="shift_detail"),
    path("escort/shifts/<int:pk>/edit/", views.EscortShiftUpdateView.as_view(), name="shift_update"),
    path("escort/duty/", views.EscortDutyLogListView.as_view(), name="dutylog_list"),
    path("escort/duty/new/", views.EscortDutyLogCreateView.as_view(), name="dutylog_create"),
    path("escort/duty/<int:pk>/", views.EscortDutyLogDetailView.as_view(), name="dutylog_detail"),
    path("escort/duty/<int:pk>/edit/", views.EscortDutyLogUpdateView.as_view(), name="dutylog_update"),
]
