from django.contrib import admin

from clusterbridge.matching.models import (
    MatchingRun,
    MatchingSettings,
    MatchingWish,
    MentorCapacity,
    PairConstraint,
)


@admin.register(MatchingSettings)
class MatchingSettingsAdmin(admin.ModelAdmin):
    list_display = ("programme", "cross_border", "common_language", "max_mentors_per_mentee")
    search_fields = ("programme__name",)


@admin.register(MentorCapacity)
class MentorCapacityAdmin(admin.ModelAdmin):
    list_display = ("mentor", "capacity")
    list_select_related = ("mentor__person", "mentor__programme")
    search_fields = ("mentor__person__full_name",)
    raw_id_fields = ("mentor",)


@admin.register(PairConstraint)
class PairConstraintAdmin(admin.ModelAdmin):
    list_display = ("programme", "mentee", "mentor", "kind", "created_at")
    list_filter = ("kind",)
    list_select_related = (
        "programme",
        "mentee__person",
        "mentor__person",
        "mentee__programme",
        "mentor__programme",
    )
    search_fields = ("mentee__person__full_name", "mentor__person__full_name")
    raw_id_fields = ("mentee", "mentor")


@admin.register(MatchingWish)
class MatchingWishAdmin(admin.ModelAdmin):
    list_display = ("participation", "other", "kind", "rank")
    list_filter = ("kind",)
    search_fields = ("participation__person__full_name", "other__person__full_name")
    raw_id_fields = ("participation", "other")


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    list_display = ("programme", "mode", "created_at", "matched_mentees", "total_score")
    list_filter = ("mode",)
    list_select_related = ("programme",)
    search_fields = ("programme__name",)
