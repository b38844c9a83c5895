"""Forms on the competence framework. They only parse input; the services decide what is allowed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.forms import Form
from clusterbridge.competences.models import CompetenceArea
from clusterbridge.competences.reference import EXPERTISE_ANCHORS, LEVEL_ANCHORS


def _choices(anchors: dict[int, str]) -> list[tuple[str, Any]]:
    return [("", "—"), *((str(level), _(anchor)) for level, anchor in anchors.items())]


def level_choices() -> list[tuple[str, Any]]:
    """The cluster-maturity 1–5 scale, each level described by its anchor, after an empty
    choice: for rating a cluster (needs diagnosis, assessments)."""
    return _choices(LEVEL_ANCHORS)


def expertise_level_choices() -> list[tuple[str, Any]]:
    """The expertise 1–5 scale, for rating a person's own mastery of an area."""
    return _choices(EXPERTISE_ANCHORS)


class ExpertiseForm(Form):
    def __init__(self, *args: Any, areas: Iterable[CompetenceArea], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = list(areas)
        for area in self.areas:
            self.fields[f"area_{area.pk}"] = forms.TypedChoiceField(
                label=str(area), choices=expertise_level_choices(), coerce=int
            )

    def levels(self) -> dict[CompetenceArea, int]:
        return {area: self.cleaned_data[f"area_{area.pk}"] for area in self.areas}
