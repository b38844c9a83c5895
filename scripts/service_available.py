"""Exit 0 when the named service answers, 1 otherwise. Used by the Makefile to skip loudly."""

from __future__ import annotations

import sys

import psycopg


def postgres(url: str) -> bool:
    try:
        with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", connect_timeout=3):
            return True
    except psycopg.Error:
        return False


if __name__ == "__main__":
    checks = {"postgres": postgres}
    sys.exit(0 if checks[sys.argv[1]](sys.argv[2]) else 1)
