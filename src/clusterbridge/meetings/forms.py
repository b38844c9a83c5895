from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.services import known_time_zones
from clusterbridge.directory.models import Person
from clusterbridge.meetings import working_time
from clusterbridge.meetings.models import MeetingKind
from clusterbridge.programmes.models import Programme


def local_to_utc(local: datetime, zone_name: str) -> datetime:
    """Interpret a wall-clock time in a zone, refusing times a DST change skips or repeats."""
    try:
        return working_time.local_to_utc(local, zone_name)
    except working_time.AmbiguousLocalTime as error:
        earlier, later = (moment.astimezone(ZoneInfo(zone_name)) for moment in error.candidates)
        raise forms.ValidationError(
            _(
                "%(time)s occurs twice in %(zone)s (the clocks go back): it is either "
                "%(earlier)s or %(later)s. Pick a time outside that hour."
            ),
            params={
                "time": local.strftime("%Y-%m-%d %H:%M"),
                "zone": zone_name,
                "earlier": earlier.strftime("%H:%M UTC%z"),
                "later": later.strftime("%H:%M UTC%z"),
            },
        ) from None
    except working_time.NonexistentLocalTime:
        raise forms.ValidationError(
            _("%(time)s does not exist in %(zone)s (the clocks go forward): pick another time."),
            params={"time": local.strftime("%Y-%m-%d %H:%M"), "zone": zone_name},
        ) from None


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(label=_("Time zone of this date and time"))
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=5, max_value=24 * 60, initial=60
    )
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    invitees = forms.ModelMultipleChoiceField(
        label=_("Invitees"), queryset=Person.objects.none(), required=False
    )

    def __init__(self, *args: Any, programme: Programme, viewer_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [(z, z) for z in sorted(known_time_zones())]  # type: ignore[attr-defined]
        self.fields["time_zone"].initial = viewer_zone
        self.fields["invitees"].queryset = Person.objects.filter(  # type: ignore[attr-defined]
            participations__programme=programme
        ).distinct()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if all(cleaned.get(key) for key in ("date", "time", "time_zone")):
            local = datetime.combine(cleaned["date"], cleaned["time"])
            cleaned["starts_at"] = local_to_utc(local, cleaned["time_zone"])
        return cleaned
