"""`lienthong openapi`: write the API's OpenAPI document, generated from code, to docs/openapi.json."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lienthong.launch.openapi import openapi_document


class Command(BaseCommand):
    @property
    def help(self) -> str:  # a str, not gettext_lazy: argparse cannot format a lazy description
        return _("Ghi tài liệu OpenAPI 3.1 của API v1 (sinh từ mã nguồn) ra tệp, mặc định docs/openapi.json.")

    def add_arguments(self, parser):
        parser.add_argument("--output", default="docs/openapi.json", help=_("Tệp cần ghi (mặc định %(default)s)."))

    def handle(self, *args, **options):
        path = Path(options["output"])
        path.write_text(openapi_document(), encoding="utf-8")
        count = len(json.loads(path.read_text(encoding="utf-8"))["paths"])
        self.stdout.write(_("Đã ghi %(path)s (%(count)d đường dẫn).") % {"path": path, "count": count})
