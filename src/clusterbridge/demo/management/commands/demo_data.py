from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from clusterbridge.demo.programme import build_demo, demo_logins


class Command(BaseCommand):
    help = "Build the demo programme (Cluster Mentoring Reloaded). Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        built = build_demo(progress=lambda message: self.stdout.write(f"… {message}"))
        if built:
            self.stdout.write(self.style.SUCCESS("Demo programme built."))
        self.stdout.write("\nDemo logins (every person in the demo is invented):")
        for login in demo_logins():
            self.stdout.write(f"  {login.role:<18} {login.email:<45} password: {login.password}")
