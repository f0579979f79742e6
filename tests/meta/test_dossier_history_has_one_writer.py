"""One writer for a dossier's history (issue 11, item 23): only the dossier app's event log
(`dossiers/services/eventlog/`) writes `DossierEvent` rows and creates `OutboxMessage` rows; the outbox's consumer
(`dossiers/tasks.py`) alone records delivery on them. Every fast path — the receipt statement on PostgreSQL, a
system's bulk progress, the demo's history — calls the event log, so the chain's rules exist once.

Read from the source (every module of the package): a call that writes the model's rows through its manager or a
queryset, builds an instance of it, or hands the model to a bulk writer (`rows_insert`, `rows_copy`, `bulk_create`…)
is a write, and so is SQL naming the table. The test also checks that it would see each kind of write."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "lienthong"
EVENTLOG = "dossiers/services/eventlog/"
ALLOWED = {
    "DossierEvent": (EVENTLOG,),
    "OutboxMessage": (EVENTLOG, "dossiers/tasks.py"),
}
TABLES = {"DossierEvent": "dossiers_dossierevent", "OutboxMessage": "dossiers_outboxmessage"}
WRITES = {"create", "bulk_create", "bulk_update", "update", "delete", "get_or_create", "update_or_create"}
BULK_WRITERS = {"rows_insert", "rows_update", "rows_copy", "bulk_create", "bulk_update", "_insert"}
SQL_WRITES = ("INSERT INTO", "UPDATE ", "DELETE FROM", "COPY ")


def _names_in(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def writes_in(source: str) -> list[tuple[str, int, str]]:
    """(model, line, what) for each write to the two tables found in `source`."""
    found = []
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            # DossierEvent.objects.create(…), DossierEvent.objects.filter(…).update(…), …
            if isinstance(func, ast.Attribute) and func.attr in WRITES:
                for model in TABLES:
                    if model in _names_in(func.value):
                        found.append((model, node.lineno, f".{func.attr}()"))
            # DossierEvent(…): an instance built to be saved
            if isinstance(func, ast.Name) and func.id in TABLES:
                found.append((func.id, node.lineno, "instance built"))
            # rows_insert(DossierEvent, …), bulk writers handed the model
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in BULK_WRITERS:
                for arg in node.args[:1]:
                    if isinstance(arg, ast.Name) and arg.id in TABLES:
                        found.append((arg.id, node.lineno, f"{name}()"))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
            for model, table in TABLES.items():
                if table in text and any(verb in text.upper() for verb in SQL_WRITES):
                    found.append((model, node.lineno, "SQL"))
    return found


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE).as_posix()
        if "/migrations/" not in relative:
            yield relative, path.read_text(encoding="utf-8")


def test_only_the_event_log_writes_a_dossiers_history():
    # given every module of the package; when its writes to the two tables are listed
    strays = [
        f"{relative}:{line}: {what} on {model}"
        for relative, source in _modules()
        for model, line, what in writes_in(source)
        if not relative.startswith(ALLOWED[model])
    ]
    # then none is outside the modules allowed to write each table
    assert strays == [], "write through lienthong.dossiers.services.eventlog instead:\n" + "\n".join(strays)


def test_the_event_log_is_where_the_writes_are():
    # the scan finds the real writers (it is not blind)
    writers = {relative for relative, source in _modules() for _m, _l, _w in writes_in(source)}
    assert any(w.startswith(EVENTLOG) for w in writers)
    assert "dossiers/tasks.py" in writers


@pytest.mark.parametrize(
    "source",
    [
        "DossierEvent.objects.create(seq=1)",
        "DossierEvent.objects.filter(pk=1).update(hash='x')",
        "OutboxMessage.objects.bulk_create(rows)",
        "event = DossierEvent(dossier=d)",
        "rows_insert(DossierEvent, events)",
        "rows_copy(OutboxMessage, rows, with_pk=False)",
        "sql = 'INSERT INTO dossiers_dossierevent (seq) VALUES (1)'",
        "cursor.execute('UPDATE dossiers_outboxmessage SET attempts = 0')",
    ],
)
def test_each_kind_of_write_is_seen(source):
    assert writes_in(source), source
