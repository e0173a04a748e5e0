"""Settings of the portal benchmark's server: production's, plus two baseline URLs (`portal_bench_urls`)."""

from lantoa.settings.production import *  # noqa: F403

ROOT_URLCONF = "portal_bench_urls"
