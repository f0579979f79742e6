"""Builds deploy/netns/province.py's small province in the database of the environment (after `lienthong migrate`)
and prints what bench/locustfile.py needs as JSON."""

import json
import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lienthong.settings")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "deploy" / "netns"))
django.setup()

from province import province_create  # noqa: E402 — after django.setup()

print(json.dumps(province_create()))
