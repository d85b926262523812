"""Where a sync generation's server CPU goes: cProfile over `POST /api/generations/` in process.

The app runs as a gunicorn worker runs it (Django's WSGI handler, every middleware, DEBUG off) on
PostgreSQL and Redis, against a loopback fake provider answering at once, so that the profile is
the API's own work. Prints the functions with the most time of their own and the most cumulative
time, for cache misses (cache off) and for cache hits:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        .venv/bin/python benchmarks/generation_profile.py [--requests 500] [--top 25] [--cpu]

`--cpu` profiles the request thread's CPU time (`time.thread_time`) instead of wall time, so that
waits for PostgreSQL, Redis and the provider count for nothing; the profiler's own cost weighs on
functions called often more than on others, so read shares, and time parts that matter with
`timeit`.

Uses a database of its own, `bench_profile_<pid>` (see `generation_latency.prepare_database`),
dropped at the end.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.environment import drop_cache_keys, drop_database, own_name  # noqa: E402
from benchmarks.generation_latency import (  # noqa: E402
    ADMIN_URL,
    MODEL,
    completion,
    prepare_database,
)
from tests.generations.providers.fake_server import FakeResponse, FakeServer  # noqa: E402

DATABASE = own_name("bench_profile")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--cpu", action="store_true", help="CPU time of the request thread")
    arguments = parser.parse_args()

    fake = FakeServer()
    fake.respond(FakeResponse(body=completion("An answer. " * 10)))
    fake.start()
    try:
        environment, template_id = prepare_database(fake.url, database=DATABASE)
        environment["CACHE_KEY_PREFIX"] = f"profile-{os.getpid()}"
        os.environ.update(environment)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "aiagency.settings")
        import django

        django.setup()
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        access = client.post(
            "/api/auth/token/",
            {"email": "bench@example.com", "password": "bench-password-1"},
            content_type="application/json",
        ).json()["access"]

        def generate(topic: str, cache: bool) -> None:
            answer = client.post(
                "/api/generations/",
                {
                    "template": template_id,
                    "variables": {"topic": topic},
                    "provider": "openai_compatible",
                    "model": MODEL,
                    "cache": cache,
                },
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {access}",
            )
            assert answer.status_code == 201, answer.content

        for index in range(50):
            generate(f"warm {index}", cache=False)
        generate("cached", cache=True)
        for label, cache in (("cache miss (cache off)", False), ("cache hit", True)):
            clock = time.thread_time if arguments.cpu else time.process_time
            profile = cProfile.Profile(time.thread_time) if arguments.cpu else cProfile.Profile()
            cpu = clock()
            profile.enable()
            for index in range(arguments.requests):
                generate("cached" if cache else f"{label} {index}", cache=cache)
            profile.disable()
            per_call = (clock() - cpu) / arguments.requests * 1000
            print(f"\n## {label}: {per_call:.2f} ms of CPU per request, profiled\n")
            for order in ("tottime", "cumulative"):
                text = io.StringIO()
                pstats.Stats(profile, stream=text).sort_stats(order).print_stats(arguments.top)
                print(text.getvalue())
    finally:
        fake.stop()
        from django.db import connections

        connections.close_all()
        drop_database(ADMIN_URL, DATABASE)
        drop_cache_keys(os.environ.get("REDIS_URL"), f"profile-{os.getpid()}")


if __name__ == "__main__":
    main()
