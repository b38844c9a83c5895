from django.contrib import admin

from clusterbridge.conversations.models import Conversation, Membership, ModerationLog


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ("person",)


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    """Conversations without their messages: what members write is theirs alone."""

    list_display = ("__str__", "kind", "programme", "message_count", "last_message_at")
    list_filter = ("kind",)
    readonly_fields = (
        "kind",
        "programme",
        "pair",
        "group_session",
        "message_count",
        "last_message_at",
    )
    inlines = (MembershipInline,)


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ("message", "action", "actor", "created_at")
    readonly_fields = ("message", "action", "actor", "note", "created_at")
