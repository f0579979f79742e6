"""Prometheus metrics (prometheus_client): requests by route and status, their latencies, and the backlogs read at
each scrape (backlog.py). Under gunicorn with several workers, set PROMETHEUS_MULTIPROC_DIR to an empty folder of
the node's (docs/deployment.md): each worker writes its counters there and a scrape adds them up."""

import os

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from lienthong.ops import backlog

REQUESTS = Counter("lienthong_http_requests", "HTTP requests answered, by route name, method and status",
                   ["route", "method", "status"])  # fmt: skip
LATENCY = Histogram(
    "lienthong_http_request_duration_seconds", "Time to answer an HTTP request, by route name and method",
    ["route", "method"], buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2, 5, 10, 30),
)  # fmt: skip


def request_observe(*, route: str, method: str, status: int, seconds: float) -> None:
    REQUESTS.labels(route=route, method=method, status=str(status)).inc()
    LATENCY.labels(route=route, method=method).observe(seconds)


class BacklogCollector:
    """Gauges read from the database when scraped: the same on every node, so any node may be scraped for them."""

    def collect(self):
        queues = backlog.task_queues()
        depth = GaugeMetricFamily("lienthong_task_queue_depth", "Tasks ready and not yet taken, per queue",
                                  labels=["queue"])  # fmt: skip
        age = GaugeMetricFamily("lienthong_task_queue_oldest_age_seconds", "Age of the oldest task ready, per queue",
                                labels=["queue"])  # fmt: skip
        for queue, waiting in sorted(queues.items()):
            depth.add_metric([queue], waiting.count)
            age.add_metric([queue], waiting.oldest_seconds)
        yield depth
        yield age
        outbox = backlog.outbox()
        yield GaugeMetricFamily("lienthong_outbox_backlog", "Outbox messages not yet delivered", value=outbox.count)
        yield GaugeMetricFamily("lienthong_outbox_oldest_age_seconds", "Age of the oldest undelivered outbox message",
                                value=outbox.oldest_seconds)  # fmt: skip
        yield GaugeMetricFamily("lienthong_outbox_dead", "Outbox messages dead-lettered", value=backlog.outbox_dead())
        lag, failed = backlog.national_sync()
        yield GaugeMetricFamily("lienthong_national_sync_pending", "Dossiers waiting for the national portal's sync",
                                value=lag.count)  # fmt: skip
        yield GaugeMetricFamily("lienthong_national_sync_lag_seconds",
                                "Time since the oldest change the national portal has not been told of",
                                value=lag.oldest_seconds)  # fmt: skip
        yield GaugeMetricFamily("lienthong_national_sync_failed", "Dossiers whose national sync failed", value=failed)
        waiting, dead = backlog.webhooks()
        yield GaugeMetricFamily("lienthong_webhook_pending", "Webhook deliveries waiting", value=waiting.count)
        yield GaugeMetricFamily("lienthong_webhook_oldest_age_seconds", "Age of the oldest webhook delivery waiting",
                                value=waiting.oldest_seconds)  # fmt: skip
        yield GaugeMetricFamily("lienthong_webhook_dead", "Webhook deliveries dead-lettered", value=dead)
        yield GaugeMetricFamily("lienthong_notification_delivery_failures", "E-mails to applicants that failed",
                                value=backlog.email_failures())  # fmt: skip


def metrics_exposition() -> bytes:
    """This process's (or, in multiprocess mode, this node's) request metrics, then the backlogs."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        requests = CollectorRegistry()
        multiprocess.MultiProcessCollector(requests)
    else:
        requests = REGISTRY
    backlogs = CollectorRegistry(auto_describe=False)
    backlogs.register(BacklogCollector())
    return generate_latest(requests) + generate_latest(backlogs)
