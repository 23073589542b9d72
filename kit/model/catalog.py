"""The component catalogue: semantic kinds, the lane each sits in, and the icon that draws it.

Icons come from the `diagrams` package's resources and are named by their path inside it
(``onprem/queue/kafka.png``), so the DOT never holds a machine-specific path. A component's
technology, when it starts with a product we have an icon for ("Kafka, RF 3", "Postgres 16"),
picks a more specific icon than its kind's generic one.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

__all__ = [
    "CATEGORIES",
    "GROUP_KINDS",
    "KINDS",
    "LANES",
    "NATURES",
    "NEUTRAL_PROVIDERS",
    "NOT_PRODUCTS",
    "TECH_ICONS",
    "VENDOR_WORDS",
    "KindSpec",
    "icon_for",
    "icon_index",
    "icons_root",
    "lane_index",
    "own_icon_problem",
    "repo_root",
    "tech_icon",
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

#: The aliases table: abbreviations and common names an icon's file name does not give
#: ("postgres", "gke"), and the preferred icon where several would fit. Keyed by the lower-case
#: word(s) a `tech` string starts with, in compact form or with spaces; see `icon_for`.
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
    # Abbreviations no icon's file name gives.
    "gke": "gcp/compute/kubernetes-engine.png",
    "eks": "aws/compute/elastic-kubernetes-service.png",
    "aks": "azure/compute/kubernetes-services.png",
    "kubernetes": "k8s/k8s.png",
    "k8s": "k8s/k8s.png",
    "gcs": "gcp/storage/storage.png",
    "mongo": "onprem/database/mongodb.png",
    "cosmos": "azure/database/cosmos-db.png",
}

#: Providers that are nobody's cloud: an icon here may stand for a product wherever it runs.
#: Listed in order of preference when a name is in several (Postgres: onprem before programming).
NEUTRAL_PROVIDERS: Final = ("onprem", "saas", "elastic", "k8s", "programming", "generic", "gis")

#: Words a `tech` may start with to name its vendor; matching then stays within that provider.
VENDOR_WORDS: Final[dict[str, str]] = {
    "aws": "aws",
    "amazon": "aws",
    "google cloud": "gcp",
    "google": "gcp",
    "gcp": "gcp",
    "microsoft azure": "azure",
    "azure": "azure",
    "alibaba cloud": "alibabacloud",
    "oracle cloud": "oci",
    "oci": "oci",
    "ibm": "ibm",
    "digitalocean": "digitalocean",
}

#: Icon names that are ordinary words in a `tech` string ("Web / mobile app", "Custom rules"),
#: not products: a tech starting with one keeps its kind's icon.
NOT_PRODUCTS: Final = frozenset(
    {
        *("api", "app", "apps", "blank", "client", "clients", "compute", "custom", "database", "db"),
        *("general", "internet", "mobile", "network", "proxy", "queue", "router", "rules", "server"),
        *("servers", "service", "services", "storage", "user", "users", "web", "worker", "workers"),
    }
)

#: The most words a product name has ("Identity and Access Management IAM role").
_MAX_WORDS: Final = 8
_WORD: Final = re.compile(r"[^\s,;()+]+")


def _compact(text: str) -> str:
    """The matching form of a name: lower-case letters and digits only ("Pub/Sub" -> "pubsub")."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def _names(provider: str, stem: str) -> Iterator[tuple[str, int]]:
    """The names an icon answers to, each with a rank (0: its own name; 1: a derived one)."""
    words = stem.split("-")
    yield _compact(stem), 0
    # "azure-cosmos-db" is also "cosmos-db", "amazon-opensearch-service" also "opensearch-service".
    if words[0] in ("aws", "amazon", "azure", "google", "gcp", "cloud") and len(words) > 1:
        yield _compact("".join(words[1:])), 1
    # GCP names its products "Cloud X" where the icon says "x" (Cloud SQL, Cloud Run, Cloud Spanner).
    if provider == "gcp" and words[0] != "cloud":
        yield "cloud" + _compact(stem), 1
    # AWS icons end with their abbreviation: "simple-queue-service-sqs" is also "sqs".
    if provider == "aws" and len(words) >= 3 and len(words[-1]) <= 4 and words[-1][0] == words[0][0]:
        yield _compact(words[-1]), 1


#: A language's logo would draw a Go service as a gopher: the card says what it is built in,
#: the icon what it does, so these never stand in for a kind's icon.
_LANGUAGE_LOGOS: Final = "programming/language/"


@cache
def icons_root() -> Path:
    """The `resources/` folder that ships with the `diagrams` package (found without importing it)."""
    spec = importlib.util.find_spec("diagrams")
    if spec is None or spec.origin is None:
        raise RuntimeError("the `diagrams` package is not installed (run `make` to set up .venv)")
    root = Path(spec.origin).resolve().parent.parent / "resources"
    if not root.is_dir():
        raise RuntimeError(f"the `diagrams` package has no resources folder at {root}")
    return root


def repo_root() -> Path:
    """The repository the kit and its blueprints live in: a blueprint's own icons are named from here."""
    return Path(__file__).resolve().parents[2]


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def own_icon_problem(icon: str) -> str | None:
    """Why `icon`, a blueprint's own icon file, cannot be drawn; None when it can.

    It must be a relative path inside the repository (so the DOT holds no machine-specific path
    and a render never reads outside it), name an existing file, and that file must be a PNG.
    """
    root = repo_root()
    if not icon.lower().endswith(".png") or icon.startswith(("/", "\\")) or "\\" in icon:
        return f"icon {icon!r} must be a PNG named by a path relative to the repository, e.g. 'blueprints/icons/x.png'"
    path = (root / icon).resolve()
    if not path.is_relative_to(root):
        return f"icon {icon!r} is outside the repository ({root})"
    if not path.is_file():
        return f"icon {icon!r} does not exist (looked for {path})"
    with path.open("rb") as file:
        if file.read(len(_PNG_SIGNATURE)) != _PNG_SIGNATURE:
            return f"icon {icon!r} is not a PNG file"
    return None


