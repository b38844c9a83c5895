"""What programmes tells the apps above it, which it may not import (docs/architecture.md)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent once an import (the page or the ``import_people`` command) has committed, with
# ``programme``, ``participations`` (the accepted participations it created) and ``by`` (the
# user who imported, None for the operator). Invitations listen: every accepted participant
# without a login is sent a link.
participants_imported = Signal()
