"""This API side by side with LiteLLM's proxy and a direct SDK call, against one loopback fake.

`make bench-peers` installs LiteLLM's proxy in its own virtual environment (`.venv-bench`, from
`requirements-bench.txt`; never the app's) and runs this. It starts:

- a fake OpenAI-compatible provider answering after 50 ms (and a second one streaming 20 deltas
  50 ms apart);
- this API at HEAD (its committed files, exported with `git archive`) as production runs it
  (`gunicorn -c aiagency/gunicorn.conf.py`, gthread, 2 workers, DEBUG off) on PostgreSQL and
  Redis (`DATABASE_URL`, `REDIS_URL`; own database `bench_peers`);
- the same API at `--before` (the code before this branch's changes, `git merge-base HEAD main`
  by default, exported with `git archive`), so that before and after are measured in one run;
  on `--before-python` if given (another virtual environment's interpreter), to measure an
  interpreter's change the same way;
- LiteLLM's proxy with its default settings and no database, its one model routed to the fake.

Loads, each interleaving the servers call by call (the order rotating every round), so a slower
spell of the shared machine weighs on all alike:

- sequential: `--rounds` rounds of a direct SDK call, our `POST /api/generations/` (cache off),
  the same on the `before` server, and the same request through LiteLLM (SDK); the overhead is
  each percentile less the direct call's. Then cache hits, alternated with direct calls;
- CPU: the servers' CPU time (user + system, every process of the server, from /proc) over the
  sequential calls, per call;
- concurrent: 16 clients for `--seconds` per server (rounds ABC then CBA), requests per second;
- streaming: time to the first token through `POST /api/generations/stream/` against the direct
  SDK's first token from the streaming fake.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/test REDIS_URL=redis://127.0.0.1:6379/0 \\
        make bench-peers   # or .venv/bin/python benchmarks/peers.py [--rounds 300] [--seconds 20]

Writes its results under "## Results" in `benchmarks/peers.md`, keeping what is above it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from openai import AsyncOpenAI, OpenAI

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.environment import (  # noqa: E402
    RESULTS_MARKER,
    before_commit,
    head_commit,
    run_opening,
    timeit_figure,
    write_results,
)
from benchmarks.generation_latency import (  # noqa: E402
    MODEL,
    completion,
    percentile,
    prepare_database,
    start_gunicorn,
)
from tests.generations.providers.fake_server import (  # noqa: E402
    FakeResponse,
    FakeServer,
    openai_stream,
)
from tests.hardening.live_server import GUNICORN  # noqa: E402

RESULTS = ROOT / "benchmarks" / "peers.md"
DATABASE = "bench_peers"
PORTS = {"ours": 8771, "before": 8772, "litellm": 8773, "stream": 8774}
LITELLM = ROOT / ".venv-bench" / "bin" / "litellm"
PROVIDER_LATENCY = 0.05
DELTA_INTERVAL = 0.05
CLIENTS = 16
STREAM = openai_stream(
    [f"word{n} " for n in range(20)], model=MODEL, prompt_tokens=40, completion_tokens=60
)
# Its proxy refuses to start without a master key (a strong one); requests then carry it, as ours
# carry a JWT.
LITELLM_KEY = f"sk-{secrets.token_hex(32)}"
CREDENTIALS = {"email": "bench@example.com", "password": "bench-password-1"}
MESSAGES = [{"role": "user", "content": "Write about tea."}]


# --- servers --------------------------------------------------------------------------------------
def exported_tree(commit: str) -> Path:
    """The repository at `commit`, exported to a temporary directory."""
    directory = Path(tempfile.mkdtemp(prefix="peers-before-"))
    archive = subprocess.run(
        ["git", "archive", commit], cwd=ROOT, capture_output=True, check=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(directory)], input=archive, check=True)
    return directory


def start_litellm(provider_url: str, port: int, directory: Path) -> subprocess.Popen[bytes]:
    """LiteLLM's proxy with its default settings, no database, the one model routed to the fake."""
    config = directory / "litellm.yaml"
    config.write_text(
        "model_list:\n"
        f"  - model_name: {MODEL}\n"
        "    litellm_params:\n"
        f"      model: openai/{MODEL}\n"
        f"      api_base: {provider_url}/v1\n"
        "      api_key: unused\n"
    )
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in ("DATABASE_URL", "REDIS_URL", "VIRTUAL_ENV")
    }
    # Read the model price map shipped with it rather than fetching it from the network.
    environment["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
    environment["LITELLM_MASTER_KEY"] = LITELLM_KEY
    log = (directory / "litellm.log").open("wb")
    process = subprocess.Popen(
        [str(LITELLM), "--config", str(config), "--host", "127.0.0.1", "--port", str(port)],
        cwd=directory,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"LiteLLM exited with {process.returncode}: see {log.name}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/liveliness", timeout=2):
                return process
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"LiteLLM did not answer within 180 s: see {log.name}")