@cache
def icon_index() -> dict[str, tuple[tuple[int, str], ...]]:
    """Every icon the `diagrams` package ships, by compact name: (rank, path) pairs, best first.

    Built by walking its resources folder (`<provider>/<category>/<name>.png`), so a newer
    `diagrams` brings its new icons with it. Sorted, so the same folder gives the same index.
    """
    root = icons_root()
    found: dict[str, set[tuple[int, str]]] = {}
    for path in sorted(root.rglob("*.png")):
        relative = path.relative_to(root).as_posix()
        if relative.startswith(_LANGUAGE_LOGOS):
            continue
        provider = relative.split("/", 1)[0]
        for name, rank in _names(provider, path.stem):
            if len(name) >= 2 and name not in NOT_PRODUCTS:
                found.setdefault(name, set()).add((rank, relative))
    return {name: tuple(sorted(paths, key=lambda p: (p[0], len(p[1]), p[1]))) for name, paths in found.items()}


#: Icon folders that belong to another provider's vendor: Firebase is Google's.
_VENDOR_OF: Final = {"firebase": "gcp"}


def _provider(path: str) -> str:
    """The vendor (or neutral provider) an icon belongs to, from its first folder."""
    folder = path.split("/", 1)[0]
    return _VENDOR_OF.get(folder, folder)


def _pick(candidates: tuple[tuple[int, str], ...], vendor: str | None) -> str | None:
    """One icon among those sharing a name, never a vendor's other than the one named.

    With a vendor named, only its icons; else a neutral provider's (by NEUTRAL_PROVIDERS order);
    else the one vendor that has it ("Spanner" is Google's); a name several vendors share and no
    neutral provider has ("Load Balancer") is nobody's product: no icon.
    """
    if vendor is not None:
        own = [path for _, path in candidates if _provider(path) == vendor]
        return own[0] if own else None
    neutral = [path for _, path in candidates if _provider(path) in NEUTRAL_PROVIDERS]
    if neutral:
        return min(neutral, key=lambda path: NEUTRAL_PROVIDERS.index(_provider(path)))
    vendors = {_provider(path) for _, path in candidates}
    return candidates[0][1] if len(vendors) == 1 else None


def tech_icon(tech: str) -> str | None:
    """The icon of the product a `tech` string starts with, or None; see `icon_for` for the rule."""
    words = _WORD.findall(tech.strip())
    vendor = None
    for phrase in sorted(VENDOR_WORDS, key=len, reverse=True):
        count = len(phrase.split())
        if len(words) > count and _compact(" ".join(words[:count])) == _compact(phrase):
            vendor, words = VENDOR_WORDS[phrase], words[count:]
            break
    index = icon_index()
    # Longest first: "Cloud Spanner" before "Cloud", "Step Functions" before "Step".
    for length in range(min(_MAX_WORDS, len(words)), 0, -1):
        name = _compact("".join(words[:length]))
        if not name:
            continue
        alias = TECH_ICONS.get(name) or TECH_ICONS.get(" ".join(words[:length]).lower())
        if alias is not None and (vendor is None or _provider(alias) == vendor):
            return alias
        if name in NOT_PRODUCTS:
            return None
        if name in index:
            # A known name decides, even when it picks nothing: falling back to its first words
            # would find another vendor's product ("Data Lake Analytics" is not "Data Lake").
            return _pick(index[name], vendor)
    return None


def icon_for(kind: str, tech: str = "", *, icon: str = "") -> str | None:
    """The icon for a component: its own file if it names one, else its technology's, else its kind's.

    The rule for `tech`, deterministic and independent of the machine:
    1. Only the start of `tech` names the product ("Lambda + DynamoDB" is a Lambda): its first
       one to eight words, longest first, compared in compact form (lower-case letters and
       digits only, so "Pub/Sub", "pubsub" and "PubSub" are one name).
    2. A leading vendor word ("AWS", "Amazon", "Google Cloud", "Azure", ...) is dropped and
       restricts the match to that vendor's icons.
    3. `TECH_ICONS`, the aliases table (abbreviations like GKE, and the preferred icon where
       several fit), is consulted first; then every icon `diagrams` ships, by its file name
       (see `icon_index` for the names an icon answers to).
    4. A name several icons share resolves by `_pick`: never another vendor's icon.
    5. Nothing matches: the kind's icon.

    >>> icon_for("stream", "Kafka (RF3, 64 partitions)")
    'onprem/queue/kafka.png'
    >>> icon_for("relational-db", "Postgres 16 + Patroni")
    'onprem/database/postgresql.png'
    >>> icon_for("relational-db", "TigerBeetle")
    'generic/database/sql.png'
    >>> icon_for("pubsub", "Pub/Sub")
    'gcp/analytics/pubsub.png'
    """
    if icon:
        return icon
    return tech_icon(tech) or KINDS[kind].icon


def lane_index(lane: str) -> int:
    """Position of a lane from the left.

    >>> lane_index("clients") < lane_index("data")
    True
    """
    return list(LANES).index(lane)
