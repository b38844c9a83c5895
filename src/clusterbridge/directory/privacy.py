"""Personal data in the directory: the person, their languages, their consents."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from clusterbridge.common import privacy
from clusterbridge.directory.models import ConsentRecord, Person, PersonLanguage


def _anonymise_person(rows: QuerySet[Person], erasure: privacy.Erasure) -> None:
    for person in rows:
        person.full_name = erasure.placeholder_name
        person.alternate_name = ""
        person.arabic_name = ""
        if person.photo:
            person.photo.delete(save=False)
        person.sectors.clear()
        person.email = erasure.placeholder_email
        person.position = ""
        person.gender = ""
        person.bio = ""
        person.directory_consent_at = None
        person.portfolio_consent_at = None
        person.erased_at = timezone.now()
        # Through save(), which rebuilds the derived search text from the cleared fields: an
        # update() would leave the old name searchable.
        person.save()


def _withdraw_consents(rows: QuerySet[ConsentRecord], erasure: privacy.Erasure) -> None:
    rows.filter(withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())


def _of(model: Any) -> Any:
    return lambda person: model.objects.filter(person=person)


privacy.register(
    Person, rows=lambda person: Person.objects.filter(pk=person.pk), anonymise=_anonymise_person
)
privacy.register(
    PersonLanguage,
    rows=_of(PersonLanguage),
    kept_because="language levels identify nobody once the name is gone and feed the "
    "matching statistics",
)
privacy.register(ConsentRecord, rows=_of(ConsentRecord), anonymise=_withdraw_consents)
for label in ("Country", "Sector"):
    privacy.not_personal(f"directory.{label}", reason="reference data")
privacy.not_personal(
    "directory.Organisation", reason="organisations are legal entities; people are linked to them"
)
privacy.not_personal("directory.OrganisationLabel", reason="labels of organisations")
