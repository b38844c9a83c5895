"""The demo programme: THE NEXT SOCIETY's "Cluster Mentoring Reloaded" (2021), rebuilt through
the same services the pages use.

Organisations, countries, dates and figures come from the press release. Every person, and every
mentor organisation, is invented; pages say so while demo data is present.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from clusterbridge.accounts.models import User
from clusterbridge.applications.services import closed_reason
from clusterbridge.certificates import selectors as certificates_selectors
from clusterbridge.certificates import services as certificates
from clusterbridge.community import services as community
from clusterbridge.community.models import OpportunityKind
from clusterbridge.competences import services as competences
from clusterbridge.competences.models import CompetenceArea, CompetenceKind
from clusterbridge.demo import live
from clusterbridge.demo.journeys import build_journeys
from clusterbridge.directory import services as directory
from clusterbridge.directory.models import Country, Organisation, Person, Sector
from clusterbridge.journeys.models import CollaborationKind
from clusterbridge.matching import services as matching
from clusterbridge.meetings.models import MeetingKind
from clusterbridge.meetings.services import create_meeting
from clusterbridge.missions import services as missions
from clusterbridge.programmes import services
from clusterbridge.programmes.models import (
    Pair,
    PairStatus,
    Participation,
    Programme,
    Role,
    Track,
)

SLUG = "cluster-mentoring-reloaded"
EDITION_SLUGS = (SLUG, live.RUNNING_SLUG, live.NEXT_SLUG)
TRACK_SLUG = "cluster-booster-track"
# Where `make demo` serves the site (Makefile).
DEMO_SITE = "http://127.0.0.1:8000"
PASSWORD = "demo-clusterbridge"
EMAIL_DOMAIN = "clusterbridge.example"
STARTS_ON = date(2021, 1, 20)
ENDS_ON = date(2021, 10, 31)

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Org:
    key: str
    name: str
    acronym: str
    kind: str
    country: str
    city: str
    sectors: tuple[str, ...]
    founded: int | None = None
    members: int | None = None
    labels: tuple[tuple[str, int], ...] = ()


# Named in the press release.
MENTEE_ORGS = [
    Org(
        "mnc",
        "Maroc Numeric Cluster",
        "MNC",
        "cluster",
        "MA",
        "Casablanca",
        ("ict",),
        2011,
        200,
        (("national", 2013), ("ecei_bronze", 2014)),
    ),
    Org(
        "c2tm",
        "Moroccan Technical Textile Cluster",
        "C2TM",
        "cluster",
        "MA",
        "Casablanca",
        ("textile",),
        2011,
        60,
        (("national", 2013), ("ecei_bronze", 2014)),
    ),
    Org(
        "ce3m",
        "Cluster Electronique, Mécatronique & Mécanique",
        "CE3M",
        "cluster",
        "MA",
        "Casablanca",
        ("electronics-mechatronics",),
        2013,
        70,
        (("national", 2014),),
    ),
    Org(
        "agrinova",
        "Agrinova Competitiveness Pole",
        "Agrinova",
        "competitiveness_pole",
        "MA",
        "Meknès",
        ("agrifood",),
        2012,
        50,
        (("national", 2014),),
    ),
    Org(
        "erec",
        "Egyptian Renewable Energy Cluster",
        "EREC",
        "cluster",
        "EG",
        "Cairo",
        ("renewable-energy",),
        2017,
        40,
    ),
    Org("hof", "House of Furniture", "", "cluster", "PS", "Nablus", ("furniture",), 2013, 45),
    Org(
        "hls",
        "Hebron Leather and Shoe Cluster",
        "",
        "cluster",
        "PS",
        "Hebron",
        ("leather-footwear",),
        2013,
        80,
    ),
    Org(
        "mecatn",
        "Mechatronic Cluster",
        "",
        "cluster",
        "TN",
        "Sousse",
        ("electronics-mechatronics",),
        2015,
        55,
    ),
    Org(
        "nwoo",
        "North-West Olive Oil Cluster",
        "",
        "cluster",
        "TN",
        "Béja",
        ("olive-oil",),
        2016,
        35,
    ),
    Org("marble", "Marble Cluster", "", "cluster", "TN", "Kasserine", ("marble-stone",), 2016, 30),
    Org(
        "intaj",
        "ICT Association of Jordan – int@j",
        "int@j",
        "association",
        "JO",
        "Amman",
        ("ict",),
        2000,
        180,
    ),
]

# Invented for the demo.
MENTOR_ORGS = [
    Org("provnum", "Provence Numérique Cluster", "", "cluster", "FR", "Marseille", ("ict",)),
    Org("texlyon", "Textile Innovation Lyon", "", "cluster", "FR", "Lyon", ("textile",)),
    Org(
        "mecalpes",
        "Méca Alpes Cluster",
        "",
        "cluster",
        "FR",
        "Annecy",
        ("electronics-mechatronics",),
    ),
    Org(
        "pierreoc",
        "Pôle Pierre Naturelle Occitanie",
        "",
        "competitiveness_pole",
        "FR",
        "Montpellier",
        ("marble-stone",),
    ),
    Org("biella", "Distretto Tessile Biella", "", "cluster", "IT", "Biella", ("textile",)),
    Org("puglia", "Distretto Agroalimentare Puglia", "", "cluster", "IT", "Bari", ("agrifood",)),
    Org("umbria", "Cluster Olio Umbria", "", "cluster", "IT", "Perugia", ("olive-oil",)),
    Org(
        "valles",
        "Clúster Mecatrònica Vallès",
        "",
        "cluster",
        "ES",
        "Terrassa",
        ("electronics-mechatronics",),
    ),
    Org(
        "solar",
        "Clúster Energía Solar Andalucía",
        "",
        "cluster",
        "ES",
        "Sevilla",
        ("renewable-energy",),
    ),
    Org("llevant", "Clúster Moble Llevant", "", "cluster", "ES", "València", ("furniture",)),
    Org("elx", "Clúster Calzado Elche", "", "cluster", "ES", "Elche", ("leather-footwear",)),
    Org("ramallah", "Ramallah Digital Cluster", "", "cluster", "PS", "Ramallah", ("ict",)),
    Org("pdic", "Palestine Digital Innovation Cluster", "", "cluster", "PS", "Ramallah", ("ict",)),
]

PARTNER_ORGS = [
    Org("tns", "THE NEXT SOCIETY", "TNS", "association", "FR", "Marseille", ()),
    Org("anima", "ANIMA Investment Network", "ANIMA", "association", "FR", "Marseille", ()),
    Org("accio", "ACCIÓ – Catalonia Trade & Investment", "ACCIÓ", "agency", "ES", "Barcelona", ()),
    Org("eu", "European Union", "EU", "funder", "BE", "Brussels", ()),
    Org("franceclusters", "France Clusters", "", "association", "FR", "Lyon", ()),
]

# (organisation, name, gender, languages); invented people.
MENTEES = [
    ("mnc", "Salma Bennani", "female", {"ar": "native", "fr": "C2", "en": "B2"}),
    ("mnc", "Youssef El Amrani", "male", {"ar": "native", "fr": "C1", "en": "C1"}),
    ("c2tm", "Nadia Chraibi", "female", {"ar": "native", "fr": "C2", "en": "B1"}),
    ("c2tm", "Karim Tazi", "male", {"ar": "native", "fr": "C2", "it": "A2"}),
    ("ce3m", "Hicham Alaoui", "male", {"ar": "native", "fr": "C2", "es": "B1"}),
    ("agrinova", "Fatima Zahra Idrissi", "female", {"ar": "native", "fr": "C1", "it": "B1"}),
    ("erec", "Omar Farouk Hassan", "male", {"ar": "native", "en": "C1", "es": "B1"}),
    ("hof", "Rania Qasem", "female", {"ar": "native", "en": "B2", "es": "A2"}),
    ("hls", "Mahmoud Al-Natsheh", "male", {"ar": "native", "en": "B2", "es": "B1"}),
    ("mecatn", "Amel Ben Salah", "female", {"ar": "native", "fr": "C2", "en": "B1"}),
    ("nwoo", "Mehdi Trabelsi", "male", {"ar": "native", "fr": "C1", "it": "B2"}),
    ("marble", "Sonia Gharbi", "female", {"ar": "native", "fr": "C2"}),
    ("intaj", "Lina Haddad", "female", {"ar": "native", "en": "C2"}),
]
# Mentors in the same order as the mentees they are paired with.
MENTORS = [
    ("provnum", "Claire Dumont", "female", {"fr": "native", "en": "C1"}),
    ("pdic", "Khaled Mansour", "male", {"ar": "native", "en": "C1", "fr": "B2"}),
    ("texlyon", "Julien Moreau", "male", {"fr": "native", "en": "B2"}),
    ("biella", "Giulia Rossi", "female", {"it": "native", "fr": "C1", "en": "C1"}),
    ("valles", "Jordi Puig", "male", {"ca": "native", "es": "native", "fr": "B2", "en": "C1"}),
    ("puglia", "Marco Lombardi", "male", {"it": "native", "fr": "B2", "en": "B2"}),
    ("solar", "Lucía Fernández", "female", {"es": "native", "en": "C1"}),
    ("llevant", "Pablo Navarro", "male", {"es": "native", "ca": "C1", "en": "B2"}),
    ("elx", "Elena Martínez", "female", {"es": "native", "en": "B2", "ar": "A2"}),
    ("mecalpes", "Antoine Lefèvre", "male", {"fr": "native", "en": "C1"}),
    ("umbria", "Francesca Bianchi", "female", {"it": "native", "fr": "C1"}),
    ("pierreoc", "Sophie Garnier", "female", {"fr": "native", "es": "B1"}),
    ("ramallah", "Yara Khalil", "female", {"ar": "native", "en": "C2"}),
]
STAFF = [
    # (organisation, name, gender, languages, role in the programme or None)
    (
        "accio",
        "Laura Puig",
        "female",
        {"ca": "native", "es": "native", "en": "C1", "fr": "B2"},
        Role.MANAGER,
    ),
    ("anima", "Inès Haddou", "female", {"fr": "native", "ar": "C1", "en": "C1"}, Role.FACILITATOR),
    ("franceclusters", "Thomas Renaud", "male", {"fr": "native", "en": "B2"}, None),
]
ADMIN = ("tns", "Site Administrator", "", {"en": "C1", "fr": "C1"})
# A community member whose name is written in Arabic only, so Arabic search has a real case.
ARABIC_MEMBER = ("intaj", "ليلى الخطيب", "female", {"ar": "native", "en": "C1"})
ARABIC_MEMBER_EMAIL = f"leila.alkhatib@{EMAIL_DOMAIN}"
# Names in Arabic script for some invented people, searchable like their Latin names.
ARABIC_NAMES = {
    "Salma Bennani": "سلمى بناني",
    "Youssef El Amrani": "يوسف العمراني",
    "Rania Qasem": "رانيا قاسم",
    "Mahmoud Al-Natsheh": "محمود النتشة",
    "Lina Haddad": "لينا حداد",
    "Khaled Mansour": "خالد منصور",
    "Yara Khalil": "يارا خليل",
}
ARABIC_ORGANISATION_NAMES = {
    "mnc": "مجموعة المغرب الرقمية",
    "erec": "التجمع المصري للطاقة المتجددة",
    "intaj": "جمعية شركات تقنية المعلومات والاتصالات الأردنية – إنتاج",
}
# Demo people get these visibilities in turn, so every kind of profile can be seen.
VISIBILITIES = ["public", "community", "community", "programme"]


def _email(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    local = plain.lower().replace(" ", ".").replace("-", ".").replace("'", "")
    return f"{local}@{EMAIL_DOMAIN}"


class DemoBuilder:
    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.countries = {country.code: country for country in Country.objects.all()}
        self.sectors = {sector.code: sector for sector in Sector.objects.all()}
        self.orgs: dict[str, Organisation] = {}
        self.random = random.Random(2021)
        self.password_hash = make_password(PASSWORD)
        self.people_made = 0

    def organisation(self, spec: Org) -> Organisation:
        existing = Organisation.objects.filter(
            name__iexact=spec.name, country=self.countries[spec.country]
        ).first()
        if existing is None:
            existing = directory.create_organisation(
                kind=spec.kind,
                name=spec.name,
                acronym=spec.acronym,
                country=self.countries[spec.country],
                city=spec.city,
                sectors=[self.sectors[code] for code in spec.sectors],
                year_founded=spec.founded,
                member_count=spec.members,
                alternate_name=ARABIC_ORGANISATION_NAMES.get(spec.key, ""),
                # The press release's organisations are public facts; invented ones are not.
                public_listing=spec in MENTEE_ORGS or spec in PARTNER_ORGS,
            )
            for kind, year in spec.labels:
                directory.add_organisation_label(organisation=existing, kind=kind, year=year)
        self.orgs[spec.key] = existing
        return existing

    def person(
        self,
        org_key: str,
        name: str,
        gender: str,
        languages: dict[str, str],
        position: str,
        *,
        email: str = "",
        is_superuser: bool = False,
    ) -> Person:
        email = email or _email(name)
        existing = Person.objects.filter(email__iexact=email).first()
        if existing is not None:
            return existing
        organisation = self.orgs[org_key]
        person = directory.create_person(
            full_name=name,
            email=email,
            country=organisation.country,
            organisation=organisation,
            position=position,
            gender=gender,
            languages=languages,
            bio=f"{position}, {organisation.name}. (Invented person for the demo.)",
            visibility=VISIBILITIES[self.people_made % len(VISIBILITIES)],
            alternate_name=ARABIC_NAMES.get(name, ""),
            portfolio_consent=True,
        )
        self.people_made += 1
        # Every demo login shares one public password: hash it once, not thirty times.
        directory.create_login(
            person=person,
            password=None,
            hashed_password=self.password_hash,
            verified=True,
            is_superuser=is_superuser,
        )
        return person

    def existing_person(self, name: str) -> Person:
        return Person.objects.get(email__iexact=_email(name))

    def competences(self, person: Person, kind: str) -> None:
        areas = list(CompetenceArea.objects.order_by("order"))
        chosen = self.random.sample(areas, k=3)
        levels = {area: self.random.randint(3, 5) for area in chosen}
        if kind == CompetenceKind.NEED:
            competences.replace_needs(
                person_id=person.pk, levels={area.pk: level for area, level in levels.items()}
            )
        else:
            competences.save_expertise(person_id=person.pk, levels=levels)


def _record_wishes(mentees: list[Participation], mentors: list[Participation]) -> None:
    """Each mentee's first wish is the mentor listed with them (MENTORS follows MENTEES), the
    second the next one; every other mentor wishes their listed mentee back; one veto."""
    for index, (mentee, mentor) in enumerate(zip(mentees, mentors, strict=True)):
        matching.record_wish(participation=mentee, other=mentor, kind="wish", rank=1)
        following = mentors[(index + 1) % len(mentors)]
        matching.record_wish(participation=mentee, other=following, kind="wish", rank=2)
        if index % 2 == 0:
            matching.record_wish(participation=mentor, other=mentee, kind="wish", rank=1)
    matching.record_wish(participation=mentees[-1], other=mentors[0], kind="veto")


def _monthly(start: date, end: date, *, weekday: int, hour: int) -> list[datetime]:
    """The first given weekday of each month between start and end, at hour UTC."""
    moments = []
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        day = date(year, month, 1)
        day += timedelta(days=(weekday - day.weekday()) % 7)
        if start < day <= end:
            moments.append(datetime(day.year, day.month, day.day, hour, tzinfo=UTC))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return moments


def _plan_meetings(programme: Programme, everyone: list[Person], pairs: list[Pair]) -> None:
    joint = [
        ("Kick-off: online joint meeting", datetime(2021, 1, 20, 9, tzinfo=UTC)),
        ("Second joint meeting: mid-term review", datetime(2021, 5, 26, 9, tzinfo=UTC)),
        ("Closing joint meeting", datetime(2021, 10, 27, 9, tzinfo=UTC)),
    ]
    for title, start in joint:
        create_meeting(
            programme=programme,
            kind=MeetingKind.JOINT_MEETING,
            title=title,
            starts_at=start,
            duration_minutes=120,
            invitees=everyone,
            online_url="https://meet.example/cmr-joint",
            allow_past=True,
            notify=False,
        )
    mentees = [pair.mentee.person for pair in pairs]
    mentors = [pair.mentor.person for pair in pairs]
    # Thursdays and Mondays are working days on both weekends (Fri–Sat and Sat–Sun).
    for start in _monthly(STARTS_ON, ENDS_ON, weekday=3, hour=10):
        create_meeting(
            programme=programme,
            kind=MeetingKind.GROUP_SESSION,
            title="Group session: mentees' peer exchange",
            starts_at=start,
            duration_minutes=90,
            invitees=mentees,
            online_url="https://meet.example/cmr-mentees",
            allow_past=True,
            notify=False,
        )
        create_meeting(
            programme=programme,
            kind=MeetingKind.GROUP_SESSION,
            title="Group session: mentors' peer exchange",
            starts_at=start + timedelta(hours=3),
            duration_minutes=60,
            invitees=mentors,
            online_url="https://meet.example/cmr-mentors",
            allow_past=True,
            notify=False,
        )
    for index, pair in enumerate(pairs):
        for start in _monthly(STARTS_ON, ENDS_ON, weekday=0, hour=8 + index % 5):
            create_meeting(
                programme=programme,
                kind=MeetingKind.BILATERAL_SESSION,
                title=f"Bilateral session: {pair.mentee.person.full_name} – "
                f"{pair.mentor.person.full_name}",
                starts_at=start,
                duration_minutes=60,
                pair=pair,
                invitees=[pair.mentee.person, pair.mentor.person],
                online_url=f"https://meet.example/cmr-pair-{index + 1}",
                allow_past=True,
                notify=False,
            )


def _plan_mission(programme: Programme, people: list[Person], rng: random.Random) -> None:
    """A B2B matchmaking day: everyone publishes an offer and a need, asks four others; most
    accept; the scheduler places the accepted meetings."""
    mission = missions.create_mission(
        programme=programme,
        title="B2B mission: Barcelona cluster matchmaking",
        starts_at=datetime(2021, 9, 21, 7, 30, tzinfo=UTC),  # 09:30 in Barcelona
        slot_minutes=30,
        slot_count=12,
        table_count=8,
        time_zone="Europe/Madrid",
        venue="ACCIÓ, Passeig de Gràcia 129, Barcelona",
        description="One day of 30-minute meetings between the programme's clusters.",
    )
    participants = [
        missions.join_mission(
            mission=mission,
            person=person,
            offer=f"{person.position} at {person.organisation}: partnerships and know-how.",
            seek="Joint projects, export partners and peer exchange.",
            absent_slots=rng.sample(range(12), k=rng.randint(0, 2)),
        )
        for person in people
    ]
    for requester in participants:
        others = [p for p in participants if p.pk != requester.pk]
        for requested in rng.sample(others, k=4):
            try:
                request = missions.request_meeting(
                    requester=requester, requested=requested, notify=False
                )
            except ValidationError:  # the other side asked first
                continue
            if rng.random() < 0.85:
                missions.answer_request(request=request, by=requested, accept=True, notify=False)
    missions.schedule(mission=mission, time_limit_seconds=1.0, notify=False)


@dataclass(frozen=True)
class DemoLogin:
    role: str
    email: str
    password: str


def demo_logins() -> list[DemoLogin]:
    return [
        DemoLogin("site admin", _email(ADMIN[1]), PASSWORD),
        DemoLogin("programme manager", _email(STAFF[0][1]), PASSWORD),
        DemoLogin("mentor", _email(MENTORS[0][1]), PASSWORD),
        DemoLogin("mentee", _email(MENTEES[0][1]), PASSWORD),
        DemoLogin("community member", _email(STAFF[2][1]), PASSWORD),
    ]


@dataclass(frozen=True)
class DemoProgramme:
    slug: str
    status: str
    url: str
    apply_url: str  # empty unless its call for applications is open


def demo_programmes(*, now: datetime) -> list[DemoProgramme]:
    """The demo's programmes, oldest first, with the addresses `make demo` serves them at."""
    listed = []
    for programme in (
        Programme.objects.filter(is_demo=True).select_related("call").order_by("starts_on")
    ):
        url = f"{DEMO_SITE}/programmes/{programme.slug}/"
        call = getattr(programme, "call", None)
        call_open = call is not None and closed_reason(call, now=now) is None
        listed.append(
            DemoProgramme(
                slug=programme.slug,
                status=programme.status,
                url=url,
                apply_url=f"{url}apply/" if call_open else "",
            )
        )
    return listed


