"""Hypothesis profiles for the hardening suite.

`make test` runs the bounded default profile (`ci`); `HYPOTHESIS_PROFILE=long` runs ten times as
many examples per property for a deeper search (`make test-fuzz-long`).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Django's database is involved in most properties: a slow first query is not a flaky test, and
# the `db` fixture is function-scoped on purpose (every example makes its own workspace).
_COMMON = {
    "deadline": None,
    "suppress_health_check": [
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
    "print_blob": True,
}
settings.register_profile("ci", max_examples=200, **_COMMON)
settings.register_profile("long", max_examples=2_000, **_COMMON)
settings.register_profile("dev", max_examples=25, **_COMMON)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