def cpu_seconds(root: int) -> float:
    """User and system CPU seconds of process `root` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    ticks = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        times[pid] = (int(fields[11]) + int(fields[12])) / ticks
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(times.get(pid, 0.0) for pid in tree)


# --- clients --------------------------------------------------------------------------------------
def token(port: int) -> str:
    answer = httpx.post(f"http://127.0.0.1:{port}/api/auth/token/", json=CREDENTIALS, timeout=30)
    answer.raise_for_status()
    return str(answer.json()["access"])


def generation_body(template_id: int, topic: str, *, cache: bool) -> dict:
    return {
        "template": template_id,
        "variables": {"topic": topic},
        "provider": "openai_compatible",
        "model": MODEL,
        "cache": cache,
    }


@dataclass
class Target:
    """One way of asking for a completion: a call, and the server process to read CPU from."""

    call: Callable[[str], None]
    pid: int | None = None
    samples: list[float] = field(default_factory=list)


def sync_targets(
    provider_url: str, template_id: int, servers: dict[str, subprocess.Popen[bytes]]
) -> dict[str, Target]:
    direct = OpenAI(base_url=f"{provider_url}/v1", api_key="unused", max_retries=0)
    targets = {"direct": Target(lambda _: direct_call(direct))}
    for name in ("ours", "before"):
        api = httpx.Client(
            base_url=f"http://127.0.0.1:{PORTS[name]}",
            timeout=30,
            headers={"Authorization": f"Bearer {token(PORTS[name])}"},
        )
        targets[name] = Target(ours_call(api, template_id), servers[name].pid)
    proxy = OpenAI(base_url=f"http://127.0.0.1:{PORTS['litellm']}", api_key=LITELLM_KEY)
    targets["litellm"] = Target(lambda _: direct_call(proxy), servers["litellm"].pid)
    return targets


def direct_call(client: OpenAI) -> None:
    answer = client.chat.completions.create(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
    assert answer.choices[0].message.content


def ours_call(api: httpx.Client, template_id: int, *, cache: bool = False) -> Callable[[str], None]:
    def call(topic: str) -> None:
        answer = api.post(
            "/api/generations/", json=generation_body(template_id, topic, cache=cache)
        )
        assert answer.status_code == 201, answer.text
        assert answer.json()["status"] == "succeeded", answer.text

    return call


def timed(call: Callable[[str], None], topic: str) -> float:
    started = time.perf_counter()
    call(topic)
    return time.perf_counter() - started


def interleaved(targets: dict[str, Target], rounds: int, label: str) -> dict[str, float]:
    """`rounds` rounds, one call of each target per round in rotating order; each target's
    samples are kept on it. Returns each server's CPU seconds per call over the rounds."""
    names = list(targets)
    for index in range(10):  # warm every path up
        for name in names:
            targets[name].call(f"{label} warm {index}")
    before = {name: cpu_seconds(t.pid) for name, t in targets.items() if t.pid is not None}
    for number in range(rounds):
        shift = number % len(names)
        for name in names[shift:] + names[:shift]:
            target = targets[name]
            target.samples.append(timed(target.call, f"{label} {number}"))
    return {
        name: (cpu_seconds(targets[name].pid or 0) - spent) / rounds
        for name, spent in before.items()
    }


# --- concurrent -----------------------------------------------------------------------------------
async def concurrent(make_call: Callable[[], Callable[[int], object]], seconds: float) -> float:
    """Requests per second of `CLIENTS` clients calling back to back for `seconds`."""
    call = make_call()
    done = 0
    deadline = time.perf_counter() + seconds

    async def client(number: int) -> None:
        nonlocal done
        index = 0
        while time.perf_counter() < deadline:
            await call(number * 1_000_000 + index)  # type: ignore[misc]
            done += 1
            index += 1

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(CLIENTS)))
    return done / (time.perf_counter() - started)


