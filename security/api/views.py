"""Token endpoints: obtain (password, and the second-factor code when the user has or needs one),
log out (revokes the token used), log out everywhere (revokes every token of the user)."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from ..choices import EventKind
from ..operations import security_event_record, token_issue, tokens_revoke
from ..rules import has_second_factor, second_factor_required
from .auth import LoggedTokenAuthentication


class TokenObtainSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    otp_token = serializers.CharField(required=False, allow_blank=True,
                                      help_text=_("The six-digit code of the authenticator app, or a recovery code."))


class TokenObtainView(APIView):
    """The password (checked through django-axes, so failures count towards a lockout) and, for a
    user with a second factor or a role that needs one, its code. Answers the token once."""

    authentication_classes = ()
    permission_classes = (AllowAny,)
    serializer_class = TokenObtainSerializer

    @extend_schema(request=TokenObtainSerializer, description=(
        "Sign in for the API: the username and password, and the second-factor code if the account has one "
        "(or its role requires one: enrol on the web site first). Answers a token, shown once: send it as "
        "`Authorization: Token <token>`. It expires after a time without use (`expiry`, pushed ahead by each "
        "use). Wrong passwords count towards the account's lockout."), responses=inline_serializer(
        "TokenObtained", {"token": serializers.CharField(), "expiry": serializers.DateTimeField()}))
    def post(self, request):
        from django_otp import match_token

        serializer = TokenObtainSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        user = authenticate(request._request, username=data["username"], password=data["password"])
        if user is None:
            return Response({"detail": _("Wrong username or password, or the account is locked.")},
                            status=status.HTTP_400_BAD_REQUEST)
        if has_second_factor(user):
            code = data.get("otp_token", "").strip()
            if not code:  # asked for, not tried: a missing code does not count towards the throttle
                return Response({"otp_token": [_("Your account has a second factor: give its code.")]},
                                status=status.HTTP_400_BAD_REQUEST)
            device = match_token(user, code)
            if device is None:
                security_event_record(kind=EventKind.OTP_FAILED, request=request._request, user=user, target="api")
                return Response({"otp_token": [_("The second-factor code is wrong or has expired.")]},
                                status=status.HTTP_400_BAD_REQUEST)
            security_event_record(kind=EventKind.OTP_VERIFIED, request=request._request, user=user, target="api")
        elif second_factor_required(user):
            return Response({"detail": _("Your role needs a second factor: enrol on the web site first.")},
                            status=status.HTTP_403_FORBIDDEN)
        instance, token = token_issue(user=user, request=request._request)
        return Response({"token": token, "expiry": instance.expiry})


class TokenLogoutView(APIView):
    authentication_classes = (LoggedTokenAuthentication,)
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses={204: None},
                   description="Sign out: the token this request is made with stops working.")
    def post(self, request):
        tokens_revoke(user=request.user, token=request.auth, request=request._request, reason="logout")
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenLogoutAllView(APIView):
    authentication_classes = (LoggedTokenAuthentication,)
    permission_classes = (IsAuthenticated,)

    @extend_schema(request=None, responses={204: None},
                   description="Sign out everywhere: every token of the caller stops working.")
    def post(self, request):
        tokens_revoke(user=request.user, request=request._request, reason="logout everywhere")
        return Response(status=status.HTTP_204_NO_CONTENT)
