from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from clusterbridge.common.forms import ModelForm
from clusterbridge.programmes.models import (
    OperatorStaff,
    Pair,
    Participation,
    Programme,
    ProgrammeFunder,
    Track,
)
from clusterbridge.programmes.services import _validate_pair, check_staff_member


@admin.register(Track)
class TrackAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "community")
    prepopulated_fields = {"slug": ("name",)}


class FunderInline(admin.StackedInline):
    model = ProgrammeFunder
    extra = 0
    raw_id_fields = ("organisation",)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "status", "starts_on", "ends_on", "operator")
    list_filter = ("status", "kind", "modality")
    list_select_related = ("operator",)
    search_fields = ("name", "slug")
    # The lifecycle moves only through services.change_status, which refuses illegal jumps.
    readonly_fields = ("status",)
    raw_id_fields = ("operator", "initiator")
    inlines = [FunderInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ("person", "programme", "role", "status")
    list_filter = ("role", "status", "programme")
    list_select_related = ("person", "programme")
    search_fields = ("person__full_name", "person__email")
    raw_id_fields = ("person",)


@admin.register(Pair)
class PairAdmin(admin.ModelAdmin):
    list_display = ("__str__", "programme", "status", "score")
    list_filter = ("status", "programme")
    list_select_related = ("mentor__person", "mentee__person", "programme")
    raw_id_fields = ("mentor", "mentee", "created_by")
    readonly_fields = ("created_by", "created_at")

    def save_model(self, request: HttpRequest, obj: Pair, form: Any, change: bool) -> None:
        if not change:
            _validate_pair(obj.programme, obj.mentor, obj.mentee)
            obj.created_by = request.user  # type: ignore[assignment]
        super().save_model(request, obj, form, change)


class OperatorStaffForm(ModelForm):
    class Meta:
        model = OperatorStaff
        fields = ("operator", "person")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The service's refusals, so the admin refuses what the site admins' page refuses.
        if not self.errors and self.instance.pk is None:
            check_staff_member(operator=data["operator"], person=data["person"])
        return data


@admin.register(OperatorStaff)
class OperatorStaffAdmin(admin.ModelAdmin):
    form = OperatorStaffForm
    list_display = ("person", "operator", "added_at")
    list_select_related = ("person", "operator")
    search_fields = ("person__full_name", "person__email", "operator__name")
    raw_id_fields = ("person", "operator")
