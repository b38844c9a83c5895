"""Write services for countries, organisations and people. One transaction each."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.common import privacy
from clusterbridge.common.services import validate_time_zone
from clusterbridge.common.text import one_line
from clusterbridge.competences.models import CompetenceArea
from clusterbridge.competences.services import save_expertise
from clusterbridge.directory import photos
from clusterbridge.directory.models import (
    LISTED_VISIBILITIES,
    ConsentPurpose,
    ConsentRecord,
    Country,
    LanguageLevel,
    Organisation,
    OrganisationKind,
    OrganisationLabel,
    Person,
    PersonLanguage,
    Sector,
    Visibility,
)


def _normalise_email(email: str) -> str:
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(
            {"email": ValidationError(_("Enter a valid e-mail address."), code="invalid")}
        ) from None
    return email


def _ensure_email_free(email: str, *, except_pk: int | None = None) -> None:
    taken = Person.objects.filter(email__iexact=email)
    if except_pk is not None:
        taken = taken.exclude(pk=except_pk)
    if taken.exists():
        raise ValidationError(
            {
                "email": ValidationError(
                    _("Someone with the e-mail address %(email)s is already registered."),
                    code="duplicate",
                    params={"email": email},
                )
            }
        )


# Texts of one line: imports and the API reach the services without a form, so the services
# clean them too (common.text).
ONE_LINE_FIELDS = frozenset(
    {
        "name",
        "acronym",
        "city",
        "alternate_name",
        "arabic_name",
        "full_name",
        "position",
        "website",
        "email",
    }
)


def _cleaned(field: str, value: Any) -> Any:
    return one_line(value) if field in ONE_LINE_FIELDS and isinstance(value, str) else value


@transaction.atomic
def create_organisation(
    *,
    kind: str,
    name: str,
    country: Country,
    acronym: str = "",
    city: str = "",
    sectors: Iterable[Sector] = (),
    year_founded: int | None = None,
    member_count: int | None = None,
    website: str = "",
    description: str = "",
    alternate_name: str = "",
    public_listing: bool = False,
) -> Organisation:
    """Create an organisation. Side effects: none besides the rows written."""
    organisation = Organisation(
        alternate_name=one_line(alternate_name),
        public_listing=public_listing,
        kind=kind,
        name=one_line(name),
        acronym=one_line(acronym),
        country=country,
        city=one_line(city),
        year_founded=year_founded,
        member_count=member_count,
        website=website,
        description=description,
    )
    organisation.full_clean()
    organisation.save()
    organisation.sectors.set(list(sectors))
    return organisation


ORGANISATION_FIELDS = frozenset(
    {
        "kind",
        "name",
        "acronym",
        "country",
        "city",
        "year_founded",
        "member_count",
        "website",
        "description",
        "alternate_name",
        "public_listing",
    }
)


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, sectors: Iterable[Sector] | None = None, **changes: Any
) -> Organisation:
    """Change an organisation; empty texts and None leave the stored value as it is.

    Side effects: the sectors are replaced when given (a non-empty list).
    """
    unknown = set(changes) - ORGANISATION_FIELDS
    if unknown:
        raise TypeError(f"update_organisation() cannot change {sorted(unknown)}")
    for name, value in changes.items():
        if value not in ("", None):
            text = value.strip() if isinstance(value, str) else value
            setattr(organisation, name, _cleaned(name, text))
    organisation.full_clean()
    organisation.save()
    if sectors:
        organisation.sectors.set(list(sectors))
    return organisation


@transaction.atomic
def add_organisation_label(
    *, organisation: Organisation, kind: str, name: str = "", year: int | None = None
) -> OrganisationLabel:
    label = OrganisationLabel(organisation=organisation, kind=kind, name=name, year=year)
    label.full_clean()
    label.save()
    return label


@transaction.atomic
def create_person(
    *,
    full_name: str,
    email: str,
    country: Country,
    time_zone: str = "",
    organisation: Organisation | None = None,
    position: str = "",
    gender: str = "",
    bio: str = "",
    languages: dict[str, str] | None = None,
    directory_consent: bool = False,
    portfolio_consent: bool = False,
    visibility: str = "",
    alternate_name: str = "",
    emails_consent: bool = False,
) -> Person:
    """Register a person. The e-mail is unique whatever its case.

    An empty time zone takes the country's default. A public or community visibility is the
    directory consent; without a visibility, consent means community and no consent means
    programme only. Side effects: each consent given is stamped with the current time and gets
    a ConsentRecord.
    """
    visibility = visibility or (Visibility.COMMUNITY if directory_consent else Visibility.PROGRAMME)
    directory_consent = visibility in LISTED_VISIBILITIES
    email = _normalise_email(email)
    _ensure_email_free(email)
    zone = time_zone or country.default_time_zone
    validate_time_zone(zone)
    now = timezone.now()
    person = Person(
        full_name=one_line(full_name),
        alternate_name=one_line(alternate_name),
        email=email,
        visibility=visibility,
        country=country,
        time_zone=zone,
        organisation=organisation,
        position=one_line(position),
        gender=gender,
        bio=bio,
        directory_consent_at=now if directory_consent else None,
        portfolio_consent_at=now if portfolio_consent else None,
    )
    person.full_clean()
    person.save()
    for purpose, given in (
        (ConsentPurpose.DIRECTORY, directory_consent),
        (ConsentPurpose.PORTFOLIO, portfolio_consent),
        (ConsentPurpose.EMAILS, emails_consent),
    ):
        if given:
            _record_consent(person=person, purpose=purpose, given=True, now=now)
    if languages:
        set_person_languages(person=person, languages=languages)
    return person


def _record_consent(*, person: Person, purpose: str, given: bool, now: datetime) -> None:
    """Open a record when a consent is given, close the open one when it is withdrawn."""
    open_record = ConsentRecord.objects.filter(
        person=person, purpose=purpose, withdrawn_at__isnull=True
    ).first()
    if given and open_record is None:
        ConsentRecord.objects.create(person=person, purpose=purpose, given_at=now)
    elif not given and open_record is not None:
        open_record.withdrawn_at = now
        open_record.save(update_fields=["withdrawn_at"])


def has_consent(person: Person, purpose: str) -> bool:
    return person.consents.filter(purpose=purpose, withdrawn_at__isnull=True).exists()


UPDATABLE_PERSON_FIELDS = frozenset(
    {
        "full_name",
        "alternate_name",
        "arabic_name",
        "email",
        "organisation",
        "position",
        "country",
        "time_zone",
        "digits",
        "gender",
        "bio",
    }
)


@transaction.atomic
def update_person(
    *,
    person: Person,
    directory_consent: bool | None = None,
    portfolio_consent: bool | None = None,
    visibility: str | None = None,
    emails_consent: bool | None = None,
    **changes: Any,
) -> Person:
    """Change a person's profile; consents keep their original date while they stay given.

    Visibility and directory consent move together: choosing public or community gives the
    consent, programme only withdraws it; giving consent without a visibility means community.
    Side effects: a consent given or withdrawn opens or closes its ConsentRecord; a changed
    e-mail replaces the login's address (unverified).
    """
    unknown = set(changes) - UPDATABLE_PERSON_FIELDS
    if unknown:
        raise TypeError(f"update_person() cannot change {sorted(unknown)}")
    if "email" in changes:
        changes["email"] = _normalise_email(changes["email"])
        _ensure_email_free(changes["email"], except_pk=person.pk)
    if "time_zone" in changes:
        validate_time_zone(changes["time_zone"])
    for field, value in changes.items():
        setattr(person, field, _cleaned(field, value))
    now = timezone.now()
    if visibility is not None:
        person.visibility = visibility
        directory_consent = visibility in LISTED_VISIBILITIES
    elif directory_consent is not None:
        listed = person.visibility in LISTED_VISIBILITIES
        if directory_consent and not listed:
            person.visibility = Visibility.COMMUNITY
        elif not directory_consent:
            person.visibility = Visibility.PROGRAMME
    if directory_consent is not None:
        person.directory_consent_at = (
            (person.directory_consent_at or now) if directory_consent else None
        )
    if portfolio_consent is not None:
        person.portfolio_consent_at = (
            (person.portfolio_consent_at or now) if portfolio_consent else None
        )
    person.full_clean()
    person.save()
    for purpose, given in (
        (ConsentPurpose.DIRECTORY, directory_consent),
        (ConsentPurpose.PORTFOLIO, portfolio_consent),
        (ConsentPurpose.EMAILS, emails_consent),
    ):
        if given is not None:
            _record_consent(person=person, purpose=purpose, given=given, now=now)
    if person.user_id and "email" in changes:
        _sync_login_email(person)
    return person


@transaction.atomic
def create_login(
    *,
    person: Person,
    password: str | None,
    hashed_password: str = "",
    verified: bool = False,
    is_superuser: bool = False,
    language: str = "",
) -> User:
    """Give a person a login with their e-mail address.

    Side effects: creates the allauth e-mail record (verified only when the caller vouches for it,
    as the demo does), links the person to the user. A ``hashed_password`` (from
    ``make_password``) replaces ``password``: the demo's logins share one password, hashed once.
    """
    if person.user_id is not None:
        raise ValidationError(_("%(person)s already has a login."), params={"person": person})
    if User.objects.filter(email__iexact=person.email).exists():
        raise ValidationError(
            _("A login with the e-mail address %(email)s already exists."),
            params={"email": person.email},
        )
    names = person.full_name.split(" ", 1)
    user = User(
        email=person.email,
        first_name=names[0][:150],
        last_name=(names[1] if len(names) > 1 else "")[:150],
        is_superuser=is_superuser,
        is_staff=is_superuser,
        language=language,
    )
    if hashed_password:
        user.password = hashed_password
    else:
        user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=person.email, primary=True, verified=verified)
    person.user = user
    person.save(update_fields=["user"])
    return user


def _sync_login_email(person: Person) -> None:
    user = person.user
    assert user is not None
    user.email = person.email
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=person.email, primary=True, verified=False)


@transaction.atomic
def set_person_languages(*, person: Person, languages: dict[str, str]) -> None:
    """Replace a person's working languages, e.g. {"ar": "native", "fr": "C1"}."""
    valid_levels = set(LanguageLevel.values)
    for code, level in languages.items():
        if level not in valid_levels:
            raise ValidationError(
                {
                    "languages": ValidationError(
                        _("“%(level)s” is not a language level (A1–C2 or native)."),
                        params={"level": level},
                    )
                }
            )
        if not code.isalpha() or not 2 <= len(code) <= 3:
            raise ValidationError(
                {
                    "languages": ValidationError(
                        _("“%(code)s” is not a language code such as ar, fr or en."),
                        params={"code": code},
                    )
                }
            )
    person.languages.all().delete()
    PersonLanguage.objects.bulk_create(
        PersonLanguage(person=person, language=code.lower(), level=level)
        for code, level in languages.items()
    )


