"""docker-compose.yml: the broker keeps its queues across a restart, and only the cache evicts."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _option(command: list, name: str) -> str:
    return str(command[command.index(name) + 1])


def test_the_broker_keeps_its_queues_in_an_append_only_file_on_a_volume():
    broker = COMPOSE["services"]["redis"]
    assert _option(broker["command"], "--appendonly") == "yes"
    assert "--maxmemory-policy" not in broker["command"]  # never evicts a queued task
    assert "redisdata:/data" in broker["volumes"] and "redisdata" in COMPOSE["volumes"]


def test_the_cache_is_a_redis_of_its_own_that_evicts_and_keeps_nothing():
    cache = COMPOSE["services"]["cache"]["command"]
    assert _option(cache, "--maxmemory-policy") == "allkeys-lru"
    assert _option(cache, "--appendonly") == "no"
    env = COMPOSE["x-app-env"]
    assert "@" not in env["REDIS_URL"] and "//redis:" in env["REDIS_URL"]
    assert "//cache:" in env["CACHE_URL"]
