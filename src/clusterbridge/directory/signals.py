"""Receivers: the cached drop-down lists of the reference tables go when one of their rows does."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from clusterbridge.competences.models import CompetenceArea
from clusterbridge.directory.choices import forget_reference_choices
from clusterbridge.directory.models import Country, Sector

for model in (Country, Sector, CompetenceArea):
    post_save.connect(forget_reference_choices, sender=model, weak=False)
    post_delete.connect(forget_reference_choices, sender=model, weak=False)