def placeholder_name(person: Person) -> str:
    return f"Former participant #{person.pk}"


def placeholder_email(person: Person) -> str:
    # .invalid is reserved (RFC 2606): no mail can ever be delivered there.
    return f"erased-{person.pk}@erased.invalid"


@transaction.atomic
def erase_person(*, person: Person) -> Person:
    """Anonymise a person everywhere, keeping what programme statistics count.

    Side effects: every model registered in common.privacy anonymises its rows (the login is
    deactivated, its e-mail addresses, second factors and sessions deleted, consents
    withdrawn, free text cleared); their audit entries lose their old values; the name and
    e-mail address are replaced in every text column of every table. The audit trail gets one
    entry saying the person was anonymised, without the old values.
    """
    if person.erased_at is not None:
        raise ValidationError(
            _("%(person)s has already been anonymised."), params={"person": person}
        )
    erasure = privacy.Erasure(
        person=person,
        name=person.full_name,
        alternate_name=person.alternate_name,
        email=person.email,
        placeholder_name=placeholder_name(person),
        placeholder_email=placeholder_email(person),
        user_id=person.user_id,
    )
    with disable_auditlog():
        privacy.erase(erasure)
    person.refresh_from_db()
    LogEntry.objects.log_create(
        person,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        changes={"erased_at": [None, person.erased_at.isoformat() if person.erased_at else None]},
    )
    return person


