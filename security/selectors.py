from django.utils import timezone

from .models import SecurityEvent


def security_events():
    return SecurityEvent.objects.all()


def api_tokens_of(user):
    return user.auth_token_set.filter(expiry__gt=timezone.now()).order_by("-created")
