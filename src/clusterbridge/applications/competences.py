"""The competence framework as this app uses it: the one place that names where it lives."""

from clusterbridge.competences.models import CompetenceArea
from clusterbridge.competences.services import replace_needs, save_expertise

__all__ = ["CompetenceArea", "replace_needs", "save_expertise"]
