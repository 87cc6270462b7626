from . import views

# (prefix, viewset, basename): config/api_urls.py registers every app's routes on one router.
routes = [
    ("outreach/events", views.EventViewSet, "outreach-event"),
    ("outreach/event-photos", views.EventPhotoViewSet, "outreach-eventphoto"),
    ("outreach/articles", views.MediaArticleViewSet, "outreach-article"),
    ("outreach/schools", views.SchoolViewSet, "outreach-school"),
    ("outreach/escort-posts", views.EscortPostViewSet, "outreach-escortpost"),
    ("outreach/escort-shifts", views.EscortShiftViewSet, "outreach-escortshift"),
    ("outreach/escort-duty", views.EscortDutyLogViewSet, "outreach-escortdutylog"),
]
