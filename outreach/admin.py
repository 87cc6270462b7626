from django.contrib import admin  # noqa: F401  (models are registered as the app grows)
