"""The `casepath` command: demo, seed, serve, migrate, and Django's own commands.

Bad input exits with status 2 and a JSON list of errors on standard error,
each naming the option at fault.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence

from django.core.exceptions import ImproperlyConfigured


class CliError(Exception):
    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path, self.message = path, message


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "casepath.settings")
    import django

    django.setup()


def _migrate(_: argparse.Namespace) -> int:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)
    return 0


def _seed(args: argparse.Namespace) -> int:
    from casepath.demo.generator import seed_database

    if args.patients < 0:
        raise CliError("--patients", "must be zero or more")
    summary = seed_database(patients_per_practice=args.patients, seed=args.seed)
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
        print(seed_database(patients_per_practice=args.patients, seed=args.seed).describe())
    print("\nDemo logins (password for all: " + demo_logins().password + "):")
    for role, username in demo_logins().users:
        print(f"  {role:<24} {username}")
    return _serve(args)


def _manage(args: argparse.Namespace) -> int:
    from django.core.management import execute_from_command_line

    execute_from_command_line(["casepath manage", *args.args])
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="casepath", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("migrate", help="create or update the database tables").set_defaults(
        run=_migrate
    )
    seed = commands.add_parser("seed", help="load a deterministic demo organization")
    seed.add_argument("--patients", type=int, default=300, help="patients per practice")
    seed.add_argument("--seed", type=int, default=1, help="random seed (same seed, same data)")
    seed.set_defaults(run=_seed)
    for name, helptext in (("serve", "serve the web app"), ("demo", "migrate, seed, serve")):
        sub = commands.add_parser(name, help=helptext)
        sub.add_argument("--host", default="127.0.0.1")
        sub.add_argument("--port", type=int, default=8000)
        sub.add_argument("--threads", type=int, default=8)
        if name == "demo":
            sub.add_argument("--patients", type=int, default=300)
            sub.add_argument("--seed", type=int, default=1)
        sub.set_defaults(run=_demo if name == "demo" else _serve)
    manage = commands.add_parser("manage", help="run a Django management command")
    manage.add_argument("args", nargs=argparse.REMAINDER)
    manage.set_defaults(run=_manage)
    return parser


def _fail(path: str, message: str) -> int:
    print(json.dumps({"errors": [{"path": path, "message": message}]}), file=sys.stderr)
    return 2


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        _django()
        return int(args.run(args))
    except ImproperlyConfigured as exc:
        return _fail(getattr(exc, "name", "settings"), f"configuration error: {exc}")
    except CliError as exc:
        return _fail(exc.path, exc.message)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
