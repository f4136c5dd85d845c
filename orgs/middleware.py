from django.utils.cache import patch_cache_control

from .access import viewer_for
from .tenancy import tenant_scope


class TenantScopeMiddleware:
    """Runs the whole request (view and template rendering) inside the user's tenant scope."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.viewer = viewer_for(request.user)
        with tenant_scope(request.viewer.scope):
            return self.get_response(request)


class PrivatePagesMiddleware:
    """Every page a signed-in person (or an API token) gets holds personal data or their
    scope's figures: no browser, proxy or shared school computer may keep a copy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
