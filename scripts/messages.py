"""Refresh each app's French and Arabic catalogues, then compile them.

Catalogues live per app (src/clusterbridge/<app>/locale) so that work on different apps never
touches the same file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "clusterbridge"
# -P: run inside each app folder without its modules (e.g. selectors.py) shadowing the stdlib.
COMMAND = [sys.executable, "-P", "-m", "clusterbridge"]


def main() -> None:
    for app in sorted(path.parent for path in PACKAGE.glob("*/apps.py")):
        (app / "locale").mkdir(exist_ok=True)
        subprocess.run(
            [
                *COMMAND,
                "makemessages",
                "-l",
                "fr",
                "-l",
                "ar",
                "--add-location",
                "file",
                "--ignore",
                "migrations/*",
                "--ignore",
                "static/*",
            ],
            cwd=app,
            check=True,
        )
        subprocess.run([*COMMAND, "compilemessages"], cwd=app, check=True)


if __name__ == "__main__":
    main()
