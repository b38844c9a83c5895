from django.contrib import admin

from clusterbridge.meetings.models import Invitation, Meeting


class InvitationInline(admin.StackedInline):
    model = Invitation
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "kind", "starts_at", "duration_minutes", "status")
    list_filter = ("kind", "status", "programme")
    list_select_related = ("programme",)
    search_fields = ("title",)
    raw_id_fields = ("pair",)
    inlines = [InvitationInline]
