"""Read-mostly admin: issued documents change only through the services (issue, revoke),
never by editing rows here."""

from django.contrib import admin

from .models import Document, RenderJob, Wording


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "number", "date", "status", "organisation", "municipality"]
    list_filter = ["kind", "status", "year"]
    search_fields = ["title", "number"]
    readonly_fields = [field.name for field in Document._meta.fields if field.name not in {"id"}]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RenderJob)
class RenderJobAdmin(admin.ModelAdmin):
    list_display = ["document", "status", "progress", "attempts", "created_at", "updated_at"]
    list_filter = ["status"]
    readonly_fields = ["document", "status", "progress", "error", "attempts", "owner"]

    def has_add_permission(self, request):
        return False


@admin.register(Wording)
class WordingAdmin(admin.ModelAdmin):
    list_display = ["kind", "part", "organisation", "municipality", "updated_at"]
    list_filter = ["kind", "part"]
