from __future__ import annotations

import pytest
from django.core import mail
from django.db import IntegrityError
from django.test import Client

from clusterbridge.accounts.models import User

pytestmark = pytest.mark.django_db


def test_signing_up_requires_a_verified_email_before_signing_in() -> None:
    client = Client()
    response = client.post(
        "/accounts/signup/",
        {
            "email": "newcomer@example.org",
            "password1": "a-long-pass-phrase",
            "password2": "a-long-pass-phrase",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert User.objects.filter(email="newcomer@example.org").exists()
    assert len(mail.outbox) == 1
    signed_in = client.post(
        "/accounts/login/", {"login": "newcomer@example.org", "password": "a-long-pass-phrase"}
    )
    assert signed_in["Location"] == "/accounts/confirm-email/"
    assert client.get("/home/").status_code == 302


def test_emails_are_unique_whatever_their_case() -> None:
    User.objects.create_user("Amina@Example.org", "x")
    assert User.objects.get().email == "amina@example.org"
    with pytest.raises(IntegrityError):
        User.objects.create_user("AMINA@example.org", "y")


def test_wrong_password_shows_a_message_not_an_error_page() -> None:
    User.objects.create_user("amina@example.org", "right-password")
    response = Client().post(
        "/accounts/login/", {"login": "amina@example.org", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
