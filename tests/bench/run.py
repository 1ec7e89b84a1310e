"""`make bench`: build a year's data on PostgreSQL, serve it with gunicorn, drive it with
locust for a fixed time, and write the measured table to docs/PERFORMANCE.md.

Nothing here is written by hand: every number in the table comes from this run.

Knobs (environment), for a quick check that the whole chain works on a small data set:
BENCH_PLACEMENTS, BENCH_SCHOOLS, BENCH_USERS, BENCH_SECONDS, BENCH_WORKERS; BENCH_DB (the
database name; the 20-placement one gets `_small` appended), BENCH_PORT, BENCH_LOCUST (the
locust program) and BENCH_REPORT (where the table goes; docs/PERFORMANCE.md by default, which
only a full run should write), e.g.
    BENCH_PLACEMENTS=100 BENCH_SCHOOLS=5 BENCH_SECONDS=10 BENCH_DB=driehoek_bench_try \
    BENCH_REPORT=/tmp/performance.md .venv/bin/python tests/bench/run.py

The import of a year is measured on a database of its own: BENCH_IMPORT_ROWS rows (5,000 by
default) previewed and confirmed as the praktijkbureau would, then the same file again.
`BENCH_ONLY=import` runs only that and rewrites only its section of the report.
"""

import csv
import json
import os
import platform
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PY = str(ROOT / ".venv" / "bin" / "python")
PG = "postgres://postgres@127.0.0.1:5432/{}"
PORT = int(os.environ.get("BENCH_PORT", 8765))
DATABASE = os.environ.get("BENCH_DB", "driehoek_bench")
LOCUST = os.environ.get("BENCH_LOCUST", str(ROOT / ".venv" / "bin" / "locust"))
REPORT = Path(os.environ.get("BENCH_REPORT", ROOT / "docs" / "PERFORMANCE.md"))
PLACEMENTS = int(os.environ.get("BENCH_PLACEMENTS", 2000))
SCHOOLS = int(os.environ.get("BENCH_SCHOOLS", 40))
USERS = int(os.environ.get("BENCH_USERS", 10))
SECONDS = int(os.environ.get("BENCH_SECONDS", 60))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))
OUT = Path(os.environ.get("BENCH_OUT", "/tmp/driehoek-bench"))

IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", 5000))
ONLY = os.environ.get("BENCH_ONLY", "")
IMPORT_HEADING = "## Import of a year"
TARGET_IMPORT_SECONDS = 30

ALONE_REQUESTS = 20  # per page, sequential, for the service time without load

TARGET_P95_MS = 100
TARGET_FIRST_RENDER_P95_MS = 1500
TARGET_QUERIES = 12

IDS_SCRIPT = """
import json
from apps.cycle.models import FormVersion
sent = FormVersion.objects.filter(state="verzonden", form__conversation__kind="eindbeoordeling").order_by("pk").first()
draft = FormVersion.objects.filter(state="reflectie_ingediend", form__conversation__kind="eindbeoordeling").select_related("form__conversation__placement__werkplekbegeleider").order_by("pk")
mentors = []
seen = set()
for v in draft:
    wpb = v.form.conversation.placement.werkplekbegeleider
    if wpb.pk not in seen:
        seen.add(wpb.pk)
        mentors.append([wpb.email, v.pk])
    if len(mentors) >= 20:
        break
print(json.dumps({"student": "student1@bench.test", "so": "so1@bench.test", "io": "io1@bench.test",
  "sent_version": sent.pk, "draft_version": draft.first().pk, "mentors": mentors}))
"""

