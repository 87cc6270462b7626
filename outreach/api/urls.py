# (prefix, viewset, basename): config/api_urls.py registers every app's routes on one router.
routes = []
