"""API token authentication: django-rest-knox (tokens stored as SHA-512 digests), idle expiry
(each use pushes the expiry TOKEN_TTL ahead, at most once per MIN_REFRESH_INTERVAL), and a
"token used" line in the security log at each such refresh, so the log shows use without a row
per request."""

from knox.auth import TokenAuthentication
from knox.settings import knox_settings

from ..choices import EventKind
from ..operations import security_event_record


class LoggedTokenAuthentication(TokenAuthentication):
    def renew_token(self, auth_token):
        previous = auth_token.expiry
        super().renew_token(auth_token)
        if (auth_token.expiry - previous).total_seconds() > knox_settings.MIN_REFRESH_INTERVAL:
            security_event_record(kind=EventKind.TOKEN_USED, user=auth_token.user, target=auth_token.token_key,
                                  request=getattr(self, "_request", None))

    def authenticate(self, request):
        self._request = request._request if hasattr(request, "_request") else request
        try:
            return super().authenticate(request)
        finally:
            self._request = None
