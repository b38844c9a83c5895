"""The demo's live editions: one running now and the next one, recruiting through its call.

Their dates are counted from the day the demo is built, so whoever tries the demo finds meetings
ahead, pairs in progress, one pair that needs attention, a mid-term assessment due and a call for
applications open. Built through the same services as the 2021 edition.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from clusterbridge.applications.services import save_call
from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator
from clusterbridge.demo.conversations import build_conversations
from clusterbridge.directory.models import Country, Person, Region
from clusterbridge.journeys import services as journeys
from clusterbridge.journeys.models import Rater, SessionKind, Stage
from clusterbridge.matching import services as matching
from clusterbridge.meetings.models import MeetingKind
from clusterbridge.meetings.services import create_meeting
from clusterbridge.notices.models import Audience
from clusterbridge.notices.services import send_announcement
from clusterbridge.programmes import services
from clusterbridge.programmes.models import Pair, Participation, Programme, Role, Track

if TYPE_CHECKING:
    from clusterbridge.demo.programme import DemoBuilder

RUNNING_SLUG = "cluster-mentoring-reloaded-current"
NEXT_SLUG = "cluster-mentoring-reloaded-next"
NAME = "Cluster Mentoring Reloaded"
# Ten months, as in the press release; the running edition is half-way through, so its
# mid-term assessment is due within three weeks and not overdue yet.
LENGTH = timedelta(days=290)
RUNNING_STARTED = timedelta(days=150)
NEXT_STARTS_IN = timedelta(days=120)
CALL_OPEN_FOR = timedelta(days=45)
# The flagged pair's last session is older than the health rule's default 30 days.
FLAGGED_PAIR_SILENT_FOR = timedelta(days=45)
# The press release: mentees from these countries, mentors from the EU and Palestine.
MENTEE_COUNTRIES = ("EG", "JO", "MA", "PS", "TN")
EXTRA_MENTOR_COUNTRIES = ("PS",)

# (organisation, name, gender, languages); invented people.
NEW_MENTEES = [
    ("erec", "Mona Abdelaziz", "female", {"ar": "native", "en": "C1"}),
    ("hls", "Tariq Jaber", "male", {"ar": "native", "en": "B2", "fr": "A2"}),
    ("nwoo", "Rim Ayari", "female", {"ar": "native", "fr": "C1", "en": "B1"}),
    ("intaj", "Zaid Odeh", "male", {"ar": "native", "en": "C1"}),
]
# Mentors of 2021 who come back, the demo mentor's login among them.
RETURNING_MENTORS = ["Claire Dumont", "Giulia Rossi", "Lucía Fernández", "Khaled Mansour"]
MANAGER = "Laura Puig"
FACILITATOR = "Inès Haddou"

TOPICS = [
    "Members' needs survey and service portfolio",
    "Funding mix: membership fees, projects and paid services",
    "International partnerships and EU calls",
    "Action plan with measurable objectives",
]


@dataclass(frozen=True)
class Staff:
    manager: Person
    facilitator: Person


def build_running_edition(builder: DemoBuilder, *, track: Track, today: date) -> Programme:
    """An edition half-way through: pairs meeting monthly, the last one silent for weeks."""
    starts_on = today - RUNNING_STARTED
    programme = _create(builder, track=track, slug=RUNNING_SLUG, starts_on=starts_on)
    staff = _staff(builder, programme)
    for status in ("recruiting", "matching"):
        services.change_status(programme=programme, status=status)
    rng = random.Random(RUNNING_SLUG)  # the same journeys whatever the day
    mentees = [
        _enrol(
            programme,
            builder.person(org, name, gender, languages, "Cluster manager"),
            Role.MENTEE,
        )
        for org, name, gender, languages in NEW_MENTEES
    ]
    for name in RETURNING_MENTORS:
        _enrol(programme, builder.existing_person(name), Role.MENTOR)
    diagnoses = {
        mentee.pk: _diagnose(mentee, rng, on=starts_on + timedelta(days=5)) for mentee in mentees
    }
    manager = staff.manager.user
    run = matching.run_matching(programme=programme, mode="optimal", created_by=manager)
    pairs = matching.confirm_run(run=run, confirmed_by=manager, notify=False)
    pairs.sort(key=lambda pair: pair.mentee.person.full_name)
    services.change_status(programme=programme, status="running")
    _meetings(programme, staff, pairs, today=today)
    _announce_second_joint_meeting(programme, staff)
    for index, pair in enumerate(pairs):
        _journey(
            pair,
            diagnoses[pair.mentee_id],
            rng,
            today=today,
            flagged=index == len(pairs) - 1,
            midterm_done=index == 0,
        )
    build_conversations(programme, pairs, manager=staff.manager)
    return programme


def build_next_edition(builder: DemoBuilder, *, track: Track, today: date) -> Programme:
    """The next edition, recruiting: its call takes applications for six more weeks."""
    programme = _create(builder, track=track, slug=NEXT_SLUG, starts_on=today + NEXT_STARTS_IN)
    _staff(builder, programme)
    services.change_status(programme=programme, status="recruiting")
    save_call(
        programme=programme,
        deadline=_at(today + CALL_OPEN_FOR, 23),
        seeks_mentees=True,
        seeks_mentors=True,
        mentee_countries=Country.objects.filter(code__in=MENTEE_COUNTRIES),
        mentor_countries=Country.objects.filter(region=Region.EU)
        | Country.objects.filter(code__in=EXTRA_MENTOR_COUNTRIES),
        now=_at(today, 9),
    )
    return programme


def _create(builder: DemoBuilder, *, track: Track, slug: str, starts_on: date) -> Programme:
    return services.create_programme(
        name=NAME,
        slug=slug,
        kind="mentoring",
        edition=str(starts_on.year),
        track=track,
        operator=builder.orgs["accio"],
        initiator=builder.orgs["anima"],
        description="Ten months of online mentoring between cluster managers from Egypt, "
        "Jordan, Morocco, Palestine and Tunisia and practitioners from the European Union and "
        "Palestine: three joint meetings, bilateral and group mentoring sessions.",
        starts_on=starts_on,
        ends_on=starts_on + LENGTH,
        modality="online",
        is_demo=True,
    )


def _staff(builder: DemoBuilder, programme: Programme) -> Staff:
    staff = Staff(
        manager=builder.existing_person(MANAGER), facilitator=builder.existing_person(FACILITATOR)
    )
    for person, role in ((staff.manager, Role.MANAGER), (staff.facilitator, Role.FACILITATOR)):
        services.add_participant(programme=programme, person=person, role=role, status="accepted")
    return staff


def _enrol(programme: Programme, person: Person, role: str) -> Participation:
    # A returning mentor's expertise is on their profile already; a mentee's needs come from
    # the diagnosis.
    return services.add_participant(
        programme=programme,
        person=person,
        role=role,
        status="accepted",
        motivation="Strengthen our cluster's services and international ties.",
    )


@dataclass(frozen=True)
class Diagnosis:
    ratings: dict[CompetenceIndicator, int]
    top_needs: list[CompetenceArea]


def _diagnose(mentee: Participation, rng: random.Random, *, on: date) -> Diagnosis:
    """The mentee's intake diagnosis, which is also their baseline self-assessment."""
    indicators = list(CompetenceIndicator.objects.select_related("area"))
    areas = list(CompetenceArea.objects.order_by("order"))
    diagnosis = Diagnosis(
        ratings={indicator: rng.choice([1, 2, 2, 3, 3, 4]) for indicator in indicators},
        top_needs=rng.sample(areas, k=3),
    )
    journeys.save_diagnosis(
        mentee=mentee, ratings=diagnosis.ratings, top_needs=diagnosis.top_needs, now=_at(on)
    )
    return diagnosis


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _first_mondays(starts_on: date, ends_on: date) -> list[date]:
    """The first Monday of each month of the programme: a working day on both weekends."""
    mondays = []
    month = starts_on.replace(day=1)
    while month <= ends_on:
        monday = _weekday_on_or_after(month, 0)
        if starts_on <= monday <= ends_on:
            mondays.append(monday)
        month = (month + timedelta(days=32)).replace(day=1)
    return mondays


