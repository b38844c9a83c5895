"""Countries, organisations and people: who takes part, from where, with what."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from clusterbridge.common.dates import Digits
from clusterbridge.common.services import time_zone_validator
from clusterbridge.directory import search, world


class Region(models.TextChoices):
    EU = "eu", _("European Union")
    SOUTH_MED = "south_med", _("South Mediterranean")
    OTHER = "other", _("Other")


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=80)
    region = models.CharField(_("region"), max_length=12, choices=Region.choices)
    default_time_zone = models.CharField(
        _("default time zone"), max_length=64, validators=[time_zone_validator]
    )
    # Python weekday numbers, Monday = 0: Fri–Sat is [4, 5], Sat–Sun is [5, 6].
    weekend_days = models.JSONField(_("weekend days"), default=list)
    languages = models.JSONField(_("languages"), default=list)
    clustering_framework = models.TextField(_("clustering framework"), blank=True)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self) -> str:
        # The reference countries' names are in our catalogues ("Palestine" rather than CLDR's
        # "Palestinian Territories"); every other country is named by CLDR in the viewer's language.
        language = get_language() or settings.LANGUAGE_CODE
        translated = gettext(self.name)
        if translated != self.name or language.startswith("en"):
            return translated
        return world.territory_name(self.code, language) or self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:country", args=[self.code])

    @property
    def weekend_label(self) -> str:
        names = {
            (4, 5): _("Friday–Saturday"),
            (5, 6): _("Saturday–Sunday"),
            (4,): _("Friday"),
            (6,): _("Sunday"),
        }
        label = names.get(tuple(sorted(self.weekend_days)))
        return str(label) if label else ", ".join(str(day) for day in self.weekend_days)


class Sector(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["name"]

    def __str__(self) -> str:
        return gettext(self.name)


class OrganisationKind(models.TextChoices):
    CLUSTER = "cluster", _("Cluster")
    COMPETITIVENESS_POLE = "competitiveness_pole", _("Competitiveness pole")
    TECHNOPOLE = "technopole", _("Technopole")
    ASSOCIATION = "association", _("Association")
    AGENCY = "agency", _("Agency")
    FUNDER = "funder", _("Funder")
    COMPANY = "company", _("Company")
    OTHER = "other", _("Other")


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=24, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("country")
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="organisations", verbose_name=_("sectors")
    )
    year_founded = models.PositiveSmallIntegerField(_("year founded"), null=True, blank=True)
    member_count = models.PositiveIntegerField(_("number of members"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    alternate_name = models.CharField(
        _("name in another script"),
        max_length=200,
        blank=True,
        help_text=_("For example the organisation's name in Arabic."),
    )
    # Opt-in: only listed organisations appear to visitors who are not signed in.
    public_listing = models.BooleanField(_("listed publicly"), default=False)
    # Normalised name, acronym and city (directory.search.normalise), kept by save().
    search_text = models.TextField(_("search text"), blank=True, editable=False)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"), "country", name="organisation_name_unique_per_country"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search.search_text(
            self.name, self.acronym, self.alternate_name, self.city
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", args=[self.pk])


class LabelKind(models.TextChoices):
    NATIONAL = "national", _("National cluster label")
    ECEI_BRONZE = "ecei_bronze", _("European Cluster Excellence Initiative – Bronze")
    ECEI_SILVER = "ecei_silver", _("European Cluster Excellence Initiative – Silver")
    ECEI_GOLD = "ecei_gold", _("European Cluster Excellence Initiative – Gold")
    OTHER = "other", _("Other label")


class OrganisationLabel(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="labels",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=LabelKind.choices)
    name = models.CharField(_("name"), max_length=120, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)

    class Meta:
        verbose_name = _("label")
        verbose_name_plural = _("labels")
        ordering = ["-year"]

    def __str__(self) -> str:
        label = self.name or self.get_kind_display()
        return f"{label} {self.year}" if self.year else str(label)


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    PREFER_NOT_TO_SAY = "prefer_not_to_say", _("Prefer not to say")


class Visibility(models.TextChoices):
    """Who may open a profile. Public and community profiles are listed in the directory."""

    PUBLIC = "public", _("Public: anyone, also without signing in")
    COMMUNITY = "community", _("Community: every signed-in member")
    PROGRAMME = "programme", _("Programme only: my programmes' participants and managers")


LISTED_VISIBILITIES = (Visibility.PUBLIC, Visibility.COMMUNITY)


def _is_arabic_letter(char: str) -> bool:
    return "\u0600" <= char <= "\u06ff" or "\u0750" <= char <= "\u077f"


def validate_arabic_name(value: str) -> None:
    latin = any(char.isascii() and char.isalpha() for char in value)
    if latin or not any(_is_arabic_letter(char) for char in value):
        raise ValidationError(_("Write this name in Arabic letters, or leave it empty."))


class Person(models.Model):
    full_name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(
        _("name in another script"),
        max_length=200,
        blank=True,
        help_text=_("For example your name in Arabic or in Latin letters."),
    )
    # Certificates and Arabic pages print the name in the script its owner writes it in.
    arabic_name = models.CharField(
        _("name in Arabic script"), max_length=200, blank=True, validators=[validate_arabic_name]
    )
    email = models.EmailField(_("e-mail address"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    position = models.CharField(_("position"), max_length=120, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="people", verbose_name=_("country")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, validators=[time_zone_validator])
    # How dates and times are written for this person on pages and in their e-mails.
    digits = models.CharField(
        _("digits"), max_length=8, choices=Digits.choices, blank=True, default=Digits.AUTOMATIC
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    bio = models.TextField(_("short bio"), blank=True)
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="people", verbose_name=_("sectors")
    )
    # Always a JPEG re-encoded by directory.photos (no metadata), served through a view that
    # applies the profile's visibility, never straight from MEDIA_ROOT.
    photo = models.ImageField(_("photo"), upload_to="people/", blank=True)
    directory_consent_at = models.DateTimeField(
        _("consented to the community directory on"), null=True, blank=True
    )
    portfolio_consent_at = models.DateTimeField(
        _("consented to the portfolio on"), null=True, blank=True
    )
    # Kept in step with directory_consent_at by the services: a consent to the directory is a
    # public or community visibility; withdrawing it means programme only.
    visibility = models.CharField(
        _("profile visibility"),
        max_length=12,
        choices=Visibility.choices,
        default=Visibility.PROGRAMME,
    )
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set when the person was anonymised (on request or by the retention command).
    erased_at = models.DateTimeField(_("anonymised on"), null=True, blank=True, editable=False)

    # Not a column: set by services.save_profile for the audit entry of one save.
    audit_programme_id: int | None = None

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(Lower("email"), name="person_email_unique_ci")]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search.search_text(self.full_name, self.alternate_name, self.position)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:person", args=[self.pk])

    def get_additional_data(self) -> dict[str, int] | None:
        """Tags the audit entry of a manager's edit with the programme it was made through,
        so the change appears in that programme's trail."""
        if self.audit_programme_id is None:
            return None
        return {"programme": self.audit_programme_id}


