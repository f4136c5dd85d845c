from .models import ApiToken, hash_key

KEYWORD = "Token"


class ApiTokenMiddleware:
    """Resolve ``Authorization: Token <key>`` into the request's user *before* the tenant
    scope is computed, so API calls run in exactly the scope the UI would give that person."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.api_token = None
        request.api_token_error = None
        header = request.headers.get("Authorization", "")
        if header.startswith(f"{KEYWORD} "):
            key = header[len(KEYWORD) + 1 :].strip()
            token = (
                ApiToken.objects.active()
                .select_related("user")
                .filter(key_hash=hash_key(key), user__is_active=True)
                .first()
            )
            if token is None:
                request.api_token_error = "Недействительный или отозванный токен."
            else:
                token.touch()
                request.api_token = token
                request.user = token.user
        return self.get_response(request)
