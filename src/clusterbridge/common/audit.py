"""Tagging audit entries with their programme, so managers can read their programme's trail."""

from __future__ import annotations

from typing import ClassVar


class AuditedInProgramme:
    """Mixin for models that belong to a programme through a chain of relations.

    ``programme_path`` names the attributes from the object to its programme id, dotted
    (e.g. ``"pair.programme_id"``); django-auditlog stores the result with every entry.
    """

    programme_path: ClassVar[str] = "programme_id"

    def get_additional_data(self) -> dict[str, int | None]:
        target: object = self
        for attribute in self.programme_path.split("."):
            target = getattr(target, attribute, None)
            if target is None:
                return {"programme": None}
        return {"programme": int(target)}  # type: ignore[call-overload]
