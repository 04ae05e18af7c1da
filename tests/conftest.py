"""Shared test set-up: a non-interactive matplotlib backend and hypothesis profiles."""

import os

import matplotlib

matplotlib.use("Agg")

from hypothesis import HealthCheck, settings  # noqa: E402

# "ci" keeps the whole suite fast on 2 cores; HYPOTHESIS_PROFILE=thorough for a deeper local run.
settings.register_profile("ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
