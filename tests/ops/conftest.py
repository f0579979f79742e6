import uuid

import pytest

from lienthong.storageconfig import S3Config, storage_config
from tests.dossiers.conftest import officers, procedure, province  # noqa: F401 — fixtures reused
from tests.gateway.conftest import api, local_procedure, new_dossier, system, token  # noqa: F401 — fixtures reused
from tests.ops.seaweed import seaweed_start, seaweed_stop


@pytest.fixture(scope="session")
def seaweed(tmp_path_factory):
    """One SeaweedFS for the session; skipped with the reason if it cannot start here."""
    try:
        process, store = seaweed_start(tmp_path_factory.mktemp("seaweedfs"))
    except RuntimeError as reason:
        pytest.skip(f"no SeaweedFS to test the object store against: {reason}")
    yield store
    seaweed_stop(process)


@pytest.fixture
def store(seaweed, settings):
    """The private bucket as this test's file store, under a folder of its own: every file the application stores
    goes there (`store.prefix` + the file's name)."""
    config = S3Config(bucket=seaweed.bucket, endpoint_url=seaweed.endpoint_url, access_key=seaweed.access_key,
                      secret_key=seaweed.secret_key, prefix=f"t-{uuid.uuid4().hex[:12]}")  # fmt: skip
    settings.LIENTHONG_S3 = config
    settings.STORAGES = {**settings.STORAGES, "default": storage_config(s3=config)}
    return config


def store_keys(seaweed, config: S3Config) -> list[str]:
    """The names of the files in this test's folder of the bucket."""
    listed = seaweed.client().list_objects_v2(Bucket=config.bucket, Prefix=config.prefix + "/")
    return sorted(item["Key"].removeprefix(config.prefix + "/") for item in listed.get("Contents", []))
