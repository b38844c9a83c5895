"""Logins for people."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from clusterbridge.accounts.models import User
from clusterbridge.directory.models import Person


@transaction.atomic
def create_login(
    *,
    person: Person,
    password: str | None,
    verified: bool = False,
    is_superuser: bool = False,
    language: str = "",
) -> User:
    """Give a person a login with their e-mail address.

    Side effects: creates the allauth e-mail record (verified only when the caller vouches for it,
    as the demo does), links the person to the user.
    """
    if person.user_id is not None:
        raise ValidationError(_("%(person)s already has a login."), params={"person": person})
    if User.objects.filter(email__iexact=person.email).exists():
        raise ValidationError(
            _("A login with the e-mail address %(email)s already exists."),
            params={"email": person.email},
        )
    names = person.full_name.split(" ", 1)
    user = User(
        email=person.email,
        first_name=names[0][:150],
        last_name=(names[1] if len(names) > 1 else "")[:150],
        is_superuser=is_superuser,
        is_staff=is_superuser,
        language=language,
    )
    user.set_password(password)
    user.save()
    EmailAddress.objects.create(user=user, email=person.email, primary=True, verified=verified)
    person.user = user
    person.save(update_fields=["user"])
    return user