def _meetings(programme: Programme, staff: Staff, pairs: list[Pair], *, today: date) -> None:
    """Joint meetings at the start, next week and at the end; monthly bilateral sessions; a
    group session of the mentees in a fortnight.

    Past and future meetings alike are written with ``allow_past``: the demo's "today" may be a
    day the caller chose."""
    mentees = [pair.mentee.person for pair in pairs]
    everyone = [staff.manager, staff.facilitator, *mentees, *(p.mentor.person for p in pairs)]
    wednesday = 2  # a working day on both weekends
    joint = [
        ("Kick-off: online joint meeting", _weekday_on_or_after(programme.starts_on, wednesday)),
        ("Second joint meeting: mid-term review", _weekday_on_or_after(today + timedelta(7), 2)),
        ("Closing joint meeting", _weekday_on_or_after(programme.ends_on - timedelta(7), 2)),
    ]
    for title, day in joint:
        _meeting(programme, MeetingKind.JOINT_MEETING, title, _at(day, 9), 120, everyone)
    _meeting(
        programme,
        MeetingKind.GROUP_SESSION,
        "Group session: mentees' peer exchange",
        _at(_weekday_on_or_after(today + timedelta(days=14), 3), 10),
        90,
        mentees,
    )
    for index, pair in enumerate(pairs):
        people = [pair.mentee.person, pair.mentor.person]
        title = f"Bilateral session: {people[0].full_name} – {people[1].full_name}"
        for monday in _first_mondays(programme.starts_on, programme.ends_on):
            starts_at = _at(monday, 8 + index)
            _meeting(programme, MeetingKind.BILATERAL_SESSION, title, starts_at, 60, people, pair)


