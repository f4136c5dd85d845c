"""Admin: the catalogue's typical plan activities and instruments; campaigns read-mostly."""

from django.contrib import admin

from .models import (
    Campaign,
    Instrument,
    InstrumentVersion,
    LifecycleSchedule,
    Question,
    Section,
    TypicalActivity,
)


@admin.register(TypicalActivity)
class TypicalActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "area", "form", "direction", "position"]
    list_filter = ["area"]
    search_fields = ["title"]


class VersionInline(admin.TabularInline):
    model = InstrumentVersion
    extra = 0
    fields = ["number", "published_at", "difficulty_threshold", "compatibility_threshold"]
    readonly_fields = ["published_at"]


@admin.register(Instrument)
class InstrumentAdmin(admin.ModelAdmin):
    list_display = ["title", "purpose", "audience", "code", "region", "municipality"]
    list_filter = ["purpose", "audience"]
    search_fields = ["title"]
    inlines = [VersionInline]


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    fields = ["position", "text", "kind", "area", "required", "reverse"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "position"]
    inlines = [QuestionInline]


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "municipality", "starts_on", "ends_on", "closed_at"]
    list_filter = ["anonymous"]
    raw_id_fields = ["version"]


@admin.register(LifecycleSchedule)
class LifecycleScheduleAdmin(admin.ModelAdmin):
    list_display = ["organisation", "enabled", "pulse_first_days", "pulse_every_days"]
