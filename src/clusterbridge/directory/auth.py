"""The login backend: allauth's, loading the signed-in user's person in the same query."""

from __future__ import annotations

from typing import Any

from allauth.account.auth_backends import AuthenticationBackend

from clusterbridge.accounts.models import User


# allauth's backends module is untyped, so its base class reads as Any.
class PersonAuthenticationBackend(AuthenticationBackend):  # type: ignore[misc]
    """Every page reads the viewer's person (time zone, roles, name): one query, not two."""

    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User._default_manager.select_related("person").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj: Any, obj: object = None) -> set[str]:
        """Django's per-model permissions serve only the admin's staff.

        Everyone else's permissions come from rules (programmes/rules.py); without this, every
        permission rules refuses costs two more queries for grants nobody is ever given.
        """
        if not user_obj.is_staff:
            return set()
        return set(super().get_all_permissions(user_obj, obj))