def _announce_second_joint_meeting(programme: Programme, staff: Staff) -> None:
    send_announcement(
        programme=programme,
        author=staff.manager,
        audience=Audience.EVERYONE,
        language="en",
        subject="Second joint meeting next week: online",
        body=(
            "Dear mentors and mentees,\n\nthe mid-term joint meeting is next week, online: the "
            "video link is on the meeting page and in your invitation, and the join button "
            "appears 15 minutes before the start. Please bring one result of your pair to share."
        ),
        versions={
            "fr": (
                "Deuxième réunion commune la semaine prochaine : en ligne",
                "Chers mentors et mentorés,\n\nla réunion commune de mi-parcours a lieu la "
                "semaine prochaine, en ligne : le lien vidéo est sur la page de la réunion et dans "
                "votre invitation, et le bouton pour la rejoindre apparaît 15 minutes avant le "
                "début. Apportez un résultat de votre binôme à partager.",
            ),
            "ar": (
                "الاجتماع المشترك الثاني الأسبوع المقبل: عبر الإنترنت",
                "أعزائي المرشدين والمسترشدين،\n\nيُعقد الاجتماع المشترك لمنتصف البرنامج الأسبوع "
                "المقبل عبر الإنترنت: رابط الفيديو في صفحة الاجتماع وفي دعوتكم، ويظهر زر "
                "الانضمام قبل البدء بخمس عشرة دقيقة. يُرجى إحضار نتيجة واحدة لثنائيكم لمشاركتها.",
            ),
        },
        notify=False,
    )


def _meeting(
    programme: Programme,
    kind: str,
    title: str,
    starts_at: datetime,
    duration_minutes: int,
    invitees: list[Person],
    pair: Pair | None = None,
) -> None:
    create_meeting(
        programme=programme,
        kind=kind,
        title=title,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        invitees=invitees,
        pair=pair,
        # No link given: each meeting gets its own room of the configured video provider.
        allow_past=True,
        notify=False,
    )


def _journey(
    pair: Pair,
    diagnosis: Diagnosis,
    rng: random.Random,
    *,
    today: date,
    flagged: bool,
    midterm_done: bool,
) -> None:
    """Agreement, a goal, the baseline by both sides and a log for each month so far.

    A flagged pair stopped logging weeks ago; the mentor logs last in every pair, so no mentee
    waits for an answer."""
    programme = pair.programme
    mentee, mentor = pair.mentee.person, pair.mentor.person
    starts_on = programme.starts_on
    journeys.save_agreement(
        pair=pair,
        author=mentor,
        goals="Strengthen the cluster's services to members and its international ties.",
        rhythm="One bilateral session a month",
        channel="Video call; e-mail between sessions",
        confidentiality="What we say in our sessions stays between us unless we both agree.",
        now=_at(starts_on + timedelta(days=7)),
    )
    journeys.accept_agreement(pair=pair, person=mentee, now=_at(starts_on + timedelta(days=9)))
    ratings = diagnosis.ratings
    _assess(pair, Stage.BASELINE, Rater.MENTOR, ratings, on=starts_on + timedelta(days=12))
    journeys.create_goal(
        pair=pair,
        author=mentee,
        area=diagnosis.top_needs[0],
        title="A service plan for members, adopted by the board",
        measure="Plan adopted and its first service delivered",
        due_on=programme.ends_on - timedelta(days=30),
        milestones=[("Draft shared with the mentor", today + timedelta(days=20))],
    )
    last_day = today - FLAGGED_PAIR_SILENT_FOR if flagged else today
    held = [day for day in _first_mondays(starts_on, programme.ends_on) if day <= last_day]
    for number, day in enumerate(held):
        author = mentor if (len(held) - number) % 2 else mentee
        topic = rng.choice(TOPICS)
        journeys.log_session(
            pair=pair,
            author=author,
            kind=SessionKind.BILATERAL,
            held_on=day,
            duration_minutes=rng.choice([45, 60, 60, 75, 90]),
            topics=topic,
            shared_notes=f"We worked on: {topic.lower()}. Next step agreed.",
            today=today,
        )
    if midterm_done:
        middle = {indicator: min(5, value + 1) for indicator, value in ratings.items()}
        _assess(pair, Stage.MIDTERM, Rater.SELF, middle, on=today - timedelta(days=2))
        _assess(pair, Stage.MIDTERM, Rater.MENTOR, middle, on=today - timedelta(days=1))


def _assess(
    pair: Pair, stage: str, rater: str, ratings: dict[CompetenceIndicator, int], *, on: date
) -> None:
    journeys.submit_assessment(
        mentee=pair.mentee,
        stage=stage,
        rater=rater,
        rated_by=pair.mentee.person if rater == Rater.SELF else pair.mentor.person,
        ratings=ratings,
        now=_at(on),
    )
