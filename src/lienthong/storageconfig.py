"""Where files live: local disk under LIENTHONG_MEDIA_ROOT (one machine), or a bucket of an S3-compatible object store
(SeaweedFS, MinIO, Ceph, a cloud's) through django-storages, so that no node keeps a file on its own disk.

Every stored file is private (a citizen's scan, a result): the bucket grants nothing to anonymous readers, objects
carry no public ACL, and a file leaves the store only through the application's permission checks — streamed by the
process, or, with LIENTHONG_S3_SIGNED_LINKS, as a signed link valid for LIENTHONG_S3_LINK_SECONDS (core/storedfiles.py).
"""

from dataclasses import dataclass

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


@dataclass(frozen=True)
class S3Config:
    bucket: str = ""  # empty: files on local disk
    endpoint_url: str = ""  # empty: the cloud's own endpoint for the region
    public_endpoint_url: str = ""  # where browsers reach the store, for signed links; empty: endpoint_url
    access_key: str = ""
    secret_key: str = ""
    region: str = "us-east-1"
    prefix: str = ""  # a folder inside the bucket, e.g. "lienthong/"
    addressing_style: str = "path"  # "path" suits SeaweedFS and MinIO; "virtual" a cloud's buckets as host names
    link_seconds: int = 60
    signed_links: bool = False
    verify_tls: bool = True

    @property
    def enabled(self) -> bool:
        return bool(self.bucket)


def s3_options(config: S3Config, *, endpoint_url: str | None = None) -> dict:
    """django-storages' S3Storage options: private objects, never overwritten, signed URLs only."""
    return {
        "bucket_name": config.bucket,
        "endpoint_url": (endpoint_url if endpoint_url is not None else config.endpoint_url) or None,
        "access_key": config.access_key or None,
        "secret_key": config.secret_key or None,
        "region_name": config.region or None,
        "location": config.prefix.strip("/"),
        "addressing_style": config.addressing_style,
        "signature_version": "s3v4",
        "default_acl": None,  # the bucket's policy (private): never "public-read"
        "querystring_auth": True,  # every URL the storage makes is signed…
        "querystring_expire": config.link_seconds,  # …and short-lived
        "file_overwrite": False,  # generated names never collide; a collision gets a new name, not an overwrite
        "verify": config.verify_tls,
    }


def storage_config(*, s3: S3Config) -> dict:
    """The STORAGES["default"] entry: the bucket when one is named, else local disk."""
    if not s3.enabled:
        return {"BACKEND": FILESYSTEM}
    if s3.addressing_style not in {"path", "virtual"}:
        raise ValueError(f"LIENTHONG_S3_ADDRESSING_STYLE must be path or virtual, not {s3.addressing_style!r}")
    if s3.link_seconds <= 0:
        raise ValueError("LIENTHONG_S3_LINK_SECONDS must be a positive number of seconds")
    from botocore.config import Config

    # A store that does not answer fails a request (and /readyz) in seconds, not after boto3's minute-long default.
    client = Config(connect_timeout=3, read_timeout=30, retries={"mode": "standard", "max_attempts": 2})
    return {"BACKEND": S3, "OPTIONS": {**s3_options(s3), "client_config": client}}
