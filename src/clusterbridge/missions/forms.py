from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.common.services import known_time_zones
from clusterbridge.meetings.forms import local_to_utc
from clusterbridge.missions.models import Mission


class MissionForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(
        label=_("First slot starts at"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    time_zone = forms.ChoiceField(label=_("Time zone of the event"))
    slot_minutes = forms.IntegerField(
        label=_("Slot length (minutes)"), min_value=5, max_value=240, initial=30
    )
    slot_count = forms.IntegerField(
        label=_("Number of slots"), min_value=1, max_value=96, initial=16
    )
    table_count = forms.IntegerField(label=_("Number of tables"), min_value=1, initial=50)

    def __init__(self, *args: Any, viewer_zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(z, z) for z in sorted(known_time_zones())]  # type: ignore[attr-defined]
        self.fields["time_zone"].initial = viewer_zone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if all(cleaned.get(key) for key in ("date", "time", "time_zone")):
            local = datetime.combine(cleaned["date"], cleaned["time"])
            cleaned["starts_at"] = local_to_utc(local, cleaned["time_zone"])
        return cleaned


class JoinForm(Form):
    offer = forms.CharField(label=_("What I offer"), required=False, widget=forms.Textarea)
    seek = forms.CharField(label=_("What I seek"), required=False, widget=forms.Textarea)
    absent_slots = forms.TypedMultipleChoiceField(
        label=_("Slots I cannot attend"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, mission: Mission, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        zone = timezone.get_current_timezone()
        self.fields["absent_slots"].choices = [  # type: ignore[attr-defined]
            (slot, formats.time_format(start.astimezone(zone), "TIME_FORMAT"))
            for slot, start in enumerate(mission.slot_starts())
        ]


class RequestForm(Form):
    message = forms.CharField(label=_("Message"), required=False, max_length=1000)
