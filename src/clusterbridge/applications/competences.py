"""The competence framework as this app sees it: the one place that names where it lives."""

from clusterbridge.journeys.models import CompetenceArea, CompetenceKind, PersonCompetence

__all__ = ["CompetenceArea", "CompetenceKind", "PersonCompetence"]
