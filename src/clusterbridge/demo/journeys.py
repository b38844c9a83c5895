"""A plausible learning journey for the demo programme, written through the journey services.

Every pair gets a needs diagnosis, an accepted agreement, goals with milestones, session logs over
the ten months, mid-term and final assessments; most pairs also share one or two group
sessions; some mentees report services and collaborations, and participants answer the feedback
surveys. One mentor's final assessment is left missing, as happens; once the pairs are completed
at closing the pair-health view no longer flags it (the running edition has a flagged pair).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from clusterbridge.competences.models import CompetenceArea, CompetenceIndicator
from clusterbridge.directory.models import Organisation, Person
from clusterbridge.journeys import services
from clusterbridge.journeys.models import (
    CollaborationKind,
    GoalStatus,
    Rater,
    SessionKind,
    Stage,
    Survey,
    SurveyKind,
)
from clusterbridge.meetings.models import Attendance, MeetingKind
from clusterbridge.meetings.services import record_attendance
from clusterbridge.programmes.models import Pair, Participation, Programme

TOPICS = [
    "Members' needs survey and service portfolio",
    "Governance: board composition and member representation",
    "Funding mix: membership fees, projects and paid services",
    "International partnerships and EU calls",
    "Communication plan and online presence",
    "Collaborative innovation projects with research centres",
    "Action plan with measurable objectives",
    "Preparing a business-development mission",
]
# (mentee organisation, title, new?, launched on)
SERVICES = [
    ("mnc", "Export-readiness diagnostic for member SMEs", True, date(2021, 6, 15)),
    ("c2tm", "Shared technical-textile testing lab booking", True, date(2021, 7, 1)),
    ("agrinova", "Quarterly market-intelligence bulletin", False, date(2021, 5, 20)),
    ("hof", "Joint purchasing of raw wood for members", True, date(2021, 9, 1)),
    ("intaj", "Mentoring scheme for member start-ups", True, date(2021, 8, 10)),
    ("nwoo", "Quality-label coaching for olive-oil mills", False, date(2021, 6, 30)),
]
# (mentee organisation, kind, title, partner organisation names)
COLLABORATIONS = [
    (
        "mnc",
        "agreement",
        "MoU on digital-health start-up exchanges",
        ["Provence Numérique Cluster"],
    ),
    (
        "agrinova",
        "joint_project",
        "Joint proposal on agrifood traceability",
        ["Distretto Agroalimentare Puglia"],
    ),
    (
        "erec",
        "joint_project",
        "Solar skills programme with Jordanian ICT firms",
        ["ICT Association of Jordan – int@j"],
    ),
    ("nwoo", "mission", "Business-development mission to Umbria", ["Cluster Olio Umbria"]),
    (
        "marble",
        "company_deal",
        "Stone-finishing machinery deal",
        ["Pôle Pierre Naturelle Occitanie"],
    ),
    (
        "ce3m",
        "agreement",
        "Cooperation agreement on mechatronics training",
        ["Moroccan Technical Textile Cluster"],
    ),
    (
        "hls",
        "joint_project",
        "Leather and footwear design exchange",
        ["Clúster Calzado Elche", "Mechatronic Cluster"],
    ),
]
MISSING_FINAL_MENTOR_ASSESSMENT = 12


def _at(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


class JourneyBuilder:
    def __init__(self, programme: Programme, pairs: list[Pair], orgs: dict[str, Organisation]):
        self.programme = programme
        self.pairs = pairs
        self.orgs = orgs
        self.random = random.Random(2021)
        self.indicators = list(CompetenceIndicator.objects.select_related("area"))
        self.areas = list(CompetenceArea.objects.order_by("order"))

    def build(self) -> None:
        for index, pair in enumerate(self.pairs):
            self.journey(index, pair)
        self.group_sessions()
        self.outcomes()
        self.attendance_and_surveys()

    def journey(self, index: int, pair: Pair) -> None:
        mentee, mentor = pair.mentee.person, pair.mentor.person
        baseline = {i: self.random.choice([1, 2, 2, 3, 3, 4]) for i in self.indicators}
        by_area = {a.pk: [v for i, v in baseline.items() if i.area_id == a.pk] for a in self.areas}
        needs = sorted(self.areas, key=lambda a: sum(by_area[a.pk]) / len(by_area[a.pk]))[:3]
        services.save_diagnosis(
            mentee=pair.mentee, ratings=baseline, top_needs=needs, now=_at(date(2021, 2, 3))
        )
        mentor_baseline = {
            i: max(1, v - self.random.choice([0, 0, 1])) for i, v in baseline.items()
        }
        self.assess(pair, Stage.BASELINE, Rater.MENTOR, mentor_baseline, date(2021, 2, 8))
        services.save_agreement(
            pair=pair,
            author=mentor,
            goals="Strengthen " + ", ".join(str(a) for a in needs).lower() + ".",
            rhythm="One bilateral session a month, group sessions when useful",
            channel="Video call; e-mail between sessions",
            confidentiality="What we say in our sessions stays between us unless we both agree.",
            now=_at(date(2021, 1, 25)),
        )
        services.accept_agreement(pair=pair, person=mentee, now=_at(date(2021, 1, 27)))
        self.goals(pair, needs, reached=index % 4 != 3)
        self.logs(pair)
        # The two goals' areas move most; elsewhere progress is rare, and absent for some.
        focus = {i for i in self.indicators if i.area_id in {a.pk for a in needs[:2]}}
        elsewhere = 0.08 if index % 2 else 0.0
        midterm = self.progress(baseline, focus, elsewhere=elsewhere)
        final = self.progress(midterm, focus, elsewhere=elsewhere)
        self.assess(pair, Stage.MIDTERM, Rater.SELF, midterm, date(2021, 6, 10))
        self.assess(pair, Stage.MIDTERM, Rater.MENTOR, self.mentor_view(midterm), date(2021, 6, 12))
        self.assess(pair, Stage.END, Rater.SELF, final, date(2021, 10, 29))
        if index != MISSING_FINAL_MENTOR_ASSESSMENT:
            self.assess(pair, Stage.END, Rater.MENTOR, self.mentor_view(final), date(2021, 10, 30))

    def progress(
        self,
        before: dict[CompetenceIndicator, int],
        focus: set[CompetenceIndicator],
        *,
        elsewhere: float,
    ) -> dict[CompetenceIndicator, int]:
        """Ratings after a period: the goals' areas move more than the others."""
        after = {}
        for indicator, value in before.items():
            chance = 0.6 if indicator in focus else elsewhere
            after[indicator] = min(5, value + (1 if self.random.random() < chance else 0))
        return after

    def mentor_view(
        self, ratings: dict[CompetenceIndicator, int]
    ) -> dict[CompetenceIndicator, int]:
        return {
            i: max(1, min(5, v + self.random.choice([-1, 0, 0, 0]))) for i, v in ratings.items()
        }

    def assess(
        self, pair: Pair, stage: str, rater: str, ratings: dict[CompetenceIndicator, int], day: date
    ) -> None:
        rated_by = pair.mentee.person if rater == Rater.SELF else pair.mentor.person
        services.submit_assessment(
            mentee=pair.mentee,
            stage=stage,
            rater=rater,
            rated_by=rated_by,
            ratings=ratings,
            now=_at(day),
        )

    def goals(self, pair: Pair, needs: list[CompetenceArea], *, reached: bool) -> None:
        for number, area in enumerate(needs[:2]):
            goal = services.create_goal(
                pair=pair,
                author=pair.mentee.person,
                area=area,
                title=f"Improve {str(area).lower()} with a concrete plan for members",
                measure="Plan adopted by the board and first action delivered",
                due_on=date(2021, 9 + number, 30),
                milestones=[
                    ("Draft shared with the mentor", date(2021, 4, 30)),
                    ("Presented to the board", date(2021, 7, 15)),
                ],
            )
            for milestone in goal.milestones.all():
                services.set_milestone_done(
                    milestone=milestone, person=pair.mentee.person, done=True
                )
            status = GoalStatus.REACHED if reached or number == 0 else GoalStatus.IN_PROGRESS
            services.set_goal_status(goal=goal, person=pair.mentee.person, status=status)

    def logs(self, pair: Pair) -> None:
        mentee, mentor = pair.mentee.person, pair.mentor.person
        for month in range(2, 11):
            if self.random.random() < 0.12:
                continue  # a month without a session, as in any real programme
            day = date(2021, month, 1)
            day += timedelta(days=(0 - day.weekday()) % 7)  # the planned first Monday
            author = mentor if month % 2 else mentee
            topic = self.random.choice(TOPICS)
            services.log_session(
                pair=pair,
                author=author,
                kind=SessionKind.BILATERAL,
                held_on=day,
                duration_minutes=self.random.choice([45, 60, 60, 75, 90]),
                topics=topic,
                shared_notes=f"We worked on: {topic.lower()}. Next step agreed below.",
                private_note="Follow up on the board's reaction." if month in (4, 8) else "",
                actions=[
                    services.ActionInput(
                        description="Send the draft to the mentor",
                        owner=mentee,
                        due_on=day + timedelta(days=14),
                    )
                ],
                today=self.programme.ends_on,
            )

    def group_sessions(self) -> None:
        """Two peer-exchange sessions, each shared by several pairs and logged once."""
        for pairs, day, topics in (
            (self.pairs[::2], date(2021, 4, 21), "Peer exchange: pricing services to members"),
            (self.pairs[1::3], date(2021, 9, 22), "Peer exchange: financing after the programme"),
        ):
            services.log_group_session(
                programme=self.programme,
                author=pairs[0].mentor.person,
                pairs=pairs,
                held_on=day,
                duration_minutes=90,
                topics=topics,
                shared_notes="Each cluster presented one case; the others asked questions.",
                today=self.programme.ends_on,
            )

    def outcomes(self) -> None:
        # An organisation with two mentees reports through the first (the demo's mentee login).
        by_org: dict[int | None, Participation] = {}
        for pair in self.pairs:
            by_org.setdefault(pair.mentee.person.organisation_id, pair.mentee)
        for key, title, is_new, launched_on in SERVICES:
            mentee = by_org[self.orgs[key].pk]
            services.report_service(
                mentee=mentee,
                reported_by=mentee.person,
                title=title,
                is_new=is_new,
                launched_on=launched_on,
            )
        for number, (key, kind, title, partners) in enumerate(COLLABORATIONS):
            mentee = by_org[self.orgs[key].pk]
            services.report_collaboration(
                mentee=mentee,
                reported_by=mentee.person,
                kind=CollaborationKind(kind),
                title=title,
                partners=list(Organisation.objects.filter(name__in=partners)),
                started_on=date(2021, 5 + number % 5, 10),
            )

    def attendance_and_surveys(self) -> None:
        joint = list(
            self.programme.meetings.filter(kind=MeetingKind.JOINT_MEETING).order_by("starts_at")
        )
        participants = [p for pair in self.pairs for p in (pair.mentee.person, pair.mentor.person)]
        for number, meeting in enumerate(joint):
            for invitation in meeting.invitations.select_related("person"):
                present = self.random.random() < 0.85
                record_attendance(
                    meeting=meeting,
                    person=invitation.person,
                    attendance=Attendance.ATTENDED if present else Attendance.ABSENT,
                )
            survey = services.create_survey(
                programme=self.programme,
                kind=SurveyKind.JOINT_MEETING,
                title=f"Feedback: {meeting.title}",
                meeting=meeting,
            )
            # The closing meeting's survey has just opened: two answers, below the threshold.
            answering = participants[:2] if number == 2 else participants
            self.answer(survey, answering, share=1.0 if number == 2 else 0.7)
        final = services.create_survey(
            programme=self.programme, kind=SurveyKind.END, title="End-of-programme feedback"
        )
        self.answer(final, participants, share=0.8)

    def answer(self, survey: Survey, people: list[Person], *, share: float) -> None:
        comments = [
            "The bilateral sessions were the most useful part.",
            "More time for cluster-to-cluster visits, please.",
            "Working across time zones went smoothly.",
            "",
        ]
        for person in people:
            if self.random.random() >= share:
                continue
            services.answer_survey(
                survey=survey,
                person=person,
                satisfaction=self.random.choice([3, 4, 4, 5, 5]),
                usefulness=self.random.choice([3, 4, 5, 5]),
                comment=self.random.choice(comments),
            )


def build_journeys(programme: Programme, pairs: list[Pair], orgs: dict[str, Organisation]) -> None:
    JourneyBuilder(programme, pairs, orgs).build()
