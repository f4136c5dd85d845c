"""The Django admin is the site administrators' tool only.

Every other role manages people and roles in the portal's own pages, where the grant rule
(``orgs.access.grant_authority``) applies: the admin's model permissions cannot express "only
roles below your own, only within your own scope", so a staff flag or a permission row given to
a methodist must not open it."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


class PortalAdminSite(admin.AdminSite):
    site_header = "Портал наставничества — администрирование"
    site_title = "Портал наставничества"
    index_title = "Данные портала"

    def has_permission(self, request):
        return bool(request.user.is_active and request.user.is_superuser)


class PortalAdminConfig(AdminConfig):
    default_site = "mentorship.admin_site.PortalAdminSite"