class LanguageLevel(models.TextChoices):
    A1 = "A1", _("A1 – beginner")
    A2 = "A2", _("A2 – elementary")
    B1 = "B1", _("B1 – intermediate")
    B2 = "B2", _("B2 – upper intermediate")
    C1 = "C1", _("C1 – advanced")
    C2 = "C2", _("C2 – proficient")
    NATIVE = "native", _("Native")


# Matching scores language ability numerically; the order follows the CEFR scale.
LANGUAGE_LEVEL_RANK = {level.value: rank for rank, level in enumerate(LanguageLevel, start=1)}


class PersonLanguage(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="languages", verbose_name=_("person")
    )
    language = models.CharField(_("language"), max_length=8)
    level = models.CharField(_("level"), max_length=8, choices=LanguageLevel.choices)

    class Meta:
        verbose_name = _("working language")
        verbose_name_plural = _("working languages")
        constraints = [
            models.UniqueConstraint(fields=["person", "language"], name="person_language_once")
        ]

    def __str__(self) -> str:
        return f"{self.language} ({self.level})"


class ConsentPurpose(models.TextChoices):
    DIRECTORY = "directory", _("Listed in the community directory")
    PORTFOLIO = "portfolio", _("Included in the programme portfolio")
    # Only news and community notifications: the mail needed to take part in a programme is
    # sent without it (directory/mailing.py).
    EMAILS = "emails", _("News and community notifications by e-mail")


class ConsentRecord(models.Model):
    """One consent given, and its withdrawal: the history a data-protection officer asks for."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=12, choices=ConsentPurpose.choices)
    given_at = models.DateTimeField(_("given on"))
    withdrawn_at = models.DateTimeField(_("withdrawn on"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_open_consent_per_purpose",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_purpose_display()}"