def async_calls(provider_url: str, template_id: int, tokens: dict[str, str]):
    limits = httpx.Limits(max_connections=CLIENTS, max_keepalive_connections=CLIENTS)

    def sdk(base_url: str, key: str) -> Callable[[], Callable[[int], object]]:
        def make() -> Callable[[int], object]:
            client = AsyncOpenAI(
                base_url=base_url,
                api_key=key,
                max_retries=0,
                http_client=httpx.AsyncClient(limits=limits, timeout=60),
            )

            async def call(_: int) -> None:
                answer = await client.chat.completions.create(model=MODEL, messages=MESSAGES)  # type: ignore[arg-type]
                assert answer.choices[0].message.content

            return call

        return make

    def api(name: str) -> Callable[[], Callable[[int], object]]:
        def make() -> Callable[[int], object]:
            client = httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{PORTS[name]}",
                limits=limits,
                timeout=60,
                headers={"Authorization": f"Bearer {tokens[name]}"},
            )

            async def call(index: int) -> None:
                body = generation_body(template_id, f"{name} concurrent {index}", cache=False)
                answer = await client.post("/api/generations/", json=body)
                assert answer.status_code == 201, answer.text

            return call

        return make

    return {
        "direct": sdk(f"{provider_url}/v1", "unused"),
        "ours": api("ours"),
        "before": api("before"),
        "litellm": sdk(f"http://127.0.0.1:{PORTS['litellm']}", LITELLM_KEY),
    }


# --- streaming ------------------------------------------------------------------------------------
def first_token_direct(client: OpenAI) -> float:
    started = time.perf_counter()
    stream = client.chat.completions.create(model=MODEL, messages=MESSAGES, stream=True)  # type: ignore[arg-type]
    first = None
    for chunk in stream:
        if first is None and chunk.choices and chunk.choices[0].delta.content:
            first = time.perf_counter() - started
    assert first is not None
    return first


def first_token_ours(api: httpx.Client, template_id: int, topic: str) -> float:
    started = time.perf_counter()
    first = None
    body = generation_body(template_id, topic, cache=False)
    with api.stream("POST", "/api/generations/stream/", json=body) as response:
        assert response.status_code == 200, response.read()
        for line in response.iter_lines():
            if line == "event: delta" and first is None:
                first = time.perf_counter() - started
            elif line == "event: error":
                raise RuntimeError("the stream ended with an error event")
    assert first is not None
    return first


def streaming(streaming_url: str, template_id: int, rounds: int) -> tuple[list[float], list[float]]:
    """(direct, ours) seconds to the first token, alternated."""
    direct = OpenAI(base_url=f"{streaming_url}/v1", api_key="unused", max_retries=0)
    api = httpx.Client(
        base_url=f"http://127.0.0.1:{PORTS['stream']}",
        timeout=60,
        headers={"Authorization": f"Bearer {token(PORTS['stream'])}"},
    )
    for index in range(5):
        first_token_direct(direct)
        first_token_ours(api, template_id, f"stream warm {index}")
    direct_times, ours_times = [], []
    for number in range(rounds):
        direct_times.append(first_token_direct(direct))
        ours_times.append(first_token_ours(api, template_id, f"stream {number}"))
    return direct_times, ours_times


# --- report ---------------------------------------------------------------------------------------
def ms(samples: Sequence[float], q: float) -> float:
    return percentile(list(samples), q) * 1000


def overheads(samples: Sequence[float], direct: Sequence[float]) -> dict[str, float]:
    return {f"p{int(q * 100)}": ms(samples, q) - ms(direct, q) for q in (0.5, 0.95, 0.99)}


def ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b > 0 else "-"