def build_demo(progress: Progress = lambda message: None, *, today: date | None = None) -> bool:
    """Build the demo editions that are missing: 2021 (closed), the running one and the next.

    The live editions' dates count from ``today`` (the current date unless given). Returns
    False when every edition exists already (nothing changes).
    """
    missing = [slug for slug in EDITION_SLUGS if not Programme.objects.filter(slug=slug).exists()]
    if not missing:
        progress("The demo programmes already exist; nothing to do.")
        return False
    today = today or timezone.localdate()
    with transaction.atomic():
        builder = DemoBuilder(progress)
        builder.progress("Organisations")
        for spec in [*PARTNER_ORGS, *MENTEE_ORGS, *MENTOR_ORGS]:
            builder.organisation(spec)
        track = _track(builder)
        if SLUG in missing:
            _build(builder, track)
        if live.RUNNING_SLUG in missing:
            builder.progress("The running edition")
            live.build_running_edition(builder, track=track, today=today)
        if live.NEXT_SLUG in missing:
            builder.progress("The next edition and its call for applications")
            live.build_next_edition(builder, track=track, today=today)
    return True


def _track(builder: DemoBuilder) -> Track:
    existing = Track.objects.filter(slug=TRACK_SLUG).first()
    return existing or services.create_track(
        name="Cluster Booster Track",
        slug=TRACK_SLUG,
        community=builder.orgs["tns"],
        description="Peer training, mentoring and business-development missions that help MENA "
        "cluster managers improve their management skills and open new channels of "
        "inter-clustering collaboration.",
    )