def _organisation_named(name: str, *, person: Person) -> Organisation | None:
    """The organisation of that name: the person's own if it is the one named, else one in the
    person's country first; None for no name.

    A name that no organisation has yet is a proposal: it is created at once, in the person's
    country, of kind "other" and not listed to visitors, so the person is linked to it today;
    managers correct it in the admin. No review queue: an organisation holds no personal data
    and a wrong one is fixed by renaming or merging.
    """
    name = one_line(name)
    if not name:
        return None
    current = person.organisation
    if current is not None and current.name.casefold() == name.casefold():
        return current
    named = Organisation.objects.filter(name__iexact=name)
    existing = named.filter(country=person.country).first() or named.order_by("pk").first()
    if existing is not None:
        return existing
    return create_organisation(kind=OrganisationKind.OTHER, name=name, country=person.country)


def _set_photo(person: Person, content: ContentFile[bytes] | None, *, remove: bool) -> None:
    if content is not None:
        person.photo.save(f"{uuid.uuid4().hex}.jpg", content, save=False)
    elif remove:
        person.photo = None


@transaction.atomic
def save_profile(
    *,
    person: Person,
    full_name: str,
    arabic_name: str,
    alternate_name: str,
    organisation_name: str,
    position: str,
    languages: dict[str, str],
    sectors: Iterable[Sector],
    time_zone: str,
    gender: str,
    bio: str,
    expertise: Mapping[CompetenceArea, int],
    photo: UploadedFile[bytes] | None = None,
    remove_photo: bool = False,
    programme_id: int | None = None,
    **own_choices: Any,
) -> Person:
    """Save the whole profile page: the person's fields, languages, sectors and expertise.

    ``own_choices`` are the choices only the person makes for themselves (visibility and
    consents, as update_person takes them); a manager's form has none. ``programme_id`` is the
    programme a manager edits through: the audit entry of the person carries it, so the change
    shows in that programme's trail. Side effects: a named organisation that does not exist
    is created (see _organisation_named); the photo is re-encoded (photos.reencode) and
    stored under MEDIA_ROOT, the previous file deleted once the transaction commits; the
    expertise rows are replaced.
    """
    validate_time_zone(time_zone)
    # Refused before anything is written; the new file is written only once it is known good.
    content = photos.reencode(photo) if photo is not None else None
    storage, old_photo = person.photo.storage, person.photo.name
    _set_photo(person, content, remove=remove_photo)
    person.audit_programme_id = programme_id
    try:
        update_person(
            person=person,
            full_name=full_name,
            arabic_name=arabic_name,
            alternate_name=alternate_name,
            organisation=_organisation_named(organisation_name, person=person),
            position=position,
            time_zone=time_zone,
            gender=gender,
            bio=bio,
            **own_choices,
        )
        set_person_languages(person=person, languages=languages)
        person.sectors.set(list(sectors))
        save_expertise(person_id=person.pk, levels=expertise)
    except BaseException:
        if content is not None and person.photo.name:
            storage.delete(person.photo.name)
        raise
    finally:
        # Only this save is the manager's edit through the programme.
        person.audit_programme_id = None
    if old_photo and old_photo != person.photo.name:
        transaction.on_commit(lambda: storage.delete(old_photo))
    return person
