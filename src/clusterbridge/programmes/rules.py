"""Object permissions (django-rules), built on the visibility selectors."""

from __future__ import annotations

import rules

from clusterbridge.directory.models import Person
from clusterbridge.programmes import selectors
from clusterbridge.programmes.models import Programme


@rules.predicate
def manages_programme(user: selectors.AnyUser, programme: Programme | None) -> bool:
    return programme is not None and selectors.can_manage(user, programme)


@rules.predicate
def sees_private_data(user: selectors.AnyUser, person: Person | None) -> bool:
    return person is not None and selectors.can_see_private_data(user, person)


rules.add_perm("programmes.manage_programme", manages_programme)
rules.add_perm("directory.view_private_person", sees_private_data)


@rules.predicate
def is_operator_staff(user: selectors.AnyUser) -> bool:
    return selectors.operators_of(user).exists()


# Staff create programmes for their own operator only: the form offers no other.
rules.add_perm("programmes.add_programme", rules.is_superuser | is_operator_staff)


@rules.predicate
def manages_any_programme(user: selectors.AnyUser) -> bool:
    return selectors.managed_programmes(user).exists()


rules.add_perm("directory.add_person", rules.is_superuser | manages_any_programme)