def _build(builder: DemoBuilder, track: Track) -> None:
    programme = services.create_programme(
        name="Cluster Mentoring Reloaded",
        slug=SLUG,
        kind="mentoring",
        edition="2021",
        track=track,
        operator=builder.orgs["accio"],
        initiator=builder.orgs["anima"],
        funders=[(builder.orgs["eu"], Decimal("90.00"))],
        description="Ten months of online mentoring between 13 cluster managers and practitioners "
        "from Egypt, Jordan, Morocco, Palestine and Tunisia and 13 mentors from France, Italy, "
        "Palestine and Spain: three joint meetings, bilateral and group mentoring sessions. "
        "Part of THE NEXT SOCIETY action plan, co-funded by the European Union.",
        starts_on=STARTS_ON,
        ends_on=ENDS_ON,
        modality="online",
        is_demo=True,
    )
    builder.progress("People and logins")
    builder.person(*ADMIN, "Platform administrator", is_superuser=True)
    everyone: list[Person] = []
    for org, name, gender, languages, role in STAFF:
        position = "Programme manager" if role == Role.MANAGER else "Cluster expert"
        person = builder.person(org, name, gender, languages, position)
        if role is not None:
            services.add_participant(
                programme=programme, person=person, role=role, status="accepted"
            )
            everyone.append(person)
    for status in ("recruiting", "matching"):
        services.change_status(programme=programme, status=status)
    mentees = [
        builder.person(org, name, gender, languages, "Cluster manager")
        for org, name, gender, languages in MENTEES
    ]
    mentors = [
        builder.person(org, name, gender, languages, "Cluster practitioner")
        for org, name, gender, languages in MENTORS
    ]
    participations: dict[str, list[Participation]] = {"mentee": [], "mentor": []}
    for side, people in (("mentee", mentees), ("mentor", mentors)):
        for person in people:
            builder.competences(
                person, CompetenceKind.NEED if side == "mentee" else CompetenceKind.EXPERTISE
            )
            participations[side].append(
                services.add_participant(
                    programme=programme,
                    person=person,
                    role=side,
                    status="accepted",
                    motivation="Strengthen our cluster's services and international ties.",
                )
            )
            everyone.append(person)
    builder.progress("Wishes and matching")
    _record_wishes(participations["mentee"], participations["mentor"])
    # The matcher proposes (cross-border, common language, different organisations) and the
    # manager confirms; the demo sends no e-mail.
    manager = Person.objects.get(email__iexact=_email(STAFF[0][1])).user
    run = matching.run_matching(programme=programme, mode="optimal", created_by=manager)
    pairs = matching.confirm_run(run=run, confirmed_by=manager, notify=False)
    services.change_status(programme=programme, status="running")
    builder.progress("Meetings")
    _plan_meetings(programme, everyone, pairs)
    builder.progress("Business-development mission")
    _plan_mission(programme, mentees + mentors, builder.random)
    builder.progress("Learning journeys")
    build_journeys(programme, pairs, builder.orgs)
    builder.progress("Community")
    member = builder.person(*ARABIC_MEMBER, "Cluster expert", email=ARABIC_MEMBER_EMAIL)
    _community(builder, programme, mentees, mentors, member)
    builder.progress("Closing and certificates")
    _close(programme, manager)


