"""The `casepath` command: demo, seed, serve, migrate, and Django's own commands.

Bad input exits with status 2 and a JSON list of errors on standard error,
each naming the option at fault.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError

# How argparse words bad input, e.g. "argument --patients: invalid int value: 'abc'".
_ARGUMENT_ERRORS = (
    re.compile(r"argument (?P<path>[^:]+): (?P<message>.*)", re.DOTALL),
    re.compile(r"(?P<message>the following arguments are required): (?P<path>.*)", re.DOTALL),
    re.compile(r"(?P<message>unrecognized arguments): (?P<path>.*)", re.DOTALL),
)


class CliError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


class _Parser(argparse.ArgumentParser):
    """Reports bad input as a CliError naming the option, not as argparse's usage text."""

    def error(self, message: str) -> NoReturn:
        for pattern in _ARGUMENT_ERRORS:
            if found := pattern.match(message):
                raise CliError(found["path"], found["message"])
        raise CliError(self.prog, message)


def _zero_or_more(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number; got {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be zero or more; got {value}")
    return value


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casepath.settings")
    import django

    django.setup()


def _migrate(_: argparse.Namespace) -> int:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=1)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # planner statistics for new indexes; SQLite keeps none itself
    return 0


def _seed(args: argparse.Namespace) -> int:
    from casepath.demo.generator import ORGANIZATION_NAME, demo_present, seed_database

    if demo_present():
        raise CliError(
            "DATABASE_URL",
            f"this database already holds {ORGANIZATION_NAME}; seed only into an empty database",
        )
    summary = seed_database(patients_per_practice=args.patients, seed=args.seed, with_reports=True)
    print(summary.describe())
    return 0


def _serve(args: argparse.Namespace) -> int:
    from waitress import serve

    from casepath.wsgi import application

    print(f"Casepath is serving on http://{args.host}:{args.port}/ (Ctrl+C stops it)", flush=True)
    serve(application, host=args.host, port=args.port, threads=args.threads, ident="Casepath")
    return 0


def _demo(args: argparse.Namespace) -> int:
    from casepath.demo.generator import demo_logins, demo_present, seed_database

    _migrate(args)
    if not demo_present():
        summary = seed_database(
            patients_per_practice=args.patients, seed=args.seed, with_reports=True
        )
        print(summary.describe())
    _start_worker_thread()
    print("\nDemo logins (password for all: " + demo_logins().password + "):")
    for role, username in demo_logins().users:
        print(f"  {role:<24} {username}")
    return _serve(args)


def _estimate(args: argparse.Namespace) -> int:
    from casepath.interop.estimate_v1 import respond

    return _answer(args.file, respond)


def _apr(args: argparse.Namespace) -> int:
    from casepath.interop.apr_v1 import respond

    return _answer(args.file, respond)


def _answer(file: str, respond: Callable[[str], tuple[int, Any]]) -> int:
    """JSON in, JSON out on standard output (errors too); no database, no settings."""
    try:
        text = sys.stdin.read() if file == "-" else Path(file).read_text()
    except (OSError, UnicodeDecodeError) as exc:
        status, body = 2, {"errors": [{"path": "FILE", "message": f"cannot be read: {exc}"}]}
    else:
        status, body = respond(text)
    print(json.dumps(body, indent=2))
    return status


def _worker(args: argparse.Namespace) -> int:
    """Run background tasks (re-estimates) until stopped; `--batch` runs what waits, then exits."""
    from django.core.management import call_command

    _queue_monthly_reports()
    options = ["--no-startup-delay", "--no-reload", f"--interval={args.interval}"]
    call_command("db_worker", *options, *(["--batch"] if args.batch else []))
    return 0


def _start_worker_thread() -> Any:
    """The demo's background worker, beside the web server in the same process.

    Returns the worker: setting its `running` to False stops the thread.
    """
    import threading

    _queue_monthly_reports()

    from django.utils.crypto import get_random_string
    from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=[DEFAULT_TASK_QUEUE_NAME],
        interval=1,
        batch=False,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=None,
        worker_id=f"demo-{get_random_string(8)}",
        excluded_queue_names=[],
    )
    thread = threading.Thread(target=worker.run, name="casepath-worker", daemon=True)
    worker.thread = thread
    thread.start()
    return worker


def _expire_cases(args: argparse.Namespace) -> int:
    """Expire presented cases past their practice's days (run daily, e.g. from cron)."""
    from django.utils import timezone

    from casepath.cases.services import cases_expire
    from casepath.tenancy.models import Practice

    total = 0
    for practice in Practice.objects.order_by("pk"):
        today = args.today or timezone.localdate(timezone=_zone(practice.time_zone))
        total += cases_expire(practice=practice, today=today)
    print(f"{total} case(s) expired")
    return 0