QUERIES_SCRIPT = """
import json
import time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from apps.accounts.models import User
ids = json.loads('''{ids}''')
pages = {{
    "dashboard student": (ids["student"], "/"),
    "dashboard werkplekbegeleider": (ids["mentors"][0][0], "/"),
    "dashboard schoolopleider": (ids["so"], "/"),
    "dashboard instituutsopleider": (ids["io"], "/"),
    "form view": (ids["mentors"][0][0], "/formulieren/%d/" % ids["mentors"][0][1]),
    "sent form PDF (stored)": (ids["io"], "/formulieren/%d/pdf/" % ids["sent_version"]),
    "ceiling: minimal logged-in view": (ids["io"], "/ping/"),
}}
counts = {{}}
for name, (email, url) in pages.items():
    client = Client()
    client.force_login(User.objects.get(email=email))
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    queries = len(ctx.captured_queries)  # now: the next request empties the query log
    # The page alone: one request after another in this process, nothing else running.
    times = []
    for _ in range({alone}):
        started = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    counts[name] = [queries, status, times[len(times) // 2], times[-2]]
print(json.dumps(counts))
"""


IMPORT_SCRIPT = """
import json
import os
import time
from datetime import timedelta

from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apps.core.excel_csv import csv_bytes
from apps.outcomes.models import LearningOutcome
from apps.placements.importing.selectors import COLUMNS, build_plan, read_table
from apps.placements.importing.services import placements_import
from apps.placements.models import Institute, Period, Placement, Programme, School

call_command("loaddata", "rubrics", "outcomes", "leidraad", "conversation_guide", verbosity=0)
institute = Institute.objects.create(name="Benchmark-instituut")
outcomes = LearningOutcome.objects.current().filter(is_maatwerk=False, study_year=2)
for code in ("BI", "EN", "WI", "GS"):
    Programme.objects.create(institute=institute, code=code, name="Leraar " + code).default_outcomes.set(outcomes)
start = timezone.localdate() + timedelta(weeks=2)
Period.objects.create(name="Blok 3", start=start, end=start + timedelta(weeks=8))
Period.objects.create(name="Blok 4", start=start + timedelta(weeks=9), end=start + timedelta(weeks=17))
SCHOOLS = 80
School.objects.bulk_create([School(name="School %02d" % n) for n in range(SCHOOLS)])
rows = [[c.header for c in COLUMNS]]
for n in range({rows}):
    s = n % SCHOOLS
    row = dict(
        student_number="7%06d" % n, student_name="Student %d" % n,
        student_email="student%d@bench.test" % n, programme=("BI", "EN", "WI", "GS")[n % 4],
        year=str(1 + n % 4), mode="voltijd", school="School %02d" % s,
        wpb_name="Werkplekbegeleider %d" % (n // 4), wpb_email="wpb%d@bench.test" % (n // 4),
        so_name="Schoolopleider %d" % s, so_email="so%d@bench.test" % s,
        io_name="Instituutsopleider %d" % (s // 5), io_email="io%d@bench.test" % (s // 5),
        periods="Blok 3 + Blok 4" if n % 3 == 0 else "Blok 3",
    )
    rows.append([row.get(c.key, "") for c in COLUMNS])  # by column key: new columns stay empty
content = csv_bytes(rows)
reverse("placements:import")  # the URLs are loaded, as in a running server
count = [0]
def counting(execute, sql, params, many, context):
    count[0] += 1
    return execute(sql, params, many, context)
with connection.execute_wrapper(counting):
    started = time.perf_counter()
    plan = build_plan(read_table("jaar.csv", content))
    preview = time.perf_counter() - started
    preview_queries, count[0] = count[0], 0
    started, cpu = time.perf_counter(), time.process_time()
    result = placements_import(by=None, rows=read_table("jaar.csv", content),
        expected_digest=plan.digest, source="bench", base_url="http://127.0.0.1/")
    confirm, confirm_cpu = time.perf_counter() - started, time.process_time() - cpu
    confirm_queries, count[0] = count[0], 0
    started = time.perf_counter()
    again = placements_import(by=None, rows=read_table("jaar.csv", content), source="bench")
    repeat = time.perf_counter() - started
print(json.dumps({{"rows": {rows}, "bytes": len(content), "preview": preview,
    "preview_queries": preview_queries, "confirm": confirm, "confirm_queries": confirm_queries,
    "confirm_cpu": confirm_cpu, "load": os.getloadavg()[0],
    "repeat": repeat, "placements": Placement.objects.count(), "invited": len(result.invited),
    "unchanged": again.unchanged_rows}}))
"""


