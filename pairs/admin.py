"""Admin for site administrators; querysets come from the scoped managers."""

from django.contrib import admin

from .models import (
    LogEntry,
    Pair,
    PairMember,
    PairStatusChange,
    Plan,
    PlanActivity,
    PlanTemplate,
    PlanTemplateActivity,
    Programme,
)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "form", "starts_on", "ends_on", "status"]
    list_filter = ["status", "form"]
    search_fields = ["title"]
    list_select_related = ["organisation"]
    raw_id_fields = ["organisation"]


class PairMemberInline(admin.TabularInline):
    model = PairMember
    extra = 0
    raw_id_fields = ["staff"]
    exclude = ["organisation"]


class PairStatusChangeInline(admin.TabularInline):
    model = PairStatusChange
    extra = 0
    can_delete = False
    readonly_fields = [
        "event",
        "from_status",
        "to_status",
        "reason",
        "old_end_on",
        "new_end_on",
        "changed_by",
        "changed_at",
    ]
    exclude = ["organisation"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "programme", "format", "status", "planned_end_on"]
    list_filter = ["status", "format", "model_element", "mentee_category"]
    list_select_related = ["organisation", "programme"]
    raw_id_fields = ["organisation", "programme", "created_by"]
    inlines = [PairMemberInline, PairStatusChangeInline]


class PlanActivityInline(admin.TabularInline):
    model = PlanActivity
    extra = 0
    fields = ["position", "direction", "title", "form", "planned_month", "due_on", "status"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    list_select_related = ["organisation", "mentee"]
    raw_id_fields = ["organisation", "pair", "mentee", "created_by"]
    inlines = [PlanActivityInline]


class PlanTemplateActivityInline(admin.TabularInline):
    model = PlanTemplateActivity
    extra = 0


@admin.register(PlanTemplate)
class PlanTemplateAdmin(admin.ModelAdmin):
    list_display = ["title", "code", "organisation", "municipality"]
    search_fields = ["title"]
    raw_id_fields = ["region", "municipality", "organisation", "created_by"]
    inlines = [PlanTemplateActivityInline]


@admin.register(LogEntry)
class LogEntryAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "pair", "kind", "happened_on"]
    list_filter = ["kind"]
    list_select_related = ["organisation", "pair"]
    raw_id_fields = ["organisation", "pair", "visitor", "visited", "activity", "created_by"]
