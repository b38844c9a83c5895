"""Reads of the closing: the pairs to close out, who earned a certificate, who may open one."""

from __future__ import annotations

from django.db.models import Case, Q, QuerySet, Value, When
from django.http import Http404

from clusterbridge.certificates.models import Certificate
from clusterbridge.programmes.models import Pair, PairStatus, Participation, Programme
from clusterbridge.programmes.selectors import (
    AnyUser,
    managed_programmes,
    pairs_visible_to,
    user_id,
)

OPEN_PAIR_STATUSES = (PairStatus.PROPOSED, PairStatus.CONFIRMED)


def pairs_to_close(user: AnyUser, programme: Programme) -> QuerySet[Pair]:
    """The programme's pairs as its managers see them, still open ones first."""
    still_open = Case(When(status__in=OPEN_PAIR_STATUSES, then=Value(0)), default=Value(1))
    return pairs_visible_to(user, programme).order_by(still_open, "mentee__person__full_name")


def open_pairs(programme: Programme) -> QuerySet[Pair]:
    return Pair.objects.filter(programme=programme, status__in=OPEN_PAIR_STATUSES)


def completed_participations(programme: Programme) -> QuerySet[Participation]:
    """The mentors and mentees of the programme's completed pairs: who earns a certificate."""
    completed = Pair.objects.filter(programme=programme, status=PairStatus.COMPLETED)
    return (
        Participation.objects.accepted()
        .filter(Q(pk__in=completed.values("mentor_id")) | Q(pk__in=completed.values("mentee_id")))
        .select_related("person__user", "programme")
        .order_by("person__full_name", "pk")
    )


def missing_certificates(programme: Programme) -> QuerySet[Participation]:
    """Who earned a certificate and has none yet."""
    return completed_participations(programme).filter(certificate__isnull=True)


def certificates_of_programme(programme: Programme) -> QuerySet[Certificate]:
    return (
        Certificate.objects.filter(participation__programme=programme)
        .select_related("participation__person", "participation__programme")
        .order_by("name", "pk")
    )


def certificates_of(user: AnyUser) -> QuerySet[Certificate]:
    """The signed-in person's own certificates, for their home page."""
    return (
        Certificate.objects.filter(participation__person__user_id=user_id(user))
        .select_related("participation__programme")
        .order_by("-issued_at")
    )


def get_verified_certificate(*, code: str) -> Certificate:
    """The certificate with exactly this code, for anyone holding the link; Http404 otherwise."""
    certificate = (
        Certificate.objects.select_related("participation__programme", "participation__person")
        .filter(code=code)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def get_own_certificate(*, user: AnyUser, code: str) -> Certificate:
    """The certificate as a document: for its holder and the programme's managers only; anyone
    else holding the code sees the verification page, never the PDF (Http404)."""
    certificate = get_verified_certificate(code=code)
    own = user.is_authenticated and certificate.participation.person.user_id == user.pk
    if own or managed_programmes(user).filter(pk=certificate.participation.programme_id).exists():
        return certificate
    raise Http404
