from django.contrib import admin

from clusterbridge.common.forms import HTTPS_URL_FORM_FIELDS
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
    formfield_overrides = HTTPS_URL_FORM_FIELDS
    inlines = [InvitationInline]
