"""Survey answers stay anonymous to a manager who watches the results change (docs/privacy.md).

The attack: a manager reloads the survey list and the impact report after each answer and
subtracts consecutive figures (count × average) to recover one person's scores, or reads the
new comment; or reads in the audit trail who answered, to the minute.
"""

from __future__ import annotations

import io
import re

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from openpyxl import load_workbook

from clusterbridge.journeys import selectors, services
from clusterbridge.journeys.models import Survey, SurveyParticipation, SurveyResponse
from clusterbridge.programmes.models import Participation
from tests.conftest import World
from tests.factories import ParticipationFactory, PersonFactory
from tests.jobs.immediate import download_through_job
from tests.journeys.factories import survey_of

# Seven answers: satisfaction, usefulness, comment; every one different from its neighbours.
ANSWERS = [(5, 4, "clear"), (1, 2, "too long"), (4, 4, ""), (2, 5, "more cases"), (3, 1, "")]
ANSWERS += [(5, 5, "great"), (1, 3, "boring")]


def _respondents(world: World) -> list[Participation]:
    return [
        ParticipationFactory(
            programme=world.reloaded, person=PersonFactory(full_name=f"Respondent {n}")
        )
        for n in range(len(ANSWERS))
    ]


def _survey_list_row(world: World, survey: Survey) -> str:
    page = world.client_for("mona").get(f"/programmes/{world.reloaded.slug}/journeys/surveys/")
    body = page.content.decode()
    row = re.search(rf"<tr><td><bdi>{survey.title}</bdi></td>.*?</tr>", body, re.DOTALL)
    assert row is not None
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row.group(0))).strip()


def _impact_page_row(world: World) -> list[tuple[str, str]]:
    page = world.client_for("mona").get(f"/programmes/{world.reloaded.slug}/impact/")
    return [
        cell for row in page.context["report"].table("surveys").formatted_rows() for cell in row
    ]


def _workbook_rows(world: World) -> list[tuple[object, ...]]:
    url = f"/programmes/{world.reloaded.slug}/impact/xlsx/"
    workbook = load_workbook(io.BytesIO(download_through_job(world.client_for("mona"), url)))
    sheet = workbook["Feedback surveys"]
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=2)]


def _what_the_manager_sees(
    world: World, survey: Survey
) -> tuple[str, list[tuple[str, str]], list[tuple[object, ...]]]:
    return (_survey_list_row(world, survey), _impact_page_row(world), _workbook_rows(world))


def test_a_manager_watching_after_each_answer_cannot_isolate_anyone(world: World) -> None:
    survey = survey_of(world.reloaded)
    views = [_what_the_manager_sees(world, survey)]
    for respondent, (satisfaction, usefulness, comment) in zip(
        _respondents(world), ANSWERS, strict=True
    ):
        services.answer_survey(
            survey=survey,
            person=respondent.person,
            satisfaction=satisfaction,
            usefulness=usefulness,
            comment=comment,
        )
        views.append(_what_the_manager_sees(world, survey))

    changed_after = [k for k in range(1, len(views)) if views[k] != views[k - 1]]
    # Each change of what the manager sees includes at least three answers that were not in
    # the view before: differencing two views gives the pooled answers of three people.
    assert changed_after == [3, 6]
    published = [workbook[0][1] for _row, _page, workbook in views]
    assert published == ["fewer than 3"] * 3 + [3] * 3 + [6] * 2
    assert views[7] == views[6]  # the seventh answer waits for two more


def test_the_published_figures_are_those_of_whole_batches_rounded_as_shown(
    world: World,
) -> None:
    survey = survey_of(world.reloaded)
    for respondent, (satisfaction, usefulness, comment) in zip(
        _respondents(world)[:4], [(5, 4, "b"), (4, 4, "a"), (4, 5, ""), (1, 1, "c")], strict=True
    ):
        services.answer_survey(
            survey=survey,
            person=respondent.person,
            satisfaction=satisfaction,
            usefulness=usefulness,
            comment=comment,
        )

    released = selectors.released_survey_results([survey])[survey.pk]

    assert (released.answers, released.satisfaction, released.usefulness) == (3, 4.33, 4.33)
    assert released.comments == ("a", "b")
    assert _workbook_rows(world)[0][:4] == (survey.title, 3, 4.33, 4.33)


def test_no_audit_entry_names_a_respondent_or_dates_an_answer(world: World) -> None:
    survey = survey_of(world.reloaded)
    respondents = _respondents(world)[:3]
    entries_before = LogEntry.objects.count()
    trail_before = _trail(world)

    for respondent in respondents:
        services.answer_survey(
            survey=survey, person=respondent.person, satisfaction=2, usefulness=3
        )

    assert LogEntry.objects.count() == entries_before
    hidden = [ContentType.objects.get_for_model(m) for m in (SurveyParticipation, SurveyResponse)]
    assert LogEntry.objects.filter(content_type__in=hidden).count() == 0
    assert _trail(world) == trail_before


def _trail(world: World) -> list[str]:
    page = world.client_for("mona").get(f"/programmes/{world.reloaded.slug}/audit/")
    return [f"{entry.timestamp} {entry}" for entry in page.context["page"]]
