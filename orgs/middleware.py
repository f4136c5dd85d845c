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
