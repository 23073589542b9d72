"""The component catalogue: semantic kinds, the lane each sits in, and the icon that draws it.

Icons come from the `diagrams` package's resources and are named by their path inside it
(``onprem/queue/kafka.png``), so the DOT never holds a machine-specific path. A component's
technology, when it starts with a product we have an icon for ("Kafka, RF 3", "Postgres 16"),
picks a more specific icon than its kind's generic one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "CATEGORIES",
    "GROUP_KINDS",
    "KINDS",
    "LANES",
    "NATURES",
    "TECH_ICONS",
    "KindSpec",
    "icon_for",
    "lane_index",
]

#: Left-to-right order of the diagram's lanes, with the heading a reader sees for each.
LANES: Final[dict[str, str]] = {
    "clients": "Clients",
    "edge": "Edge",
    "gateways": "Gateways",
    "services": "Services",
    "async": "Async",
    "data": "Data",
    "external": "External",
    "ops": "Control and ops",
}

#: What travels on a link, and how it is drawn (see `kit.drawing.theme`).
NATURES: Final[dict[str, str]] = {
    "sync": "synchronous call",
    "async": "asynchronous message",
    "replication": "replication / CDC",
    "stream": "stream",
}

#: Kinds of boundary a group can draw.
GROUP_KINDS: Final[dict[str, str]] = {
    "tier": "tier",
    "region": "region",
    "zone": "trust zone",
    "cell": "cell",
    "cluster": "cluster",
}

#: The playbook's twelve categories: folder name under blueprints/ -> heading.
CATEGORIES: Final[dict[str, str]] = {
    "fundamentals": "Fundamentals & Core Building Blocks",
    "database": "Database Design & High-Throughput Patterns",
    "caching": "Caching, Invalidation & Read Path Acceleration",
    "async": "Async, Orchestration & Worker Architectures",
    "query-logging": "Distributed Query, Logging & Analytics",
    "feeds": "Feeds, Fan-Out & Notifications",
    "security": "Security, Zero-Trust & Governance",
    "load-balancing": "Load Balancing, Backpressure & SLOs",
    "real-time": "Real-Time Detection, Counters & Monitoring",
    "code-execution": "Code Execution, Contests & Scheduling",
    "domain": "Domain Case Studies (Product Architectures)",
    "agent-era": "Agent Era & Next-Gen Architectures",
}


@dataclass(frozen=True, slots=True)
class KindSpec:
    """How a component kind is placed and drawn."""

    lane: str
    icon: str | None
    description: str


_K = KindSpec
#: Every kind a blueprint may use. `icon` is a path inside diagrams' resources; None draws a plain card.
KINDS: Final[dict[str, KindSpec]] = {
    # clients
    "user": _K("clients", "onprem/client/user.png", "a person using the system"),
    "users": _K("clients", "onprem/client/users.png", "a population of users"),
    "web-client": _K("clients", "onprem/client/client.png", "a browser or web app"),
    "mobile-client": _K("clients", "generic/device/mobile.png", "a mobile app"),
    "device": _K("clients", "generic/device/tablet.png", "a device: TV, IoT, tablet"),
    "operator": _K("clients", "aws/general/user.png", "an operator or reviewer"),
    "external-client": _K("clients", "aws/general/client.png", "a partner system calling in"),
    # edge
    "dns": _K("edge", "aws/network/route-53.png", "DNS, GeoDNS or anycast routing"),
    "cdn": _K("edge", "aws/network/cloudfront.png", "a content delivery network"),
    "waf": _K("edge", "generic/network/firewall.png", "a web application firewall or DDoS shield"),
    "load-balancer": _K("edge", "aws/network/elastic-load-balancing.png", "an L4 or L7 load balancer"),
    "waiting-room": _K("edge", "aws/general/users.png", "a virtual waiting room that admits users"),
    # gateways
    "api-gateway": _K("gateways", "aws/network/api-gateway.png", "an API gateway"),
    "realtime-gateway": _K("gateways", "onprem/messaging/centrifugo.png", "a WebSocket or SSE gateway"),
    "rate-limiter": _K("gateways", "aws/network/nat-gateway.png", "a rate limiter or admission control"),
    "service-mesh": _K("gateways", "onprem/network/istio.png", "a service mesh or sidecar proxy"),
    # services
    "service": _K("services", "aws/compute/ec2-instances.png", "a stateless service"),
    "worker": _K("services", "k8s/compute/pod.png", "a background worker"),
    "function": _K("services", "aws/compute/lambda.png", "a serverless function"),
    "scheduler": _K("services", "aws/integration/eventbridge-scheduler.png", "a time-based scheduler"),
    "orchestrator": _K("services", "aws/integration/step-functions.png", "a durable workflow orchestrator"),
    "stream-processor": _K("services", "aws/analytics/kinesis-data-analytics.png", "a stream processor"),
    "batch-processor": _K("services", "aws/compute/batch.png", "a batch job"),
    "agent": _K("services", "aws/ml/sagemaker.png", "an AI agent runtime"),
    "ml-model": _K("services", "aws/ml/sagemaker-model.png", "a machine-learning model"),
    "llm": _K("external", "aws/ml/bedrock.png", "a large language model"),
    "sandbox": _K("services", "onprem/container/firecracker.png", "an isolated execution sandbox"),
    "search-indexer": _K("services", "elastic/elasticsearch/logstash-pipeline.png", "an indexer"),
    # async
    "queue": _K("async", "aws/integration/simple-queue-service-sqs.png", "a work queue"),
    "stream": _K("async", "onprem/queue/kafka.png", "a partitioned log or stream"),
    "pubsub": _K("async", "aws/integration/simple-notification-service-sns.png", "a pub/sub topic"),
    "event-bus": _K("async", "aws/integration/eventbridge.png", "an event bus"),
    # data
    "cache": _K("data", "aws/database/elasticache.png", "an in-memory cache"),
    "relational-db": _K("data", "generic/database/sql.png", "a relational database"),
    "wide-column-db": _K("data", "onprem/database/cassandra.png", "a wide-column store"),
    "document-db": _K("data", "onprem/database/mongodb.png", "a document store"),
    "key-value-store": _K("data", "aws/database/dynamodb.png", "a key-value store"),
    "graph-db": _K("data", "onprem/database/neo4j.png", "a graph database"),
    "time-series-db": _K("data", "onprem/database/influxdb.png", "a time-series database"),
    "search": _K("data", "elastic/elasticsearch/elasticsearch.png", "a search index"),
    "vector-store": _K("data", "onprem/database/qdrant.png", "a vector index"),
    "object-store": _K("data", "aws/storage/simple-storage-service-s3.png", "object storage"),
    "data-warehouse": _K("data", "aws/analytics/redshift.png", "an analytical store"),
    "ledger": _K("data", "aws/database/quantum-ledger-database-qldb.png", "an append-only ledger"),
    # external
    "external-service": _K("external", "onprem/network/internet.png", "a third-party service"),
    "payment-provider": _K("external", "saas/payment/stripe.png", "a payment service provider"),
    "push-provider": _K("external", "aws/integration/simple-notification-service-sns.png", "APNs / FCM"),
    # control and ops
    "monitoring": _K("ops", "onprem/monitoring/prometheus.png", "metrics and alerting"),
    "logging": _K("ops", "onprem/logging/loki.png", "log aggregation"),
    "tracing": _K("ops", "onprem/tracing/jaeger.png", "distributed tracing"),
    "alerting": _K("ops", "saas/alerting/pagerduty.png", "on-call paging"),
    "auth": _K("ops", "aws/security/identity-and-access-management-iam.png", "identity and access"),
    "secrets": _K("ops", "onprem/security/vault.png", "secrets and keys"),
    "policy": _K("ops", "aws/security/shield.png", "a policy or guardrail engine"),
    "config": _K("ops", "aws/management/systems-manager-app-config.png", "configuration and flags"),
    "deployer": _K("ops", "onprem/gitops/argocd.png", "a deployment pipeline"),
    "coordination": _K("ops", "onprem/network/etcd.png", "consensus and leases"),
    "audit-log": _K("ops", "aws/management/cloudtrail.png", "an audit trail"),
}
del _K

#: Products with an icon of their own, keyed by the lower-case word(s) a `tech` string starts with.
TECH_ICONS: Final[dict[str, str]] = {
    "postgres": "onprem/database/postgresql.png",
    "postgresql": "onprem/database/postgresql.png",
    "aurora": "aws/database/aurora.png",
    "mysql": "onprem/database/mysql.png",
    "vitess": "onprem/database/mysql.png",
    "cockroachdb": "onprem/database/cockroachdb.png",
    "cassandra": "onprem/database/cassandra.png",
    "scylladb": "onprem/database/scylla.png",
    "clickhouse": "onprem/database/clickhouse.png",
    "mongodb": "onprem/database/mongodb.png",
    "dynamodb": "aws/database/dynamodb.png",
    "druid": "onprem/database/druid.png",
    "neo4j": "onprem/database/neo4j.png",
    "influxdb": "onprem/database/influxdb.png",
    "qdrant": "onprem/database/qdrant.png",
    "redis": "onprem/inmemory/redis.png",
    "memcached": "onprem/inmemory/memcached.png",
    "kafka": "onprem/queue/kafka.png",
    "rabbitmq": "onprem/queue/rabbitmq.png",
    "nats": "onprem/queue/nats.png",
    "sqs": "aws/integration/simple-queue-service-sqs.png",
    "sns": "aws/integration/simple-notification-service-sns.png",
    "kinesis": "aws/analytics/kinesis-data-streams.png",
    "elasticsearch": "elastic/elasticsearch/elasticsearch.png",
    "opensearch": "aws/analytics/amazon-opensearch-service.png",
    "s3": "aws/storage/simple-storage-service-s3.png",
    "flink": "onprem/analytics/flink.png",
    "spark": "onprem/analytics/spark.png",
    "airflow": "onprem/workflow/airflow.png",
    "prometheus": "onprem/monitoring/prometheus.png",
    "grafana": "onprem/monitoring/grafana.png",
    "jaeger": "onprem/tracing/jaeger.png",
    "loki": "onprem/logging/loki.png",
    "vault": "onprem/security/vault.png",
    "envoy": "onprem/network/envoy.png",
    "nginx": "onprem/network/nginx.png",
    "haproxy": "onprem/network/haproxy.png",
    "kong": "onprem/network/kong.png",
    "istio": "onprem/network/istio.png",
    "etcd": "onprem/network/etcd.png",
    "zookeeper": "onprem/network/zookeeper.png",
    "consul": "onprem/network/consul.png",
    "firecracker": "onprem/container/firecracker.png",
    "gvisor": "onprem/container/gvisor.png",
    "route 53": "aws/network/route-53.png",
    "cloudfront": "aws/network/cloudfront.png",
    "cloudflare": "saas/cdn/cloudflare.png",
    "fastly": "saas/cdn/fastly.png",
    "akamai": "saas/cdn/akamai.png",
    "lambda": "aws/compute/lambda.png",
    "step functions": "aws/integration/step-functions.png",
    "stripe": "saas/payment/stripe.png",
    "adyen": "saas/payment/adyen.png",
    "paypal": "saas/payment/paypal.png",
    "pagerduty": "saas/alerting/pagerduty.png",
    "opsgenie": "saas/alerting/opsgenie.png",
    "auth0": "saas/identity/auth0.png",
    "okta": "saas/identity/okta.png",
    "twilio": "saas/communication/twilio.png",
    "slack": "saas/chat/slack.png",
    "argo cd": "onprem/gitops/argocd.png",
    "terraform": "onprem/iac/terraform.png",
    "fluent bit": "onprem/logging/fluentbit.png",
    "datadog": "onprem/monitoring/datadog.png",
    "sentry": "onprem/monitoring/sentry.png",
}

# Only at the start: "Lambda + DynamoDB" is a Lambda; a product named later is a detail.
_TECH_PATTERN: Final = re.compile(
    r"^\s*(" + "|".join(re.escape(k) for k in sorted(TECH_ICONS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)


def icon_for(kind: str, tech: str = "") -> str | None:
    """The icon for a component: its technology's own if we know it, else its kind's.

    >>> icon_for("stream", "Kafka (RF3, 64 partitions)")
    'onprem/queue/kafka.png'
    >>> icon_for("relational-db", "Postgres 16 + Patroni")
    'onprem/database/postgresql.png'
    >>> icon_for("relational-db", "TigerBeetle")
    'generic/database/sql.png'
    """
    match = _TECH_PATTERN.match(tech)
    if match:
        return TECH_ICONS[match.group(1).lower()]
    return KINDS[kind].icon


def lane_index(lane: str) -> int:
    """Position of a lane from the left.

    >>> lane_index("clients") < lane_index("data")
    True
    """
    return list(LANES).index(lane)
