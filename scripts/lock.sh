#!/usr/bin/env bash
# Refresh the lock files from pyproject.toml (`make lock`): see docs/decisions/0004-lock-files.md.
# The widest set (bench) is resolved first; dev and runtime are then resolved under it as a
# constraint, so a package has the same version in all three files.
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-.venv/bin/uv}"
common=(--generate-hashes --universal --python-version 3.11 --quiet
        --custom-compile-command "make lock" --index-url https://pypi.org/simple)
"$UV" pip compile pyproject.toml requirements/build.in --extra dev --extra bench \
    "${common[@]}" -o requirements/bench.txt
"$UV" pip compile pyproject.toml requirements/build.in --extra dev \
    -c requirements/bench.txt "${common[@]}" -o requirements/dev.txt
"$UV" pip compile pyproject.toml requirements/build.in \
    -c requirements/bench.txt "${common[@]}" -o requirements/runtime.txt
