from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterbridge.common import dates
from clusterbridge.common.forms import Form
from clusterbridge.common.services import known_time_zones
from clusterbridge.directory.models import Person
from clusterbridge.meetings import working_time
from clusterbridge.meetings.models import Attendance, Invitation, MeetingKind
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
                "time": dates.format_when(local),
                "zone": zone_name,
                "earlier": _with_offset(earlier, zone_name),
                "later": _with_offset(later, zone_name),
            },
        ) from None
    except working_time.NonexistentLocalTime:
        raise forms.ValidationError(
            _("%(time)s does not exist in %(zone)s (the clocks go forward): pick another time."),
            params={"time": dates.format_when(local), "zone": zone_name},
        ) from None


def _with_offset(moment: datetime, zone_name: str) -> str:
    """The wall time and its UTC offset: what tells the two 02:30s of the autumn night apart."""
    return f"{dates.in_zone(moment, zone_name, 'TIME_FORMAT')} UTC{moment:%z}"


def _zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone) for zone in sorted(known_time_zones())]


class WhenForm(Form):
    """A date, a start and an end time in a chosen zone; sets ``starts_at`` (UTC) and
    ``duration_minutes``."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("End time"), widget=forms.TimeInput(attrs={"type": "time"}))
    time_zone = forms.ChoiceField(label=_("Time zone of this date and time"))

    def __init__(self, *args: Any, viewer_zone: str = "UTC", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = _zone_choices()  # type: ignore[attr-defined]
        self.fields["time_zone"].initial = viewer_zone

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not all(cleaned.get(key) for key in ("date", "time", "end_time", "time_zone")):
            return cleaned
        if cleaned["end_time"] <= cleaned["time"]:
            self.add_error("end_time", _("The end is before the start."))
            return cleaned
        zone = cleaned["time_zone"]
        starts_at = local_to_utc(datetime.combine(cleaned["date"], cleaned["time"]), zone)
        ends_at = local_to_utc(datetime.combine(cleaned["date"], cleaned["end_time"]), zone)
        cleaned["starts_at"] = starts_at
        cleaned["duration_minutes"] = int((ends_at - starts_at).total_seconds() // 60)
        return cleaned


VIDEO_LINK_HELP = _(
    "Paste a link of any provider (Zoom, Teams, Webex…), starting with https://. Left empty, a "
    "meeting without a venue gets a video room of its own when the site generates them."
)


class MeetingForm(WhenForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    online_url = forms.URLField(
        label=_("Video link"),
        required=False,
        assume_scheme="https",
        help_text=VIDEO_LINK_HELP,
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    invitees = forms.ModelMultipleChoiceField(
        label=_("Invitees"), queryset=Person.objects.none(), required=False
    )
    confirm_overlap = forms.BooleanField(
        label=_("Schedule it anyway, despite the overlaps listed above"), required=False
    )

    field_order = ["kind", "title", "date", "time", "end_time", "time_zone"]

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitees"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(participations__programme=programme)
            .distinct()
            .order_by("full_name")
        )


class MeetingChangeForm(WhenForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    online_url = forms.URLField(
        label=_("Video link"), required=False, assume_scheme="https", help_text=VIDEO_LINK_HELP
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea)
    note = forms.CharField(
        label=_("Note for the history (why it changed)"), required=False, max_length=500
    )

    field_order = ["title", "date", "time", "end_time", "time_zone"]


def _programme_people(programme: Programme) -> Any:
    return (
        Person.objects.filter(participations__programme=programme).distinct().order_by("full_name")
    )


class InviteesForm(Form):
    invitees = forms.ModelMultipleChoiceField(
        label=_("Invitees"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "New invitees receive the invitation; people you untick receive a cancellation."
        ),
    )
    note = forms.CharField(
        label=_("Note for the history (why it changed)"), required=False, max_length=500
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitees"].queryset = _programme_people(programme)  # type: ignore[attr-defined]


class AttendanceForm(Form):
    """One attendance choice per invitation, named ``person_<id>``."""

    def __init__(self, *args: Any, invitations: list[Invitation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            self.fields[f"person_{invitation.person_id}"] = forms.ChoiceField(
                label=invitation.person.full_name,
                choices=Attendance.choices,
                initial=invitation.attendance,
            )

    def rows(self) -> list[tuple[Invitation, forms.BoundField]]:
        return [(i, self[f"person_{i.person_id}"]) for i in self.invitations]

    def attendance(self) -> dict[Person, str]:
        return {
            invitation.person: self.cleaned_data[f"person_{invitation.person_id}"]
            for invitation in self.invitations
        }


class CancelForm(Form):
    note = forms.CharField(label=_("Reason (kept in the history)"), required=False, max_length=500)


AUDIENCES = [
    ("all", _("Everyone in the programme")),
    ("mentors", _("All mentors")),
    ("mentees", _("All mentees")),
    ("chosen", _("The people chosen below")),
]


class SlotSearchForm(Form):
    audience = forms.ChoiceField(label=_("Who"), choices=AUDIENCES, initial="all")
    people = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=Person.objects.none(), required=False
    )
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=15, max_value=480, initial=60
    )
    starts_on = forms.DateField(
        label=_("From"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    days = forms.IntegerField(label=_("Days to search"), min_value=1, max_value=42, initial=14)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = (  # type: ignore[attr-defined]
            Person.objects.filter(participations__programme=programme)
            .distinct()
            .order_by("full_name")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("audience") == "chosen" and len(cleaned.get("people") or []) < 2:
            self.add_error("people", _("Choose at least two people."))
        return cleaned


class PlanForm(Form):
    bilateral_every_weeks = forms.IntegerField(
        label=_("A bilateral session per pair every N weeks"), min_value=1, max_value=12, initial=2
    )
    joint_duration_minutes = forms.IntegerField(
        label=_("Joint meeting duration (minutes)"), min_value=30, max_value=480, initial=90
    )
    bilateral_duration_minutes = forms.IntegerField(
        label=_("Bilateral session duration (minutes)"), min_value=15, max_value=240, initial=60
    )
    group_duration_minutes = forms.IntegerField(
        label=_("Group session duration (minutes)"), min_value=15, max_value=240, initial=60
    )
    days_after_joint = forms.IntegerField(
        label=_("Days between a joint meeting and other meetings"),
        help_text=_("0 allows bilateral and group sessions on the day of a joint meeting."),
        min_value=0,
        max_value=14,
        initial=1,
        required=False,
    )
    training_title = forms.CharField(label=_("Training (optional): title"), required=False)
    training_on = forms.DateField(
        label=_("Training date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_days_after_joint(self) -> int:
        """Left empty, the sensible default: joint meetings keep their day to themselves."""
        days: int | None = self.cleaned_data["days_after_joint"]
        return 1 if days is None else days

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("training_title") and not cleaned.get("training_on"):
            self.add_error("training_on", _("Give the training's date."))
        return cleaned


class ProposalForm(WhenForm):
    pass


WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]


class WeeklyWindowForm(Form):
    weekday = forms.TypedChoiceField(label=_("Day"), choices=WEEKDAYS, coerce=int)
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"}))


class AbsenceForm(Form):
    starts_on = forms.DateField(
        label=_("First day away"), widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label=_("Last day away"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def range_utc(self, zone: str) -> tuple[datetime, datetime]:
        """Whole local days in the person's zone, as a UTC range. Where a DST change skips
        midnight, the day starts at the first instant that exists."""
        tz = ZoneInfo(zone)
        first: date = self.cleaned_data["starts_on"]
        last: date = self.cleaned_data["ends_on"]
        start = datetime.combine(first, time(0), tzinfo=tz)
        end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
        return start.astimezone(ZoneInfo("UTC")), end.astimezone(ZoneInfo("UTC"))
