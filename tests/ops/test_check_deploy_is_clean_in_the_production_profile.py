"""Issue 17: `lienthong check --deploy` is clean with the production profile's settings as deploy/compose.yaml
sets them — PostgreSQL through PgBouncer, Redis, files in SeaweedFS, JSON logs, the metrics token, the scheduler's
lock — read from the compose file itself, so the two cannot drift apart. Nothing is contacted by the checks."""

import secrets

from tests.core.test_production_profile_refuses_to_run_without_real_keys import _check_deploy
from tests.ops.deploy_files import compose_environment


def test_check_deploy_passes_with_the_compose_files_production_settings(tmp_path):
    environment = compose_environment("web-1")
    # the secrets the compose file takes from the operator's .env
    environment.update(
        LIENTHONG_SECRET_KEY=secrets.token_urlsafe(50), LIENTHONG_SECRETS_KEY=secrets.token_urlsafe(32),
        LIENTHONG_AUDIT_KEY=secrets.token_urlsafe(32), LIENTHONG_S3_SECRET_KEY=secrets.token_urlsafe(24),
        LIENTHONG_METRICS_TOKEN=secrets.token_urlsafe(24), POSTGRES_PASSWORD=secrets.token_urlsafe(16),
    )  # fmt: skip
    assert environment["LIENTHONG_PROFILE"] == "production"
    assert environment["LIENTHONG_S3_BUCKET"] and environment["LIENTHONG_CACHE_URL"].startswith("redis://")
    assert environment["LIENTHONG_LOG_FORMAT"] == "json"

    result = _check_deploy(tmp_path, **{k: v for k, v in environment.items() if k.startswith("LIENTHONG_")})

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr
