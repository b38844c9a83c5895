"""Personal data in competences: a person's expertise and needs."""

from __future__ import annotations

from clusterbridge.common import privacy
from clusterbridge.competences.models import PersonCompetence

privacy.register(
    PersonCompetence,
    rows=lambda person: PersonCompetence.objects.filter(person=person),
    kept_because="competence levels feed the impact statistics and identify nobody once the "
    "name is gone",
)
for label in ("CompetenceArea", "CompetenceIndicator"):
    privacy.not_personal(f"competences.{label}", reason="the competence framework")
