from django.contrib import admin
from django.http import HttpRequest

from clusterbridge.community.models import (
    Collaboration,
    Interest,
    ModerationLog,
    Notification,
    Opportunity,
)


@admin.register(Opportunity)
class OpportunityAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "author", "deadline", "created_at", "hidden_at"]
    list_filter = ["kind", "hidden_at"]
    search_fields = ["title", "author__full_name"]
    raw_id_fields = ["author"]
    # Hiding goes through the moderation services so that it is logged.
    readonly_fields = ["hidden_at"]


@admin.register(Interest)
class InterestAdmin(admin.ModelAdmin):
    list_display = ["opportunity", "person", "created_at", "answered_at"]
    raw_id_fields = ["opportunity", "person"]


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "opportunity", "actor"]
    list_filter = ["action"]

    def has_change_permission(self, request: HttpRequest, obj: ModerationLog | None = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "message", "read_at"]
    raw_id_fields = ["recipient"]


@admin.register(Collaboration)
class CollaborationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "organisation_a", "organisation_b", "started_on"]
    list_filter = ["kind"]
    raw_id_fields = ["organisation_a", "organisation_b", "recorded_by"]
