"""Admin for site administrators only (mentorship/admin_site.py); other roles manage roles in
the portal's page (orgs.views.roles)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import (
    DeficitArea,
    Membership,
    Municipality,
    Organisation,
    Region,
    StaffMember,
    Subject,
    User,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind"]
    list_filter = ["kind"]
    search_fields = ["name"]
    list_select_related = ["region"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["short_name", "municipality", "kind", "settlement"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    list_select_related = ["municipality"]


@admin.register(Subject)
class SubjectAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ["full_name", "organisation", "position", "category", "employment_status"]
    list_filter = ["employment_status", "category"]
    search_fields = ["last_name", "first_name", "patronymic", "email"]
    list_select_related = ["organisation"]
    autocomplete_fields = ["subjects"]
    raw_id_fields = ["previous_organisation"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    inlines = [MembershipInline]
    raw_id_fields = ["staff_member"]
    list_display = ["username", "email", "last_name", "first_name", "is_staff"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        ("Портал", {"fields": ("patronymic", "staff_member")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "region", "municipality", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    list_select_related = ["user", "region", "municipality", "organisation"]
    raw_id_fields = ["user", "organisation"]


@admin.register(DeficitArea)
class DeficitAreaAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "region", "position"]
    search_fields = ["name"]