def report(figures: dict, arguments: argparse.Namespace) -> str:
    over = figures["overhead"]
    rate = figures["rate"]
    cpu = figures["cpu"]
    lines = [
        RESULTS_MARKER,
        "",
        *run_opening(
            "peers.py",
            f"{arguments.rounds} sequential rounds, {CLIENTS} concurrent clients for "
            f"{arguments.seconds:.0f} s per server and round (2 rounds), "
            f"{arguments.stream_rounds} streams",
            commit=arguments.commit,
            before=arguments.before_commit,
            timeit=arguments.timeit,
        ),
        f"- Fake provider: {PROVIDER_LATENCY * 1000:.0f} ms per answer; streaming: 20 deltas "
        f"{DELTA_INTERVAL * 1000:.0f} ms apart.",
        f"- Ours: `gunicorn {' '.join(GUNICORN)} --workers=2` (gthread, 64 threads), PostgreSQL "
        f"and Redis, DEBUG off; before on Python {arguments.before_python_version}. "
        f"LiteLLM {arguments.litellm_version}: `litellm --config` "
        "(default settings but the master key it requires, no database, 1 process).",
        "",
        "### Sequential, one client (ms; overhead = the percentile less the direct call's)",
        "",
        "| | p50 | p95 | p99 | overhead p50 | overhead p95 | overhead p99 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, samples in figures["samples"].items():
        cells = [f"{ms(samples, q):.1f}" for q in (0.5, 0.95, 0.99)]
        extra = (
            ["-", "-", "-"]
            if name == "direct SDK call"
            else [f"{value:.1f}" for value in over[name].values()]
        )
        lines.append(f"| {name} | {' | '.join(cells + extra)} |")
    lines += [
        "",
        "| ratio | value | target |",
        "| --- | ---: | --- |",
    ]
    versus = over["LiteLLM proxy"]
    lines += [
        f"| ours / LiteLLM, overhead p50 | {ratio(over['ours']['p50'], versus['p50'])} | <= 0.5 |",
        f"| ours / LiteLLM, overhead p99 | {ratio(over['ours']['p99'], versus['p99'])} | <= 0.7 |",
        f"| ours / before, overhead p50 | {ratio(over['ours']['p50'], over['before']['p50'])} | |",
        f"| ours cache hit p50 / direct p50 | {ratio(figures['hit_p50'], figures['direct_p50'])} "
        "| <= 0.15 |",
        f"| before cache hit p50 / direct p50 | "
        f"{ratio(figures['before_hit_p50'], figures['direct_p50'])} | |",
        "",
        f"### Concurrent, {CLIENTS} clients (requests per second, mean of 2 rounds)",
        "",
        "| | req/s | / direct | / LiteLLM |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, value in rate.items():
        lines.append(
            f"| {name} | {value:.1f} | {ratio(value, rate['direct'])} | "
            f"{ratio(value, rate['litellm'])} |"
        )
    lines += [
        "",
        f"Target: ours / LiteLLM ≥ 2: {ratio(rate['ours'], rate['litellm'])}.",
        "",
        "### Server CPU per request (ms of user + system CPU, every process of the server)",
        "",
        "| | per sync generation (cache off) | per cache hit |",
        "| --- | ---: | ---: |",
        f"| ours | {cpu['ours'] * 1000:.1f} | {cpu['ours hit'] * 1000:.1f} |",
        f"| before | {cpu['before'] * 1000:.1f} | {cpu['before hit'] * 1000:.1f} |",
        f"| LiteLLM proxy | {cpu['litellm'] * 1000:.1f} | - |",
        "",
        f"Ratios: ours / before {ratio(cpu['ours'], cpu['before'])} per generation, "
        f"{ratio(cpu['ours hit'], cpu['before hit'])} per hit; ours / LiteLLM "
        f"{ratio(cpu['ours'], cpu['litellm'])}.",
        "",
        "### Streaming, time to the first token (ms)",
        "",
        "| | p50 | p95 | p99 |",
        "| --- | ---: | ---: | ---: |",
    ]
    direct_stream, ours_stream = figures["stream"]
    for name, samples in (("direct SDK stream", direct_stream), ("ours", ours_stream)):
        lines.append(
            f"| {name} | {' | '.join(f'{ms(samples, q):.1f}' for q in (0.5, 0.95, 0.99))} |"
        )
    stream_overhead = ms(ours_stream, 0.5) - ms(direct_stream, 0.5)
    lines += [
        "",
        f"First-token overhead p50 {stream_overhead:.1f} ms; / the sync overhead p50 "
        f"{ratio(stream_overhead, over['ours']['p50'])} (target < 0.5).",
    ]
    return "\n".join(lines) + "\n"


# --- main -----------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--stream-rounds", type=int, default=100)
    parser.add_argument("--before", default="", help="commit of `before` (the merge base)")
    parser.add_argument(
        "--before-python",
        default=sys.executable,
        help="the interpreter `before` runs on (another virtual environment's python, to measure "
        "an interpreter's change in one run); this one by default",
    )
    arguments = parser.parse_args()
    for name in ("DATABASE_URL", "REDIS_URL"):
        if not os.environ.get(name):
            parser.error(f"set {name} (PostgreSQL and Redis are needed)")
    if not LITELLM.exists():
        parser.error(f"{LITELLM} is missing: run `make bench-peers`")
    arguments.commit = head_commit()
    arguments.before_commit = before_commit(arguments.before)
    arguments.litellm_version = subprocess.run(
        [str(LITELLM.parent / "python"), "-c", "import importlib.metadata as m; "
         "print(m.version('litellm'))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    arguments.before_python_version = subprocess.run(
        [arguments.before_python, "-c", "import platform; print(platform.python_version())"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    arguments.timeit = timeit_figure()
    work = Path(tempfile.mkdtemp(prefix="peers-"))

    provider = FakeServer()
    provider.respond(FakeResponse(body=completion("An answer. " * 10), delay=PROVIDER_LATENCY))
    provider.start()
    stream_provider = FakeServer()
    stream_provider.respond(FakeResponse(events=STREAM, event_delay=DELTA_INTERVAL))
    stream_provider.start()
    servers: dict[str, subprocess.Popen[bytes]] = {}
    try:
        environment, template_id = prepare_database(provider.url, database=DATABASE)
        environment.update(
            API_RATE_LIMIT_ANON_PER_MINUTE="1000000", CACHE_KEY_PREFIX=f"peers-{os.getpid()}"
        )
        # Each from its commit's files: editing the checkout during a run changes neither.
        servers["ours"] = start_gunicorn(
            environment, PORTS["ours"], GUNICORN, cwd=exported_tree(arguments.commit)
        )
        servers["before"] = start_gunicorn(
            environment,
            PORTS["before"],
            GUNICORN,
            cwd=exported_tree(arguments.before_commit),
            python=arguments.before_python,
        )
        servers["litellm"] = start_litellm(provider.url, PORTS["litellm"], work)

        print("sequential", flush=True)
        targets = sync_targets(provider.url, template_id, servers)
        cpu = interleaved(targets, arguments.rounds, "sequential")
        print("cache hits", flush=True)
        hits = {"direct": Target(targets["direct"].call)}
        for name in ("ours", "before"):
            api = httpx.Client(
                base_url=f"http://127.0.0.1:{PORTS[name]}",
                timeout=30,
                headers={"Authorization": f"Bearer {token(PORTS[name])}"},
            )
            cached = ours_call(api, template_id, cache=True)
            hits[name] = Target(lambda _, cached=cached: cached("cached topic"), servers[name].pid)
        hit_cpu = interleaved(hits, arguments.rounds, "hits")
        cpu.update({"ours hit": hit_cpu["ours"], "before hit": hit_cpu["before"]})

        print("concurrent", flush=True)
        tokens = {name: token(PORTS[name]) for name in ("ours", "before")}
        calls = async_calls(provider.url, template_id, tokens)
        rates: dict[str, list[float]] = {name: [] for name in calls}
        for order in (list(calls), list(reversed(calls))):
            for name in order:
                rates[name].append(asyncio.run(concurrent(calls[name], arguments.seconds)))
                print(f"  {name}: {rates[name][-1]:.1f} req/s", flush=True)

        for name in ("before", "litellm"):
            servers.pop(name).terminate()
        print("streaming", flush=True)
        stream_environment = {
            **environment,
            "OPENAI_COMPATIBLE_BASE_URL": f"{stream_provider.url}/v1",
        }
        servers["stream"] = start_gunicorn(
            stream_environment, PORTS["stream"], GUNICORN, cwd=exported_tree(arguments.commit)
        )
        stream = streaming(stream_provider.url, template_id, arguments.stream_rounds)
    finally:
        for process in servers.values():
            process.terminate()
            process.wait()
        provider.stop()
        stream_provider.stop()

    direct = targets["direct"].samples
    figures = {
        "samples": {
            "direct SDK call": direct,
            "ours": targets["ours"].samples,
            "before": targets["before"].samples,
            "LiteLLM proxy": targets["litellm"].samples,
            "ours, cache hit": hits["ours"].samples,
            "before, cache hit": hits["before"].samples,
        },
        "overhead": {
            "ours": overheads(targets["ours"].samples, direct),
            "before": overheads(targets["before"].samples, direct),
            "LiteLLM proxy": overheads(targets["litellm"].samples, direct),
            "ours, cache hit": overheads(hits["ours"].samples, hits["direct"].samples),
            "before, cache hit": overheads(hits["before"].samples, hits["direct"].samples),
        },
        "hit_p50": ms(hits["ours"].samples, 0.5),
        "before_hit_p50": ms(hits["before"].samples, 0.5),
        "direct_p50": ms(hits["direct"].samples, 0.5),
        "rate": {name: sum(values) / len(values) for name, values in rates.items()},
        "cpu": cpu,
        "stream": stream,
    }
    results = report(figures, arguments)
    write_results(RESULTS, results, title="Peers")
    print(results)


if __name__ == "__main__":
    main()
