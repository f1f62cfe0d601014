"""deploy/compose.yaml: two webhook replicas on Redis and PostgreSQL behind Caddy.

``docker compose config`` validates it where Docker Compose is installed; the shape that
matters is checked here in every case.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

DEPLOY = Path(__file__).resolve().parent.parent / "deploy"
ENV = {
    "TELEGRAM_BOT_TOKEN": "123:abc",
    "MIGBOT_DOMAIN": "bot.example.org",
    "MIGBOT_WEBHOOK_SECRET": "s",
    "MIGBOT_INBOX_KEY": "k",
    "POSTGRES_PASSWORD": "p",
}


def compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return data


def has_compose() -> bool:
    if shutil.which("docker") is None:
        return False
    probe = subprocess.run(["docker", "compose", "version"], capture_output=True)
    return probe.returncode == 0


def test_compose_has_two_replicas_sharing_redis_and_postgresql_behind_caddy() -> None:
    services = compose()["services"]
    assert set(services) == {"redis", "postgres", "migbot1", "migbot2", "caddy"}
    for name in ("migbot1", "migbot2"):
        replica = services[name]
        env = replica["environment"]
        assert env["MIGBOT_REDIS_URL"].startswith("redis://redis:")
        assert (
            env["MIGBOT_DATABASE_URL"].startswith("postgresql://")
            and "@postgres:" in env["MIGBOT_DATABASE_URL"]
        )
        for shared in ("MIGBOT_WEBHOOK_SECRET", "MIGBOT_INBOX_KEY", "TELEGRAM_BOT_TOKEN"):
            assert ":?" in env[shared]  # required: compose refuses to start without it
        assert env["MIGBOT_WEBHOOK_URL"].endswith("/telegram")
        assert replica["depends_on"]["redis"]["condition"] == "service_healthy"
        assert replica["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert "ports" not in replica  # only Caddy is published
        assert replica["build"]["dockerfile"] == "deploy/Dockerfile"
    assert services["caddy"]["ports"] == ["80:80", "443:443"]
    for store in ("redis", "postgres"):
        assert services[store]["healthcheck"]["test"]
    caddyfile = (DEPLOY / "Caddyfile").read_text()
    assert re.search(r"reverse_proxy migbot1:8080 migbot2:8080", caddyfile)
    assert "health_uri /healthz" in caddyfile and "handle /telegram" in caddyfile


def test_docker_compose_config_passes_where_docker_compose_exists() -> None:
    if not has_compose():
        # The shape test above stands in for it; say so in the test report.
        pytest.skip("docker compose not installed here: the YAML shape is checked instead")
    result = subprocess.run(
        ["docker", "compose", "-f", str(DEPLOY / "compose.yaml"), "config", "--quiet"],
        capture_output=True,
        env={**os.environ, **ENV},
    )
    assert result.returncode == 0, result.stderr.decode()
