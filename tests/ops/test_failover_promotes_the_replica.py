"""Issue 17: the primary's machine is lost; deploy/postgres/failover.sh promotes the streaming replica (pg_promote)
and points PgBouncer's pools at it — run as the operator would, against a real primary and replica (the clusters the
replica tests start: initdb, then pg_basebackup, streaming) and a real PgBouncer with deploy/pgbouncer/pgbouncer.ini.
The desk receives through PgBouncer before and after; while the old primary still answers the script refuses to
promote; afterwards every dossier received before the loss is on the new primary, the desk goes on receiving with
the same session, codes stay distinct, and `lienthong audit verify` passes there."""

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from lienthong.dossiers.models import Dossier
from tests.backoffice.web_given import intake_post, signed_in
from tests.reports.replica_cluster import PrimaryAndReplica, free_port, why_not

ROOT = Path(__file__).resolve().parents[2]
FAILOVER = ROOT / "deploy" / "postgres" / "failover.sh"


def _missing() -> str | None:
    if connection.vendor != "postgresql":
        return "a streaming replica is PostgreSQL's: not on SQLite"
    if reason := why_not():
        return reason
    if shutil.which("pgbouncer") is None and shutil.which("pgbouncer", path="/usr/sbin") is None:
        return "pgbouncer is not installed"
    return None


pytestmark = [
    pytest.mark.skipif(_missing() is not None, reason=_missing() or ""),
    pytest.mark.django_db(transaction=True),
]


class PgBouncer:
    """deploy/pgbouncer/pgbouncer.ini itself in front of the pair, names replaced by the clusters' addresses (as the
    multi-host run does); trusting its one user, who may RELOAD."""

    def __init__(self, folder: Path, primary_port: int, replica_port: int, database: str):
        self.port, self.folder = free_port(), folder
        config = (ROOT / "deploy" / "pgbouncer" / "pgbouncer.ini").read_text(encoding="utf-8")
        for name, value in [
            # the pools keep their names (the nodes' NAME); behind them, the test's copy of the database
            (
                "host=postgres-primary port=5432 dbname=lienthong",
                f"host=127.0.0.1 port={primary_port} dbname={database}",
            ),
            (
                "host=postgres-replica port=5432 dbname=lienthong",
                f"host=127.0.0.1 port={replica_port} dbname={database}",
            ),
            ("listen_addr = 0.0.0.0", "listen_addr = 127.0.0.1"),
            ("listen_port = 6432", f"listen_port = {self.port}"),
            ("auth_type = scram-sha-256", "auth_type = trust"),
            ("auth_file = /etc/pgbouncer/userlist.txt", f"auth_file = {folder / 'userlist.txt'}"),
            ("admin_users = lienthong", "admin_users = postgres"),
        ]:
            assert name in config, f"deploy/pgbouncer/pgbouncer.ini has no `{name}` any more"
            config = config.replace(name, value)
        (folder / "userlist.txt").write_text('"postgres" ""\n', encoding="utf-8")
        self.ini = folder / "pgbouncer.ini"
        self.ini.write_text(config, encoding="utf-8")
        for path in (folder, self.ini, folder / "userlist.txt"):
            shutil.chown(path, "postgres", "postgres")  # PgBouncer refuses to run as root; failover.sh rewrites it
        with (folder / "pgbouncer.log").open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                ["runuser", "-u", "postgres", "--", shutil.which("pgbouncer") or "/usr/sbin/pgbouncer", str(self.ini)],  # noqa: S607
                stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip
        deadline = time.monotonic() + 30
        while subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(self.port)], check=False).returncode:  # noqa: S603, S607
            assert time.monotonic() < deadline, (folder / "pgbouncer.log").read_text()
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


@pytest.fixture
def through_pgbouncer(transactional_db):
    """The test database copied into a primary with a streaming replica, PgBouncer in front; Django's `default`
    reaches the primary only through PgBouncer (transaction pooling), as a node does. Restored before the flush."""
    default = connection.settings_dict
    saved = {key: default[key] for key in ("NAME", "HOST", "PORT", "DISABLE_SERVER_SIDE_CURSORS")}
    pair = PrimaryAndReplica()
    pooler = None
    try:
        pair.start(database=default["NAME"], source=(default["HOST"] or "127.0.0.1", int(default["PORT"] or 5432),
                                                     default["NAME"]))  # fmt: skip
        pooler = PgBouncer(pair.folder, pair.primary.port, pair.replica.port, default["NAME"])
        connection.close()
        default.update(NAME="lienthong", HOST="127.0.0.1", PORT=str(pooler.port), DISABLE_SERVER_SIDE_CURSORS=True)
        yield pair, pooler
    finally:
        connection.close()
        default.update(saved)
        if pooler is not None:
            pooler.stop()
        pair.stop()


def _failover(pair: PrimaryAndReplica, pooler: PgBouncer) -> subprocess.CompletedProcess:
    environment = dict(os.environ, OLD_PRIMARY=f"127.0.0.1:{pair.primary.port}",
                       NEW_PRIMARY=f"127.0.0.1:{pair.replica.port}", PGBOUNCER=f"127.0.0.1:{pooler.port}",
                       PGBOUNCER_INI=str(pooler.ini), PGUSER="postgres", PGDATABASE="lienthong",
                       WAIT_SECONDS="30")  # fmt: skip
    return subprocess.run(["bash", str(FAILOVER)], env=environment, capture_output=True, text=True, timeout=120,  # noqa: S603, S607
                          check=False)  # fmt: skip


def _receive(desk, province, procedure) -> int:
    form = reverse("backoffice:intake_form", args=[province["commune_centre"].pk, procedure.pk])
    response = desk.post(form, intake_post(procedure))
    assert response.status_code == 302, response.content.decode()[:500]
    return int(response["Location"].rstrip("/").rsplit("/", 1)[1])


def test_the_replica_is_promoted_the_pooler_repointed_and_the_desk_goes_on(province, officers, procedure,
                                                                              through_pgbouncer):  # fmt: skip
    pair, pooler = through_pgbouncer
    desk = signed_in(officers, "receiver@commune_centre")
    before = [_receive(desk, province, procedure) for _ in range(2)]
    assert pair.caught_up()

    # while the old primary answers, the script refuses: two primaries would split the history
    refused = _failover(pair, pooler)
    assert refused.returncode == 3, refused.stderr
    assert "still answers" in refused.stderr
    assert pair.replica.sql("SELECT pg_is_in_recovery()") == "t"

    # the primary's machine is lost
    pair.primary.stop("immediate")
    done = _failover(pair, pooler)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "promoting" in done.stderr and "done" in done.stderr
    assert pair.replica.sql("SELECT pg_is_in_recovery()") == "f"
    assert pair.replica.sql("SELECT slot_name FROM pg_replication_slots") == "replica_1"  # for the next replica
    assert f"port={pair.replica.port}" in pooler.ini.read_text()

    # through PgBouncer, the same connection settings now reach the promoted replica
    connection.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery(), inet_server_port()")
        assert cursor.fetchone() == (False, pair.replica.port)
    assert set(Dossier.objects.filter(pk__in=before).values_list("pk", flat=True)) == set(before)

    # the desk goes on, signed in as before; codes stay distinct
    after = _receive(desk, province, procedure)
    assert Dossier.objects.get(pk=after).received_at is not None
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 3

    # and the history verifies on the promoted node
    call_command("audit", "verify")
