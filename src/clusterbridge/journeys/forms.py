"""Forms of the learning journey. They only parse input; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.competences.forms import level_choices
from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator
from clusterbridge.directory.models import Organisation, Person
from clusterbridge.journeys.models import (
    CollaborationKind,
    GoalStatus,
    SessionKind,
    SurveyKind,
)
from clusterbridge.journeys.services import ActionInput
from clusterbridge.meetings.models import Meeting
from clusterbridge.programmes.models import Pair

DATE = forms.DateInput(attrs={"type": "date"})
ACTION_ROWS = 3
MILESTONE_ROWS = 3


def _score_choices() -> list[tuple[str, Any]]:
    labels = {
        1: _("1 – Not at all"),
        2: _("2 – A little"),
        3: _("3 – Moderately"),
        4: _("4 – Very"),
        5: _("5 – Extremely"),
    }
    return [("", "—"), *((str(k), v) for k, v in labels.items())]


class RatingsForm(Form):
    """One 1–5 choice per indicator, each level described by its anchor."""

    def __init__(
        self, *args: Any, indicators: Iterable[CompetenceIndicator], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"indicator_{indicator.pk}"] = forms.TypedChoiceField(
                label=f"{indicator.area} – {indicator}",
                choices=level_choices(),
                coerce=int,
            )

    def ratings(self) -> dict[CompetenceIndicator, int]:
        """The answers given; the service refuses what is missing or out of scale."""
        values = {}
        for indicator in self.indicators:
            value = self.cleaned_data.get(f"indicator_{indicator.pk}")
            if value is not None:
                values[indicator] = value
        return values


class DiagnosisForm(RatingsForm):
    top_needs = forms.ModelMultipleChoiceField(
        label=_("Your top needs (one to three areas)"),
        queryset=CompetenceArea.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )


class AgreementForm(Form):
    goals = forms.CharField(label=_("Goals"), widget=forms.Textarea(attrs={"rows": 4}))
    rhythm = forms.CharField(
        label=_("Rhythm"), max_length=200, help_text=_("e.g. one bilateral session a month")
    )
    channel = forms.CharField(
        label=_("Channel"), max_length=200, help_text=_("e.g. video call, e-mail between sessions")
    )
    confidentiality = forms.CharField(
        label=_("Confidentiality"),
        widget=forms.Textarea(attrs={"rows": 3}),
        initial=_("What we say in our sessions stays between us unless we both agree otherwise."),
    )


class GoalForm(Form):
    area = forms.ModelChoiceField(label=_("Competence area"), queryset=CompetenceArea.objects.all())
    title = forms.CharField(label=_("Goal"), max_length=200, help_text=_("Specific and achievable"))
    measure = forms.CharField(
        label=_("Measure of success"), max_length=300, help_text=_("How you will know it is done")
    )
    due_on = forms.DateField(label=_("Due date"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, MILESTONE_ROWS + 1):
            self.fields[f"milestone_{row}"] = forms.CharField(
                label=_("Milestone %(number)s") % {"number": row}, max_length=200, required=False
            )
            self.fields[f"milestone_{row}_due"] = forms.DateField(
                label=_("Milestone %(number)s: due date") % {"number": row},
                widget=DATE,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, MILESTONE_ROWS + 1):
            if data.get(f"milestone_{row}") and not data.get(f"milestone_{row}_due"):
                self.add_error(f"milestone_{row}_due", _("Give the milestone a due date."))
        return data

    def milestones(self) -> list[tuple[str, date]]:
        data = self.cleaned_data
        return [
            (data[f"milestone_{row}"], data[f"milestone_{row}_due"])
            for row in range(1, MILESTONE_ROWS + 1)
            if data.get(f"milestone_{row}")
        ]


class GoalEditForm(Form):
    """Every SMART field of an existing goal and its status; milestones are added apart."""

    area = GoalForm.base_fields["area"]
    title = GoalForm.base_fields["title"]
    measure = GoalForm.base_fields["measure"]
    due_on = GoalForm.base_fields["due_on"]
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class MilestoneForm(Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due date"), widget=DATE)


class GoalStatusForm(Form):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class SessionLogForm(Form):
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    held_on = forms.DateField(label=_("Date"), widget=DATE)
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=720)
    topics = forms.CharField(label=_("Topics"), max_length=300)
    shared_notes = forms.CharField(
        label=_("Shared notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visible to your mentor or mentee, not to the programme managers."),
    )
    private_note = forms.CharField(
        label=_("Private note"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you will ever see it."),
    )

    def __init__(self, *args: Any, members: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = {str(person.pk): person for person in members}
        owners = [("", "—"), *((str(p.pk), p.full_name) for p in members)]
        for row in range(1, ACTION_ROWS + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=_("Agreed action %(number)s") % {"number": row},
                max_length=300,
                required=False,
            )
            self.fields[f"action_{row}_owner"] = forms.ChoiceField(
                label=_("Agreed action %(number)s: owner") % {"number": row},
                choices=owners,
                required=False,
            )
            self.fields[f"action_{row}_due"] = forms.DateField(
                label=_("Agreed action %(number)s: due date") % {"number": row},
                widget=DATE,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for row in range(1, ACTION_ROWS + 1):
            if data.get(f"action_{row}") and not data.get(f"action_{row}_owner"):
                self.add_error(f"action_{row}_owner", _("Who will do it?"))
        return data

    def actions(self) -> list[ActionInput]:
        data = self.cleaned_data
        return [
            ActionInput(
                description=data[f"action_{row}"],
                owner=self.members[data[f"action_{row}_owner"]],
                due_on=data.get(f"action_{row}_due"),
            )
            for row in range(1, ACTION_ROWS + 1)
            if data.get(f"action_{row}")
        ]


class PairChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.mentee.person.full_name} – {obj.mentor.person.full_name}"


class GroupSessionForm(Form):
    pairs = PairChoiceField(
        label=_("Pairs who took part"),
        queryset=Pair.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The session is logged in the journey of each of these pairs."),
    )
    held_on = SessionLogForm.base_fields["held_on"]
    duration_minutes = SessionLogForm.base_fields["duration_minutes"]
    topics = SessionLogForm.base_fields["topics"]
    shared_notes = forms.CharField(
        label=_("Shared notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Visible to the mentors and mentees of these pairs, not to the managers."),
    )
    private_note = SessionLogForm.base_fields["private_note"]

    def __init__(self, *args: Any, pairs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pairs"].queryset = pairs  # type: ignore[attr-defined]


class SurveyForm(Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=SurveyKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    meeting = forms.ModelChoiceField(
        label=_("Joint meeting"), queryset=Meeting.objects.none(), required=False
    )

    def __init__(self, *args: Any, programme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = programme.meetings.filter(  # type: ignore[attr-defined]
            kind="joint_meeting"
        ).order_by("starts_at")


class SurveyAnswerForm(Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you?"), choices=_score_choices, coerce=int
    )
    usefulness = forms.TypedChoiceField(
        label=_("How useful was it for your work?"), choices=_score_choices, coerce=int
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Anonymous: managers see all answers together, never who gave which."),
    )


class ServiceForm(Form):
    title = forms.CharField(label=_("Service"), max_length=200)
    is_new = forms.TypedChoiceField(
        label=_("New or improved"),
        choices=[("1", _("A new service")), ("0", _("An improved service"))],
        coerce=lambda value: value == "1",
    )
    launched_on = forms.DateField(label=_("Launched on"), widget=DATE)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CollaborationForm(Form):
    title = forms.CharField(label=_("Collaboration"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=CollaborationKind.choices)
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.select_related("country").order_by("name"),
        help_text=_("Their countries decide whether it is national, regional or international."),
    )
    started_on = forms.DateField(label=_("Started on"), widget=DATE)

    def service_arguments(self) -> dict[str, Any]:
        """The arguments of `report_collaboration` and `update_collaboration`."""
        return {**self.cleaned_data, "partners": list(self.cleaned_data["partners"])}
