"""Admin for site administrators: public pages, news, normative documents and the bank of
practices. Querysets come from the scoped managers; the practice workflow and authors'
consents change only through the portal's pages (services), never here."""

from django.contrib import admin

from .models import AuthorConsent, NewsItem, NormativeDocument, Practice, PracticeUse, PublicPage


@admin.register(PublicPage)
class PublicPageAdmin(admin.ModelAdmin):
    list_display = ["slug", "published", "municipality", "organisation", "updated_at"]
    list_filter = ["published"]
    search_fields = ["slug"]
    raw_id_fields = ["region", "municipality", "organisation"]


@admin.register(NewsItem)
class NewsItemAdmin(admin.ModelAdmin):
    list_display = ["title", "published_on", "is_published", "municipality", "organisation"]
    list_filter = ["is_published"]
    search_fields = ["title"]
    date_hierarchy = "published_on"
    raw_id_fields = ["region", "municipality", "organisation"]


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "level", "region", "municipality"]
    list_filter = ["level"]
    search_fields = ["title"]
    raw_id_fields = ["region", "municipality", "organisation"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "level", "organisation", "proposed_to_region"]
    list_filter = ["status", "level", "form", "format"]
    search_fields = ["title"]
    raw_id_fields = ["organisation", "authors"]
    readonly_fields = ["status", "methodist_comment", "published_at", "proposed_to_region"]
    list_select_related = ["organisation"]


@admin.register(PracticeUse)
class PracticeUseAdmin(admin.ModelAdmin):
    list_display = ["practice", "activity", "organisation"]
    raw_id_fields = ["practice", "activity", "organisation"]


@admin.register(AuthorConsent)
class AuthorConsentAdmin(admin.ModelAdmin):
    list_display = ["staff", "given_at", "recorded_by", "organisation"]
    readonly_fields = ["staff", "given_at", "recorded_by", "organisation"]
    list_select_related = ["staff", "organisation"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
