from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.matching import texts
from clusterbridge.matching.models import (
    ConstraintKind,
    MatchingMode,
    MatchingSettings,
    Preferences,
    WishKind,
)
from clusterbridge.matching.scoring import CRITERIA, DEFAULT_WEIGHTS
from clusterbridge.matching.selectors import cohort_side
from clusterbridge.programmes.models import Participation, Programme, Role

LANGUAGE_LEVELS = [(1, "A1"), (2, "A2"), (3, "B1"), (4, "B2"), (5, "C1"), (6, _("C2 or native"))]


def _by_name(field: forms.Field) -> None:
    field.label_from_instance = lambda p: (  # type: ignore[attr-defined]
        f"{p.person.full_name} ({p.person.country})"
    )


class RunForm(Form):
    mode = forms.ChoiceField(label=_("Mode"), choices=MatchingMode.choices, initial="optimal")


class ConfirmForm(Form):
    run = forms.IntegerField(widget=forms.HiddenInput)


class SettingsForm(Form):
    cross_border = forms.BooleanField(
        label=_("Mentor and mentee from different countries"), required=False
    )
    eu_south_med = forms.BooleanField(
        label=_("One from the EU, the other from the South Mediterranean"), required=False
    )
    common_language = forms.BooleanField(
        label=_("At least one common working language"), required=False
    )
    min_language_level = forms.TypedChoiceField(
        label=_("Lowest level of the common language"), choices=LANGUAGE_LEVELS, coerce=int
    )
    different_organisation = forms.BooleanField(
        label=_("Never pair two people of one organisation"), required=False
    )
    honour_vetoes = forms.BooleanField(label=_("Honour participants' vetoes"), required=False)
    max_mentors_per_mentee = forms.TypedChoiceField(
        label=_("Mentors per mentee"),
        choices=[(1, _("One mentor")), (2, _("Up to two mentors (co-mentoring)"))],
        coerce=int,
    )
    default_capacity = forms.IntegerField(
        label=_("Mentees per mentor (default)"), min_value=1, max_value=20
    )
    stable_preferences = forms.ChoiceField(
        label=_("In stable mode, preferences follow"), choices=Preferences.choices
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in CRITERIA:
            self.fields[f"weight_{name}"] = forms.FloatField(
                label=texts.criterion_label(name),
                min_value=0,
                max_value=100,
                help_text=_("%(help)s Default: %(default)s.")
                % {"help": texts.CRITERIA_HELP[name], "default": DEFAULT_WEIGHTS[name]},
            )

    @classmethod
    def initial_for(cls, settings: MatchingSettings) -> dict[str, Any]:
        weights = {**DEFAULT_WEIGHTS, **(settings.weights or {})}
        initial: dict[str, Any] = {f"weight_{name}": weights[name] for name in CRITERIA}
        for name in (
            "cross_border",
            "eu_south_med",
            "common_language",
            "min_language_level",
            "different_organisation",
            "honour_vetoes",
            "max_mentors_per_mentee",
            "default_capacity",
            "stable_preferences",
        ):
            initial[name] = getattr(settings, name)
        return initial

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["weights"] = {name: data.pop(f"weight_{name}") for name in CRITERIA}
        return data


class ConstraintForm(Form):
    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=Participation.objects.none())
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Participation.objects.none())
    kind = forms.ChoiceField(label=_("Decision"), choices=ConstraintKind.choices)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Offer only this programme's people; the service still refuses anything else.
        self.fields["mentee"].queryset = cohort_side(programme, Role.MENTEE)  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = cohort_side(programme, Role.MENTOR)  # type: ignore[attr-defined]
        _by_name(self.fields["mentee"])
        _by_name(self.fields["mentor"])


class CapacityForm(Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Participation.objects.none())
    capacity = forms.IntegerField(label=_("Mentees"), min_value=0, max_value=20)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = cohort_side(programme, Role.MENTOR)  # type: ignore[attr-defined]
        _by_name(self.fields["mentor"])


class WhyNotForm(Form):
    mentee = forms.ModelChoiceField(label=_("Mentee"), queryset=Participation.objects.none())
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=Participation.objects.none())

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentee"].queryset = cohort_side(programme, Role.MENTEE)  # type: ignore[attr-defined]
        self.fields["mentor"].queryset = cohort_side(programme, Role.MENTOR)  # type: ignore[attr-defined]
        _by_name(self.fields["mentee"])
        _by_name(self.fields["mentor"])


class WishForm(Form):
    other = forms.ModelChoiceField(label=_("Person"), queryset=Participation.objects.none())
    kind = forms.ChoiceField(label=_("Wish or veto"), choices=WishKind.choices)
    rank = forms.IntegerField(
        label=_("Rank of the wish"),
        min_value=1,
        required=False,
        help_text=_("1 = first choice. Leave empty to add it last; not used for a veto."),
    )

    def __init__(self, *args: Any, participation: Participation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        other_side = Role.MENTOR if participation.role == Role.MENTEE else Role.MENTEE
        self.fields["other"].queryset = cohort_side(participation.programme, other_side)  # type: ignore[attr-defined]
        self.fields["other"].label = _("Mentor") if other_side == Role.MENTOR else _("Mentee")
        _by_name(self.fields["other"])
