"""Admin for site administrators: events, road maps and the local acts registry. Everyday
work happens on the portal's pages; querysets come from the scoped managers."""

from django.contrib import admin

from .models import Event, LocalAct, Participation, RoadMap, RoadMapSection, WebsiteSection


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    raw_id_fields = ["person", "organisation"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "level", "starts_on", "municipality", "organisation"]
    list_filter = ["kind", "level"]
    search_fields = ["title"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["region", "municipality", "organisation"]
    inlines = [ParticipationInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["person", "event", "role", "result", "organisation"]
    list_filter = ["role", "result"]
    raw_id_fields = ["person", "event", "organisation"]
    list_select_related = ["person", "event", "organisation"]


class SectionInline(admin.TabularInline):
    model = RoadMapSection
    extra = 0


@admin.register(RoadMap)
class RoadMapAdmin(admin.ModelAdmin):
    list_display = ["title", "first_year", "last_year", "municipality", "organisation"]
    search_fields = ["title"]
    raw_id_fields = ["region", "municipality", "organisation"]
    inlines = [SectionInline]


@admin.register(LocalAct)
class LocalActAdmin(admin.ModelAdmin):
    list_display = ["organisation", "kind", "number", "date", "generated"]
    list_filter = ["generated"]
    raw_id_fields = ["organisation", "kind"]
    list_select_related = ["organisation", "kind"]


@admin.register(WebsiteSection)
class WebsiteSectionAdmin(admin.ModelAdmin):
    list_display = ["organisation", "url", "checked_on"]
    raw_id_fields = ["organisation"]
    list_select_related = ["organisation"]
