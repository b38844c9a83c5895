"""gunicorn's access log without the secrets that some paths carry.

A calendar feed's token, a password-reset or e-mail confirmation key and an import's token are
in the path; any query string may hold one. The documented start
(`gunicorn --logger-class clusterbridge.common.accesslog.AccessLogger`, docs/deployment.md)
logs paths with those parts masked, no query string and the referrer masked alike; nginx's
documented `log_format` does the same with a map.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from gunicorn.glogging import Logger

MASK = "[secret]"
_SECRET_PATHS = [
    (re.compile(r"^/calendar/[^/]+\.ics$"), f"/calendar/{MASK}.ics"),
    (
        re.compile(r"^/accounts/password/reset/key/(?!done/$)[^/]+/$"),
        f"/accounts/password/reset/key/{MASK}/",
    ),
    (re.compile(r"^/accounts/confirm-email/[^/]+/$"), f"/accounts/confirm-email/{MASK}/"),
    (re.compile(r"^/directory/import/[^/]+/"), f"/directory/import/{MASK}/"),
]


def mask_path(path: str) -> str:
    """The path with its secret part replaced by [secret]; other paths as they are."""
    for pattern, replacement in _SECRET_PATHS:
        match = pattern.match(path)
        if match:
            return replacement + path[match.end() :]
    return path


def _mask_url(url: str) -> str:
    """A referrer: scheme, host and masked path, without its query."""
    if url in ("", "-"):
        return url
    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""
    return origin + mask_path(parts.path)


class AccessLogger(Logger):
    """gunicorn's logger with the request line, path, query and referrer masked."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        atoms = super().atoms(resp, req, environ, request_time)
        path = mask_path(environ.get("PATH_INFO", ""))
        atoms["r"] = f"{environ['REQUEST_METHOD']} {path} {environ['SERVER_PROTOCOL']}"
        atoms["U"] = path
        atoms["q"] = "-"
        atoms["f"] = _mask_url(atoms["f"])
        # The same values are also reachable as {name}e (environ) and {name}i (headers) atoms.
        for name, mask in _MASKED_ATOMS.items():
            if name in atoms:
                atoms[name] = mask(atoms[name])
        return atoms


_MASKED_ATOMS = {
    "{raw_uri}e": lambda value: mask_path(value.split("?", 1)[0]),
    "{request_uri}e": lambda value: mask_path(value.split("?", 1)[0]),
    "{path_info}e": mask_path,
    "{query_string}e": lambda value: "-",
    "{http_referer}e": _mask_url,
    "{referer}i": _mask_url,
}
