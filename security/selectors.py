from .models import SecurityEvent


def security_events():
    return SecurityEvent.objects.all()


def api_tokens_of(user):
    from django.utils import timezone

    return user.auth_token_set.filter(expiry__gt=timezone.now()).order_by("-created")
