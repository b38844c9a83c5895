"""Benchmark the portfolio PDF: 500 consenting participants in about 60 clusters.

    python benchmarks/bench_portfolio.py [--quick] [--people N]

Builds a throw-away SQLite database in a temporary data directory, creates the people through
the services (with Arabic-script names for a third of them), then times the HTML rendering and
the PDF (WeasyPrint) in English and Arabic. Reports wall time and the peak resident memory of
the process (the goal is under 60 s and below 1 GiB for 500 profiles). The HTML-only time is
the peer figure: it shows what the PDF layout costs on top of the template.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def _setup(data_dir: str) -> None:
    os.environ["CLUSTERBRIDGE_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbridge.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _cohort(people: int) -> object:
    from datetime import date

    from django.db import transaction

    from clusterbridge.competences.models import CompetenceArea, PersonCompetence
    from clusterbridge.directory import services as directory
    from clusterbridge.directory.models import Country
    from clusterbridge.programmes import services
    from clusterbridge.programmes.models import Participation

    countries = list(
        Country.objects.filter(code__in=["MA", "TN", "EG", "JO", "PS", "FR", "IT", "ES"])
    )
    areas = list(CompetenceArea.objects.all())
    with transaction.atomic():
        operator = directory.create_organisation(
            kind="agency", name="Operator", country=countries[0]
        )
        programme = services.create_programme(
            name="Benchmark programme",
            slug="bench",
            kind="mentoring",
            operator=operator,
            starts_on=date(2021, 1, 20),
            ends_on=date(2021, 10, 31),
        )
        clusters = [
            directory.create_organisation(
                kind="cluster", name=f"Cluster {index}", country=countries[index % len(countries)]
            )
            for index in range(max(people // 8, 1))
        ]
        competences = []
        for index in range(people):
            cluster = clusters[index % len(clusters)]
            arabic = index % 3 == 0
            person = directory.create_person(
                full_name=f"سلمى بناني {index}" if arabic else f"Participant {index}",
                alternate_name="" if arabic else f"مشارك {index}",
                email=f"p{index}@bench.example",
                country=cluster.country,
                organisation=cluster,
                position="Cluster manager",
                bio="Ten years of **cluster management**, export programmes and EU projects. " * 3,
                languages={"ar": "native", "fr": "C1", "en": "B2"},
                portfolio_consent=True,
            )
            competences += [
                PersonCompetence(person=person, area=area, kind="need", level=3)
                for area in areas[index % 5 : index % 5 + 3]
            ]
            Participation.objects.create(
                programme=programme,
                person=person,
                role="mentee" if index % 2 else "mentor",
                status="accepted",
            )
        PersonCompetence.objects.bulk_create(competences)
    return programme


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 profiles instead of 500")
    parser.add_argument("--people", type=int, default=500)
    args = parser.parse_args()
    people = 50 if args.quick else args.people
    with tempfile.TemporaryDirectory() as data_dir:
        _setup(data_dir)
        from clusterbridge.community import portfolio

        started = time.perf_counter()
        programme = _cohort(people)
        print(f"cohort of {people} people built in {time.perf_counter() - started:.1f} s")
        for language in ("en", "ar"):
            started = time.perf_counter()
            content = portfolio.build_portfolio(programme)  # type: ignore[arg-type]
            html = portfolio.render_html(content, language=language, for_pdf=True)
            html_seconds = time.perf_counter() - started
            started = time.perf_counter()
            pdf = portfolio.render_pdf(content, language=language)
            pdf_seconds = time.perf_counter() - started
            print(
                f"{language}: {content.people_count} profiles, {len(content.sections)} clusters; "
                f"HTML {html_seconds:.2f} s ({len(html) // 1024} KiB), "
                f"PDF {pdf_seconds:.1f} s ({len(pdf) // 1024} KiB), "
                f"ratio PDF/HTML {pdf_seconds / html_seconds:.0f}×, "
                f"peak RSS so far {_peak_rss_mib():.0f} MiB"
            )


if __name__ == "__main__":
    main()
