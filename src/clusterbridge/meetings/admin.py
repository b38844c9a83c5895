from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import HTTPS_URL_FORM_FIELDS
from clusterbridge.meetings.models import Invitation, Meeting

# What only meetings.services may change: each keeps the history, raises the calendar
# SEQUENCE and e-mails the invitees, which a plain admin save would skip.
SERVICE_FIELDS = ("programme", "pair", "starts_at", "duration_minutes", "status", "sequence")


class InvitationInline(admin.StackedInline):
    model = Invitation
    extra = 0
    raw_id_fields = ("person",)

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "programme", "kind", "starts_at", "duration_minutes", "status")
    list_filter = ("kind", "status", "programme")
    list_select_related = ("programme",)
    search_fields = ("title",)
    readonly_fields = (*SERVICE_FIELDS, "on_the_meeting_page")
    formfield_overrides = HTTPS_URL_FORM_FIELDS
    inlines = [InvitationInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Scheduling invites and e-mails people: the programme's meeting page does it.
        return False

    @admin.display(description=_("Time, status and invitees"))
    def on_the_meeting_page(self, meeting: Meeting) -> SafeString:
        url = reverse(
            "programmes:meeting_detail", kwargs={"slug": meeting.programme.slug, "pk": meeting.pk}
        )
        return format_html(
            '<a href="{}">{}</a>',
            url,
            _(
                "Change them on the meeting page: it keeps the history, updates the "
                "invitees' calendars and e-mails them."
            ),
        )