def _close(programme: Programme, manager: User | None) -> None:
    """The 2021 edition is history: its pairs completed, it is closed and its certificates issued.

    Its pairs, meetings and reports stay, nobody joins any more. The exit survey is not mailed:
    every demo person is invented."""
    services.close_pairs(
        programme=programme,
        pairs=list(certificates_selectors.open_pairs(programme)),
        outcome=PairStatus.COMPLETED,
    )
    certificates.close_programme(programme=programme, notify=False)
    certificates.issue_certificates(programme=programme, issued_by=manager)


def _community(
    builder: DemoBuilder,
    programme: Programme,
    mentees: list[Person],
    mentors: list[Person],
    member: Person,
) -> None:
    """Opportunities with interests (one answered), and collaborations born in the programme.

    Every demo person is invented: their notifications stay in the app, none is e-mailed."""
    today = timezone.localdate()
    countries = builder.countries
    posts = [
        (
            mentees[1],
            OpportunityKind.CALL_FOR_PARTNERS,
            "Partners wanted: cross-border e-health pilot",
            "Maroc Numeric Cluster looks for **two European clusters** to co-design an "
            "e-health pilot for the 2026 Horizon Europe call.\n\n- ICT or health clusters\n"
            "- experience with EU projects",
            "ict",
            ["MA", "FR", "ES"],
            60,
        ),
        (
            mentors[3],
            OpportunityKind.BUSINESS,
            "Technical textile buyers visiting Casablanca",
            "A delegation of Italian buyers of technical textiles visits Casablanca in spring. "
            "Members who want to meet them, write to us.",
            "textile",
            ["IT", "MA"],
            45,
        ),
        (
            mentees[9],
            OpportunityKind.EVENT,
            "Mechatronics day in Sousse",
            "An open day on mechatronics for SMEs of both shores, with B2B meetings.",
            "electronics-mechatronics",
            ["TN", "FR", "ES"],
            30,
        ),
        (
            member,
            OpportunityKind.TRAINING,
            "Peer training: running a cluster's member survey",
            "Three online sessions (in Arabic and English) on designing, running and using a "
            "member satisfaction survey.",
            None,
            ["JO", "EG", "PS"],
            None,
        ),
    ]
    opportunities = []
    for author, kind, title, body, sector, codes, days in posts:
        opportunities.append(
            community.post_opportunity(
                author=author,
                kind=kind,
                title=title,
                body=body,
                sector=builder.sectors[sector] if sector else None,
                countries=[countries[code] for code in codes],
                deadline=today + timedelta(days=days) if days else None,
            )
        )
    interest = community.express_interest(
        opportunity=opportunities[0],
        person=mentors[0],
        message="Provence Numérique would be glad to join; we led two e-health pilots.",
        send_email=False,
    )
    community.answer_interest(
        interest=interest,
        author=opportunities[0].author,
        answer="Wonderful, let us set up a call next week.",
        send_email=False,
    )
    community.express_interest(opportunity=opportunities[1], person=mentees[2], send_email=False)
    community.express_interest(opportunity=opportunities[2], person=mentors[4], send_email=False)
    community.express_interest(opportunity=opportunities[3], person=mentees[7], send_email=False)
    ties = [
        (0, CollaborationKind.PROJECT, "Joint e-health project proposal", date(2021, 6, 15)),
        (
            2,
            CollaborationKind.MISSION,
            "Business mission of C2TM members to Biella",
            date(2021, 9, 8),
        ),
        (6, CollaborationKind.TRAINING, "Solar installers' peer training", date(2021, 7, 1)),
    ]
    for index, tie_kind, title, started_on in ties:
        community.record_collaboration(
            organisation_a=mentees[index].organisation,  # type: ignore[arg-type]
            organisation_b=mentors[index].organisation,  # type: ignore[arg-type]
            kind=tie_kind,
            title=title,
            started_on=started_on,
            programme=programme,
            recorded_by=mentees[index],
        )
