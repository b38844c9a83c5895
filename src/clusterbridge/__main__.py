"""The `clusterbridge` command: Django management with clusterbridge's settings preset."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clusterbridge.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        from django.conf import settings

        settings.INSTALLED_APPS  # noqa: B018 - reading a setting loads and checks them all
    except ImproperlyConfigured as error:
        sys.stderr.write(f"clusterbridge: configuration error: {error}\n")
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
