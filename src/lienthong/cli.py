"""The `lienthong` command: Django's management commands under one name, with Liên Thông's settings.

`lienthong start` runs the main job; `lienthong demo`, `lienthong calendar …`, `lienthong catalogue …` and every
Django command (`migrate`, `createsuperuser`, …) are available the same way.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienthong.settings")
    from django.core.management import execute_from_command_line

    from lienthong.dbconfig import process_is_command

    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] != ["runserver"]:  # it serves web requests: the web's timeouts
        process_is_command()  # the worker, the scheduler and batches take the commands' database timeouts
    execute_from_command_line(["lienthong", *argv])
