from rest_framework import authentication, exceptions


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """DRF side of ``ApiTokenMiddleware``: the middleware has already checked the key."""

    keyword = "Token"

    def authenticate(self, request):
        django_request = request._request
        if getattr(django_request, "api_token_error", None):
            raise exceptions.AuthenticationFailed(django_request.api_token_error)
        token = getattr(django_request, "api_token", None)
        if token is None:
            return None
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword
