from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from clusterbridge.demo.programme import build_demo, demo_logins, demo_programmes


class Command(BaseCommand):
    help = (
        "Build the demo programmes (Cluster Mentoring Reloaded: 2021, a running edition and the "
        "next one, recruiting). Safe to run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        built = build_demo(progress=lambda message: self.stdout.write(f"… {message}"))
        if built:
            self.stdout.write(self.style.SUCCESS("Demo programmes built."))
        self.stdout.write("\nDemo programmes:")
        for programme in demo_programmes(now=timezone.now()):
            self.stdout.write(f"programme: {programme.slug} ({programme.status}) {programme.url}")
            if programme.apply_url:
                self.stdout.write(f"apply: {programme.apply_url}")
        self.stdout.write("\nDemo logins (every person in the demo is invented):")
        for login in demo_logins():
            self.stdout.write(f"  {login.role:<18} {login.email:<45} password: {login.password}")
