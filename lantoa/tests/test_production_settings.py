"""Production refuses to start with mail that stays on the server (printed, kept, dropped), or without the key of
the participant lists' digests."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_production(**env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("EMAIL_", "DJANGO_", "LANTOA_"))}
    environment.update({"SECRET_KEY": "x" * 50, "LANTOA_ATTRIBUTION_KEYS": "k1:" + "a" * 64, **env})
    return subprocess.run(
        [sys.executable, "-c", "import lantoa.settings.production"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "backend",
    [
        None,
        "",
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
    ],
)
def test_production_refuses_to_start_with_mail_that_stays_on_the_server(backend):
    env = {} if backend is None else {"EMAIL_BACKEND": backend}

    result = _load_production(**env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "Set EMAIL_BACKEND in production" in result.stderr


def test_production_starts_with_an_smtp_server():
    result = _load_production(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="mail.example.vn", EMAIL_PORT="587"
    )

    assert result.returncode == 0, result.stderr


def test_production_refuses_to_start_without_the_key_of_the_participant_lists_digests():
    result = _load_production(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="mail.example.vn",
        LANTOA_ATTRIBUTION_KEYS="",
    )

    assert result.returncode != 0
    assert "Set LANTOA_ATTRIBUTION_KEYS in production" in result.stderr
