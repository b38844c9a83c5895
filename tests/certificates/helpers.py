"""A closed programme "reloaded": Marc and Amina completed, Paola and Karim ended early."""

from __future__ import annotations

from clusterbridge.certificates import services
from clusterbridge.certificates.models import Certificate
from clusterbridge.programmes import services as programmes
from tests.conftest import World


def close_reloaded(world: World) -> None:
    programmes.close_pairs(programme=world.reloaded, pairs=[world.pair], outcome="completed")
    programmes.close_pairs(
        programme=world.reloaded,
        pairs=[world.second_pair],
        outcome="ended",
        reason="Karim changed jobs",
    )
    services.close_programme(programme=world.reloaded)
    world.reloaded.refresh_from_db()


def certificate_of(world: World, name: str) -> Certificate:
    if not Certificate.objects.exists():
        services.issue_certificates(programme=world.reloaded, issued_by=None)
    return Certificate.objects.get(participation__person=world.people[name])