def run(*args: str, env: dict | None = None, capture: bool = False) -> str:
    result = subprocess.run(
        args,
        cwd=ROOT,
        env=env,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout if capture else ""


def shell(script: str, env: dict) -> str:
    """Run a script in `manage.py shell` and return its last line of output (the JSON)."""
    output = run(PY, "manage.py", "shell", "-v", "0", "-c", script, env=env, capture=True)
    return output.strip().splitlines()[-1]


def django_env(database: str) -> dict:
    return {
        **os.environ,
        "DEBUG": "false",
        "SECURE": "false",
        "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DATABASE_URL": PG.format(database),
        "MEDIA_ROOT": str(OUT / "media" / database),
        "DRIEHOEK_BENCH": "1",
        "LOG_LEVEL": "WARNING",
        # The benchmark logs in many times from one address.
        "AXES_FAILURE_LIMIT": "1000",
    }


def build(database: str, placements: int, schools: int) -> tuple[dict, float]:
    run(
        "psql",
        "-h",
        "127.0.0.1",
        "-U",
        "postgres",
        "-q",
        "-c",
        f"DROP DATABASE IF EXISTS {database}",
    )
    run("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", f"CREATE DATABASE {database}")
    env = django_env(database)
    run(PY, "manage.py", "migrate", "-v0", env=env)
    started = time.monotonic()
    run(
        PY,
        "manage.py",
        "bench_data",
        "--placements",
        str(placements),
        "--schools",
        str(schools),
        env=env,
    )
    seconds = time.monotonic() - started
    # Fresh statistics, as autovacuum keeps them on a database in use; without them the
    # planner guesses row counts from an empty table.
    run("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-q", "-c", "ANALYZE")
    ids = json.loads(shell(IDS_SCRIPT, env))
    return ids, seconds


def query_counts(database: str, ids: dict) -> dict:
    script = QUERIES_SCRIPT.format(ids=json.dumps(ids), alone=ALONE_REQUESTS)
    return json.loads(shell(script, django_env(database)))


def serve(database: str) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=django_env(database),
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{PORT}/accounts/inloggen/", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def import_timing(database: str) -> dict:
    """Preview and confirm an import of IMPORT_ROWS rows on an empty year (PostgreSQL)."""
    for sql in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
        run("psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql)
    env = {**django_env(database), "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    run(PY, "manage.py", "migrate", "-v0", env=env)
    return json.loads(shell(IMPORT_SCRIPT.format(rows=IMPORT_ROWS), env))


def import_report(timing: dict) -> str:
    met = timing["confirm"] <= TARGET_IMPORT_SECONDS
    return "\n".join(
        [
            IMPORT_HEADING,
            "",
            f"Measured by `make bench` (this section alone: `BENCH_ONLY=import`) on "
            f"{datetime.now():%Y-%m-%d %H:%M}: {machine()}.",
            f"A file of {timing['rows']:,} rows ({timing['bytes'] // 1024} KiB CSV; 80 schools, "
            f"{timing['rows'] // 4:,} werkplekbegeleiders, a third of the students in two "
            "periods) imported into an empty year on PostgreSQL, in one process as the import "
            "page does it; mail goes to memory (invitations are written and rendered). "
            f"Load average at the end: {timing['load']:.1f} on {os.cpu_count()} cores; *CPU* is "
            "the Django process's own CPU time (PostgreSQL's not included), which does not "
            "count waiting for a core.",
            "",
            "| step | seconds | CPU seconds | queries |",
            "| --- | ---: | ---: | ---: |",
            f"| preview (read the file, check every row) | {timing['preview']:.1f} | – | "
            f"{timing['preview_queries']} |",
            f"| confirm ({timing['placements']:,} placements, {timing['invited']:,} "
            f"invitations) | {timing['confirm']:.1f} | {timing['confirm_cpu']:.1f} | "
            f"{timing['confirm_queries']} |",
            f"| the same file again ({timing['unchanged']:,} rows unchanged) | "
            f"{timing['repeat']:.1f} | – | – |",
            "",
            f"Target: {timing['rows']:,} rows confirmed in ≤ {TARGET_IMPORT_SECONDS} s "
            f"(gunicorn's timeout): {'met' if met else 'not met'}.",
        ]
    )


def write_import_section(section: str) -> None:
    """Replace (or add) the import section of the report, leaving the rest as it was."""
    text = REPORT.read_text() if REPORT.exists() else "# Performance\n"
    head = text.split(IMPORT_HEADING, 1)[0].rstrip("\n")
    REPORT.write_text(f"{head}\n\n{section}\n")


def cpu_ticks() -> tuple[int, int]:
    """(busy, total) jiffies of all cores since boot, from /proc/stat."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return sum(fields) - idle, sum(fields)


def load(ids: dict) -> tuple[list[dict], dict]:
    """Run locust; return its rows and what the machine did meanwhile: the share of CPU time
    busy on all cores, and the CPU seconds the load generator itself used."""
    prefix = OUT / "locust"
    busy_before, total_before = cpu_ticks()
    children_before = os.times()
    started = time.monotonic()
    env = {**os.environ, "BENCH_IDS": json.dumps(ids)}
    run(
        LOCUST,
        "-f",
        str(ROOT / "tests" / "bench" / "locustfile.py"),
        "--headless",
        "-u",
        str(USERS),
        "-r",
        str(USERS),
        "-t",
        f"{SECONDS}s",
        "--host",
        f"http://127.0.0.1:{PORT}",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        env=env,
    )
    elapsed = time.monotonic() - started
    busy_after, total_after = cpu_ticks()
    children_after = os.times()
    usage = {
        "cpu_busy": (busy_after - busy_before) / max(total_after - total_before, 1),
        "locust_cores": (
            children_after.children_user
            + children_after.children_system
            - children_before.children_user
            - children_before.children_system
        )
        / elapsed,
    }
    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = [row for row in csv.DictReader(handle) if row["Name"] not in {"Aggregated"}]
    return rows, usage


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = int(Path("/proc/meminfo").read_text().split()[1])
    except OSError:
        mem_kb = 0
    pg = run(
        "psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version", capture=True
    ).strip()
    return (
        f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
        f"{mem_kb // 1024 // 1024} GiB memory, Python {platform.python_version()}, PostgreSQL {pg}"
    )


def report(rows, usage, big_queries, small_queries, build_seconds) -> str:
    stats = {r["Name"]: r for r in rows if r["Name"] not in {"login", "login page"}}
    ceiling = stats["ceiling: minimal logged-in view"]
    ceiling_avg = float(ceiling["Average Response Time"])
    busy = usage["cpu_busy"]
    lines = [
        "# Performance",
        "",
        f"Measured by `make bench` on {datetime.now():%Y-%m-%d %H:%M}: {machine()}.",
        f"Data: {PLACEMENTS} placements across {SCHOOLS} schools (built in {build_seconds:.0f} s, "
        "then ANALYZE); gunicorn with "
        f"{WORKERS} workers against PostgreSQL on the same machine; locust with {USERS} "
        f"concurrent users for {SECONDS} s, every page in the same run. Each user waits 0.5–1.5 s "
        "between requests (a busy person); one of them sends forms, so a full eindbeoordeling "
        "is rendered to PDF every 2–4 s. During the run the two cores were "
        f"{busy:.0%} busy; the load generator itself used {usage['locust_cores']:.2f} of a core.",
        f"*Alone* is the same page requested {ALONE_REQUESTS} times in a row with nothing else "
        "running (median / second slowest), in the Django test client against the same "
        f"database. Queries per page are counted at {PLACEMENTS} and at 20 placements.",
        "",
        "| page | requests | errors | p50 ms | p95 ms | p99 ms | req/s | alone ms | "
        "capacity vs ceiling | queries (big / 20) | target met |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    notes = []
    for name, row in sorted(stats.items()):
        count, errors = int(row["Request Count"]), int(row["Failure Count"])
        p50, p95, p99 = (float(row[k]) for k in ("50%", "95%", "99%"))
        rps = float(row["Requests/s"])
        average = float(row["Average Response Time"]) or 1
        # Requests per second a worker can serve of this page, relative to the ceiling.
        ratio = ceiling_avg / average
        queries, _status, alone_p50, alone_slow = big_queries.get(name, [None, None, None, None])
        small = small_queries.get(name, [None])[0]
        is_ceiling = name.startswith("ceiling")
        first_render = "first render" in name
        limit = TARGET_FIRST_RENDER_P95_MS if first_render else TARGET_P95_MS
        reasons = []
        if errors:
            reasons.append(f"{errors} errors")
        if p95 > limit:
            reason = f"p95 {p95:.0f} ms > {limit} ms"
            if alone_p50 is not None and alone_slow > limit:
                reason += (
                    f": even alone the page takes {alone_p50:.0f} ms (slowest "
                    f"{alone_slow:.0f} ms), so the time is in the page itself"
                )
            elif alone_p50 is not None:
                reason += (
                    f": alone it takes {alone_p50:.0f} ms, the rest is waiting for a core "
                    f"(the cores were {busy:.0%} busy)"
                )
            reasons.append(reason)
        if not (is_ceiling or first_render or "PDF" in name) and ratio < 0.5:
            reasons.append(
                f"capacity {ratio:.2f} of the ceiling (< 0.5): the ceiling answers in "
                f"{ceiling_avg:.0f} ms on average, this page in {average:.0f} ms"
            )
        if queries is not None and queries > TARGET_QUERIES:
            reasons.append(f"{queries} queries > {TARGET_QUERIES}")
        if queries is not None and small is not None and queries != small:
            reasons.append(f"queries grow with the data ({small} → {queries})")
        met = not reasons
        if reasons:
            notes.append(f"- **{name}**: " + "; ".join(reasons) + ".")
        fmt = lambda q: "–" if q is None else str(q)  # noqa: E731
        alone = "–" if alone_p50 is None else f"{alone_p50:.0f} / {alone_slow:.0f}"
        lines.append(
            f"| {name} | {count} | {errors} | {p50:.0f} | {p95:.0f} | {p99:.0f} | {rps:.1f} | "
            f"{alone} | {ratio:.2f} | {fmt(queries)} / {fmt(small)} | {'yes' if met else 'no'} |"
        )
    lines += [
        "",
        "Targets (two cores, 10 concurrent users): every page p95 ≤ 100 ms and at least half the "
        "ceiling's requests per second; a stored PDF in a few milliseconds; a first render of a "
        "full eindbeoordeling p95 ≤ 1.5 s; at most 12 queries per page, the same at 20 and at "
        "2,000 placements; no errors.",
        "",
        "*Capacity vs ceiling* is the ceiling's average response time divided by the page's: the "
        "share of the ceiling's requests per second the server would reach serving only that "
        "page. Queries are counted for one request of each page after a warm-up request; *form "
        "save* is a POST and is not counted here (its budget is tested in the suite).",
        "",
        "## Where a target is missed, and why",
        "",
    ]
    lines += notes or ["All targets met in this run."]
    return "\n".join(lines) + "\n"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    section = import_report(import_timing(f"{DATABASE}_import"))
    if ONLY == "import":
        write_import_section(section)
        print(section)
        return
    small_ids, _ = build(f"{DATABASE}_small", 20, 4)
    small_queries = query_counts(f"{DATABASE}_small", small_ids)
    ids, build_seconds = build(DATABASE, PLACEMENTS, SCHOOLS)
    big_queries = query_counts(DATABASE, ids)
    server = serve(DATABASE)
    try:
        rows, usage = load(ids)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    text = report(rows, usage, big_queries, small_queries, build_seconds)
    REPORT.write_text(f"{text}\n{section}\n")
    print(text)


if __name__ == "__main__":
    sys.exit(main())