def _expire_predeterminations(args: argparse.Namespace) -> int:
    """Expire payers' answers past their last day (run daily, e.g. from cron)."""
    from django.utils import timezone

    from casepath.predeterminations.response_services import predeterminations_expire
    from casepath.tenancy.models import Practice

    total = 0
    now = timezone.now()
    for practice in Practice.objects.order_by("pk"):
        today = args.today or timezone.localdate(now, timezone=_zone(practice.time_zone))
        total += predeterminations_expire(practice=practice, today=today, now=now)
    print(f"{total} pre-determination(s) expired")
    return 0


def _queue_monthly_reports() -> None:
    """The daily check of the monthly team reports, from tomorrow 06:00 UTC (unless one
    waits already); `casepath monthly-reports` does the same check at once."""
    from django.utils import timezone

    from casepath.reports.tasks import next_run, queue_monthly_reports

    queue_monthly_reports(next_run(timezone.now()))


def _monthly_reports(args: argparse.Namespace) -> int:
    """Make the monthly team reports due (on the 1st; run daily, e.g. from cron)."""
    from django.utils import timezone

    from casepath.reports.monthly_due import monthly_reports_due

    made = monthly_reports_due(timezone.now(), today=args.today)
    print(f"{len(made)} monthly report(s) made")
    return 0


def _zone(name: str) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


def _day(text: str) -> Any:
    from datetime import date

    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("use a date such as 2026-03-10") from None


def _manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["casepath manage", *args.args])
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="casepath", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or update the database tables").set_defaults(
        run=_migrate
    )
    seed = commands.add_parser("seed", help="load a deterministic demo organization")
    seed.add_argument("--patients", type=_zero_or_more, default=300, help="patients per practice")
    seed.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    seed.set_defaults(run=_seed)
    for name, helptext in (("serve", "serve the web app"), ("demo", "migrate, seed, serve")):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("--host", default="127.0.0.1")
        sub.add_argument("--port", type=int, default=8000)
        sub.add_argument("--threads", type=int, default=8)
        if name == "demo":
            sub.add_argument("--patients", type=_zero_or_more, default=300)
            sub.add_argument("--seed", type=int, default=1)
        sub.set_defaults(run=_demo if name == "demo" else _serve)
    estimate = commands.add_parser(
        "estimate", help="estimate insurance and patient portions (casepath.estimate/1 JSON)"
    )
    estimate.add_argument("file", metavar="FILE", help="the request as a JSON file, or - for stdin")
    estimate.set_defaults(run=_estimate, needs_django=False)
    apr = commands.add_parser(
        "apr", help="APR and Truth-in-Lending figures of a payment schedule (casepath.apr/1 JSON)"
    )
    apr.add_argument("file", metavar="FILE", help="the request as a JSON file, or - for stdin")
    apr.set_defaults(run=_apr, needs_django=False)
    worker = commands.add_parser("worker", help="run background tasks (re-estimates)")
    worker.add_argument("--batch", action="store_true", help="run what waits, then exit")
    worker.add_argument("--interval", type=float, default=1.0, help="seconds between polls")
    worker.set_defaults(run=_worker)
    expire = commands.add_parser(
        "expire-cases", help="expire presented cases with no decision in time (run daily)"
    )
    expire.add_argument("--today", type=_day, default=None, help="the day to expire as of")
    expire.set_defaults(run=_expire_cases)
    answers = commands.add_parser(
        "expire-predeterminations",
        help="expire pre-determination answers past their last day (run daily)",
    )
    answers.add_argument("--today", type=_day, default=None, help="the day to expire as of")
    answers.set_defaults(run=_expire_predeterminations)
    monthly = commands.add_parser(
        "monthly-reports",
        help="make and e-mail the monthly team reports due on the 1st (run daily)",
    )
    monthly.add_argument("--today", type=_day, default=None, help="the day to run as of")
    monthly.set_defaults(run=_monthly_reports)
    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(run=_manage)
    return parser


def _fail(path: str, message: str) -> int:
    print(json.dumps({"errors": [{"path": path, "message": message}]}), file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = _parser().parse_args(argv)
        if getattr(args, "needs_django", True):
            _django()
        return int(args.run(args))
    except ImproperlyConfigured as exc:
        return _fail(getattr(exc, "name", "settings"), f"configuration error: {exc}")
    except OperationalError as exc:
        detail = f"{str(exc).strip()} (a new database needs `casepath migrate`)"
        return _fail("DATABASE_URL", f"DATABASE_URL names a database that fails: {detail}")
    except CliError as exc:
        return _fail(exc.path, exc.message)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
