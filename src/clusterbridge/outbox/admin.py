"""Every outgoing e-mail for the site admins, mail to people of no programme included (account
mail): read only, since a message is what was sent; failed ones can be tried again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from clusterbridge.accounts.models import User
from clusterbridge.outbox.models import OutboxMessage
from clusterbridge.outbox.services import retry_message


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ("created_at", "subject", "to", "status", "attempts", "next_attempt_at")
    list_filter = ("status",)
    search_fields = ("subject", "recipients__address", "message_id")
    date_hierarchy = "created_at"
    exclude = ("attachments", "alternatives")
    actions = ("retry",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Try the selected e-mails again now"))
    def retry(self, request: HttpRequest, queryset: QuerySet[OutboxMessage]) -> None:
        by = request.user if isinstance(request.user, User) else None
        retried = sum(retry_message(message=message, by=by) for message in queryset)
        messages.success(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", retried)
            % {"count": retried},
        )
