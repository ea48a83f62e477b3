"""Checks drover's stats the way monitoring tools read them.

Usage: stats_check.py PROXY_PORT STATS_PORT REQUESTS
- INFO through redis-py's parser (pool0/server0 lines become dictionaries);
- GET /metrics parsed by prometheus_client's text parser, before and after REQUESTS
  SET/GET pairs sent with redis-py: the counters move by exactly what was sent;
- GET /stats as JSON, agreeing with /metrics.
Prints the metric families it saw as "families: a,b,..." and "stats: all checks passed";
any failed assertion exits non-zero with a traceback.
"""

import json
import sys
import urllib.request

import redis
from prometheus_client.parser import text_string_to_metric_families


def scrape(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        text = response.read().decode()
    families = {family.name: family for family in text_string_to_metric_families(text)}
    return families


def value(families, family, sample_name, **labels):
    return sum(s.value for s in families[family].samples
               if s.name == sample_name and all(s.labels.get(k) == v for k, v in labels.items()))


def main():
    proxy_port, stats_port, requests = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    client = redis.Redis(host="127.0.0.1", port=proxy_port, protocol=2)

    info = client.info()
    assert info["redis_mode"] == "proxy", info
    assert isinstance(info["pool0"], dict) and info["pool0"]["name"] == "it", info["pool0"]
    assert info["server0"]["pool"] == "it" and "latency_p99_usec" in info["server0"], info["server0"]
    assert info["config_generation"] == 1
    print("INFO parsed by redis-py ok")

    before = scrape(stats_port)
    # prometheus_client strips _total from counter family names; samples keep it.
    assert before["drover_pool_requests"].type == "counter"
    assert before["drover_server_latency_seconds"].type == "histogram"
    for i in range(requests):
        assert client.set(f"stats:{i}", str(i)) is True
        assert client.get(f"stats:{i}") == str(i).encode()
    after = scrape(stats_port)

    sent = 2 * requests
    moved = (value(after, "drover_pool_requests", "drover_pool_requests_total", pool="it")
             - value(before, "drover_pool_requests", "drover_pool_requests_total", pool="it"))
    assert moved == sent, f"pool requests moved by {moved}, sent {sent}"
    moved = (value(after, "drover_server_requests", "drover_server_requests_total", pool="it")
             - value(before, "drover_server_requests", "drover_server_requests_total", pool="it"))
    assert moved == sent, f"server requests moved by {moved}, sent {sent}"
    moved = (value(after, "drover_server_latency_seconds", "drover_server_latency_seconds_count", pool="it")
             - value(before, "drover_server_latency_seconds", "drover_server_latency_seconds_count", pool="it"))
    assert moved == sent, f"latency observations moved by {moved}, sent {sent}"
    infinite = value(after, "drover_server_latency_seconds", "drover_server_latency_seconds_bucket", pool="it", le="+Inf")
    count = value(after, "drover_server_latency_seconds", "drover_server_latency_seconds_count", pool="it")
    assert infinite == count
    assert value(after, "drover_server_errors", "drover_server_errors_total") == 0
    assert value(after, "drover_pool_clients", "drover_pool_clients", pool="it") >= 1
    print("/metrics parsed by prometheus_client; counters moved by", sent)

    with urllib.request.urlopen(f"http://127.0.0.1:{stats_port}/stats", timeout=5) as response:
        stats = json.load(response)
    pool = stats["pools"][0]
    assert pool["name"] == "it"
    assert pool["requests"] >= value(after, "drover_pool_requests", "drover_pool_requests_total", pool="it")
    assert sum(server["requests"] for server in pool["servers"]) >= sent
    assert stats["process"]["config_generation"] == 1
    print("/stats ok")

    names = sorted(f"{name}_total" if family.type == "counter" else name for name, family in after.items())
    print("families: " + ",".join(names))
    print("stats: all checks passed")


if __name__ == "__main__":
    main()
