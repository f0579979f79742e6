"""`python -m lienthong_client <command>`: the API from a shell, the key from LIENTHONG_API_KEY.

    export LIENTHONG_API_KEY=lt_3f9a1c2e_… LIENTHONG_BASE_URL=https://lienthong.example
    python -m lienthong_client heartbeat --version 3.4.1 --queue-depth 0
    python -m lienthong_client catalogue [CODE] [--field H19-HOTICH]
    python -m lienthong_client create dossier.json          # a DossierIn body ("-": standard input)
    python -m lienthong_client act 000.00.98.H19-260213-0001 receive
    python -m lienthong_client act 000.00.98.H19-260213-0001 refuse --reason "…"
    python -m lienthong_client attach 000.00.98.H19-260213-0001 ket-qua.pdf
    python -m lienthong_client bulk items.json              # {"items": [...]} or a list
    python -m lienthong_client dossiers [--status processing] [--updated-since 2026-02-13T00:00:00+07:00] [--all]
    python -m lienthong_client dossier 000.00.98.H19-260213-0001
    python -m lienthong_client reconcile counts.json --day 2026-02-13
    python -m lienthong_client reconciliation 2026-02-13

Answers are printed as JSON; a problem goes to standard error as JSON and the exit status is 1 (2: bad usage).
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import os
import sys
from pathlib import Path
from typing import Any

from lienthong_client.client import Client, ProblemError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="lienthong_client", description="Liên Thông API v1 for systems.")
    parser.add_argument("--base-url", default=os.environ.get("LIENTHONG_BASE_URL", "http://127.0.0.1:8000"),
                        help="default: $LIENTHONG_BASE_URL or http://127.0.0.1:8000")  # fmt: skip
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--idempotency-key", default=None, help="for a POST: reuse a key to retry by hand")
    parser.add_argument("--lang", default="", help="'en' for English problem texts")
    commands = parser.add_subparsers(dest="command", required=True)

    beat = commands.add_parser("heartbeat", help="tell Liên Thông the system is alive")
    beat.add_argument("--version", default="")
    beat.add_argument("--queue-depth", type=int, default=0)

    catalogue = commands.add_parser("catalogue", help="procedures in force (or one by its code)")
    catalogue.add_argument("code", nargs="?")
    catalogue.add_argument("--field", default="")

    create = commands.add_parser("create", help="create a dossier from a JSON file")
    create.add_argument("file")

    act = commands.add_parser("act", help="report one action on a dossier")
    act.add_argument("code")
    act.add_argument("action")
    act.add_argument("--note", default=None)
    act.add_argument("--reason", default=None)
    act.add_argument("--missing", action="append", default=None)
    act.add_argument("--document", type=int, action="append", dest="documents_present", default=None)
    act.add_argument("--approve", action="store_true", default=None)
    act.add_argument("--step-id", type=int, default=None)
    act.add_argument("--delivery", default=None)

    attach = commands.add_parser("attach", help="attach a result file to a dossier")
    attach.add_argument("code")
    attach.add_argument("file")

    bulk = commands.add_parser("bulk", help="bulk upsert from a JSON file")
    bulk.add_argument("file")

    dossiers = commands.add_parser("dossiers", help="list dossiers (one page, or --all)")
    dossiers.add_argument("--status", default="")
    dossiers.add_argument("--updated-since", default="")
    dossiers.add_argument("--procedure", default="")
    dossiers.add_argument("--limit", type=int, default=100)
    dossiers.add_argument("--cursor", default="")
    dossiers.add_argument("--all", action="store_true", help="follow next_cursor to the end (a JSON list)")

    dossier = commands.add_parser("dossier", help="one dossier by its code")
    dossier.add_argument("code")

    reconcile = commands.add_parser("reconcile", help="send a day's counts from a JSON file (a list of counts)")
    reconcile.add_argument("file")
    reconcile.add_argument("--day", required=True)

    report = commands.add_parser("reconciliation", help="a day's differences")
    report.add_argument("day")
    return parser


def _read_json(name: str) -> Any:
    return json.loads(sys.stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8"))


def _run(client: Client, args: argparse.Namespace) -> Any:
    key = args.idempotency_key
    if args.command == "heartbeat":
        return client.heartbeat(version=args.version, queue_depth=args.queue_depth, idempotency_key=key)
    if args.command == "catalogue":
        return client.procedure(args.code) if args.code else client.catalogue(field=args.field)
    if args.command == "create":
        return client.create_dossier(**_read_json(args.file), idempotency_key=key)
    if args.command == "act":
        names = ("note", "reason", "missing", "documents_present", "approve", "step_id", "delivery")
        fields = {name: getattr(args, name) for name in names if getattr(args, name) is not None}
        return client.act(args.code, args.action, idempotency_key=key, **fields)
    if args.command == "attach":
        path = Path(args.file)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return client.attach_result(args.code, filename=path.name, content=path.read_bytes(),
                                    content_type=content_type, idempotency_key=key)  # fmt: skip
    if args.command == "bulk":
        data = _read_json(args.file)
        return client.bulk_upsert(data["items"] if isinstance(data, dict) else data, idempotency_key=key)
    if args.command == "dossiers":
        filters = {"limit": args.limit, "status": args.status, "updated_since": args.updated_since,
                   "procedure": args.procedure}  # fmt: skip
        if args.all:
            return list(client.iter_dossiers(cursor=args.cursor, **filters))
        return client.list_dossiers(cursor=args.cursor, **filters)
    if args.command == "dossier":
        return client.dossier(args.code)
    if args.command == "reconcile":
        return client.reconcile(day=args.day, counts=_read_json(args.file), idempotency_key=key)
    return client.reconciliation(args.day)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    api_key = os.environ.get("LIENTHONG_API_KEY", "")
    if not api_key:
        print("LIENTHONG_API_KEY is not set (the key `lienthong gateway_key` printed)", file=sys.stderr)
        return 2
    client = Client(args.base_url, api_key, timeout=args.timeout, language=args.lang)
    try:
        answer = _run(client, args)
    except ProblemError as problem:
        print(json.dumps(problem.problem, ensure_ascii=False, indent=2), file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"cannot reach {args.base_url}: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(answer, ensure_ascii=False, indent=2))
    return 0
