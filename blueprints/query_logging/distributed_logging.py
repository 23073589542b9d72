"""Multi-tenant distributed logging in the style of Grafana Loki: tenants push log streams through a
gateway that turns their token into X-Scope-OrgID; distributors enforce each tenant's rate limit and
hash (tenant, labels) onto a ring of ingesters that keep three replicas in memory with a WAL and
flush compressed chunks to S3 with a small label-only TSDB index. Queries are split into 1 h pieces,
queued fairly per tenant and run by queriers over ingesters (recent data) and S3 (the rest); a
compactor applies each tenant's retention. A whale tenant gets its own cell.

The question this blueprint answers: how do you ingest, keep and search 50 TB of logs a day for a
thousand tenants at object-storage prices, without one tenant hurting the others? Its neighbour,
kafka-log-merging, answers how to put many services' lines in order; here order inside a stream is
simply enforced at the ingester, and the problem is cost and isolation.
"""

from kit import Blueprint, leaderless, quorum

bp = Blueprint(
    "distributed-logging",
    title="Distributed Logging Systems at Scale (p1)",
    category="query-logging",
    learn="Multi-tenant, cost-efficient log platform",
    promise=(
        "Ingest 50 TB/day of logs (1.2 GB/s at peak) for 1,000 tenants, with push p99 < 500 ms, no acknowledged "
        "line lost, a 24 h search at p99 < 15 s, and 30 days kept on S3 for about $3.5K a month, "
        "with per-tenant limits so no tenant degrades another."
    ),
)

# -- components ------------------------------------------------------------------------------------

agents = bp.component(
    "agents",
    "external-client",
    "Tenant agents",
    tech="Grafana Alloy / Promtail",
    responsibility="Push batches of labelled log streams with the tenant's token; back off on 429",
)
users = bp.component(
    "users",
    "users",
    "Tenant engineers",
    tech="Grafana Explore",
    responsibility="Run LogQL queries over their own tenant's logs",
)
gateway = bp.component(
    "gateway",
    "api-gateway",
    "Auth gateway",
    tech="NGINX + token auth",
    replicas=4,
    responsibility="Maps a token to its tenant and sets X-Scope-OrgID; clients never choose it",
)

with bp.group("Ingest", kind="tier"):
    distributors = bp.component(
        "distributors",
        "service",
        "Distributors",
        tech="Loki distributor",
        replicas=20,
        responsibility="Validate labels, apply per-tenant rate limits, hash streams onto the ring, fan out x3",
    )
    ingesters = bp.component(
        "ingesters",
        "service",
        "Ingesters",
        tech="Loki ingester, WAL",
        replicas=232,
        topology=quorum(3, failover="60 s"),
        responsibility="Hold each stream's open chunk in memory (3 replicas, quorum 2); flush to S3",
    )

with bp.group("Read path", kind="tier"):
    frontend = bp.component(
        "frontend",
        "service",
        "Query frontend",
        tech="Loki query-frontend + scheduler",
        replicas=3,
        responsibility="Split by 1 h, cache results, queue per tenant and hand out sub-queries fairly",
    )
    queriers = bp.component(
        "queriers",
        "service",
        "Queriers",
        tech="Loki querier",
        replicas=170,
        responsibility="Resolve labels to chunks, fetch and grep them, ask ingesters for recent data",
    )

with bp.group("Background", kind="tier"):
    compactor = bp.component(
        "compactor",
        "worker",
        "Compactor",
        tech="Loki compactor, singleton",
        lane="ops",
        accepted_risk="A singleton batch worker: if it is down, index compaction and deletions wait; "
        "no push or query depends on it",
        responsibility="Merge daily index files; delete chunks past each tenant's retention",
    )
    metering = bp.component(
        "metering",
        "worker",
        "Usage metering",
        tech="Go, hourly",
        lane="ops",
        role="background",
        responsibility="Bytes ingested, stored and discarded per tenant, for billing and limits",
    )

results = bp.component(
    "results",
    "cache",
    "Results cache",
    tech="Memcached",
    replicas=3,
    # Sharded by key; a dead node turns its keys into misses the queriers recompute, so one node suffices.
    topology=leaderless(3, needed=1),
    responsibility="Cached 1 h sub-query results; a lost node only costs recomputation",
)

with bp.group("S3", kind="tier"):
    chunks = bp.component(
        "chunks",
        "object-store",
        "Chunk store",
        tech="S3, per-tenant prefixes",
        managed="AWS",
        responsibility="Compressed chunks of ~1.5 MB, one stream's lines in time order",
    )
    index = bp.component(
        "index",
        "object-store",
        "TSDB index",
        tech="S3, per tenant per day",
        managed="AWS",
        responsibility="Label sets -> series -> chunk refs; no words from the log lines",
    )

with bp.group("Control", kind="tier"):
    ring = bp.component(
        "ring",
        "coordination",
        "Hash ring",
        tech="memberlist gossip",
        replicas=232,
        role="control",
        topology=quorum(3, failover="60 s"),
        responsibility="Which ingester owns which token range, and who is healthy",
    )
    overrides = bp.component(
        "overrides",
        "config",
        "Tenant overrides",
        tech="runtime config, reloaded every 10 s",
        replicas=2,
        responsibility="Per-tenant limits, retention and cell placement",
    )

# -- links -----------------------------------------------------------------------------------------

bp.link(agents, gateway, "POST /loki/api/v1/push")
bp.link(users, gateway, "GET query_range")
bp.link(gateway, distributors, "push + X-Scope-OrgID", figure="peak_bw")
bp.link(gateway, frontend, "LogQL + X-Scope-OrgID")
bp.link(distributors, ingesters, "streams x3", figure="ingester_bw")
bp.link(ingesters, chunks, "flush chunks", nature="async", figure="flush_rate")
bp.link(ingesters, index, "ship index files", nature="async")
bp.link(frontend, results, "GET / SET 1 h results")
bp.link(frontend, queriers, "fair queue", figure="peak_subqueries")
bp.link(queriers, ingesters, "last 3 h")
bp.link(queriers, index, "label -> chunk refs")
bp.link(queriers, chunks, "GET chunks")
bp.link(compactor, index, "compact, mark deletes")
bp.link(compactor, chunks, "DELETE expired")
bp.link(distributors, metering, "bytes, discards", nature="async")
bp.link(ring, distributors, "token ranges", nature="async")
bp.link(overrides, distributors, "tenant limits", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Push logs",
    [
        (
            agents,
            gateway,
            "An agent pushes a snappy-compressed protobuf batch of streams such as {app=checkout, env=prod}.",
            "30 ms",
            "150 ms",
        ),
        (
            gateway,
            distributors,
            "The gateway resolves the token to a tenant and sets X-Scope-OrgID.",
            "2 ms",
            "10 ms",
        ),
        (
            distributors,
            ingesters,
            "The distributor checks the tenant's limit (default 4 MB/s, 6 MB burst), hashes (tenant, labels) "
            "onto the ring and sends each stream to 3 ingesters; 2 acknowledgements answer 204.",
            "15 ms",
            "150 ms",
        ),
        (
            ingesters,
            chunks,
            "Each ingester appends to the stream's open chunk and its WAL; a chunk is cut at ~1.5 MB "
            "compressed or 2 h and flushed to S3.",
        ),
        (
            ingesters,
            index,
            "Every 15 min the ingester ships its TSDB index file for the tenant's day, labels only.",
        ),
    ],
    critical=True,
    mode="write",
    description="The critical path ends at the quorum ack; flushing to S3 is asynchronous.",
)

bp.flow(
    "Over the limit",
    [
        (agents, gateway, "A tenant's deploy triples its log volume to 12 MB/s."),
        (gateway, distributors, "The push reaches a distributor as usual."),
        (
            overrides,
            distributors,
            "The tenant's limit comes from the runtime overrides; each distributor enforces its share "
            "(limit / healthy distributors).",
        ),
        (
            distributors,
            metering,
            "Over the limit the batch is refused with 429 and counted as discarded (reason rate_limited); "
            "the agent keeps it and retries with backoff.",
        ),
    ],
    description="Degradation path: one tenant is slowed, everyone else keeps their latency.",
)

bp.flow(
    "Query logs",
    [
        (
            users,
            gateway,
            'A tenant runs {app="checkout"} |= "timeout" over the last 24 h.',
            "30 ms",
            "150 ms",
        ),
        (gateway, frontend, "The gateway adds X-Scope-OrgID and forwards the query.", "2 ms", "10 ms"),
        (
            frontend,
            results,
            "The frontend splits it into 24 one-hour sub-queries and serves finished hours from the cache.",
            "2 ms",
            "10 ms",
        ),
        (
            frontend,
            queriers,
            "The rest wait in the tenant's own queue; at most 20 queriers work for one tenant at a time.",
            "50 ms",
            "2 s",
        ),
        (
            queriers,
            ingesters,
            "Sub-queries for the last 3 h also ask the ingesters, which still hold unflushed lines.",
            "100 ms",
            "800 ms",
        ),
        (
            queriers,
            index,
            "The TSDB index turns the label matcher into the list of chunks for that hour.",
            "20 ms",
            "200 ms",
        ),
        (
            queriers,
            chunks,
            "Queriers fetch those chunks in parallel, decompress and grep them; the frontend merges the hours.",
            "1500 ms",
            "8 s",
        ),
    ],
    mode="read",
    description="Search scans compressed chunks selected by labels: cost follows bytes scanned, not an index.",
)

bp.flow(
    "Apply retention",
    [
        (compactor, index, "Each day the compactor merges a tenant's index files and marks chunks past retention."),
        (compactor, chunks, "After a 2 h delay it deletes the marked chunks; storage per tenant drops the same day."),
    ],
    description="Retention is per tenant (7, 30 or 90 days) and costs no work on the write path.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Tenant", "pushes labelled log streams", mode="write", flow="Push logs")
bp.use_case(
    "Tenant engineer", "searches their logs by labels and text over a time range", mode="read", flow="Query logs"
)
bp.use_case("Platform", "slows a tenant over its limit without affecting others", flow="Over the limit")
bp.use_case("Platform", "deletes each tenant's logs at the end of its retention", flow="Apply retention")
bp.out_of_scope(
    "Ordering lines across services (see kafka-log-merging)",
    "Metrics and traces",
    "Log-based alert rules (ruler)",
    "Billing and invoicing",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target("Push latency", flow="Push logs", p50="100 ms", p99="500 ms", note="Until the quorum acknowledgement")
bp.target("Search latency", flow="Query logs", p50="3 s", p99="15 s", note="24 h range, cache cold, one tenant")
bp.target("Push availability", flow="Push logs", availability="99.9%")
bp.target(
    "Durability",
    flow="Push logs",
    rpo="0 s",
    rto="60 s",
    note="2 of 3 ingesters hold a line before 204; S3 thereafter",
)
bp.target(
    "Isolation",
    "A tenant at 10x its limit moves other tenants' push p99 by < 10%",
    note="Checked in the monthly noisy-neighbour game day",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "log_entry",
    primary_key="(tenant, stream labels hash, ts)",
    fields=[
        ("ts", "int64 ns", 8),
        ("line", "bytes", 280),
        ("structured metadata", "key-value pairs", 12),
    ],
    indexes=[
        (
            "TSDB: label pairs -> series -> chunk refs",
            "a label matcher finds a stream's chunks without reading any line",
        ),
        (
            "S3 key tenant/fingerprint/from-through-checksum",
            "chunks of one stream and hour are found and cached by name",
        ),
    ],
    per="event",
    note="labels are stored once per stream, not per line; lines within a stream must arrive in time order",
)
bp.api(
    "pushes labelled log streams",
    'POST /loki/api/v1/push\nAuthorization: Bearer <tenant token>\n{"streams": [{"stream": {"app": "checkout", '
    '"env": "prod"}, "values": [["1764563111482913000", "payment timeout order=8812"]]}]}',
    "204 No Content   (or 429 Too Many Requests, Retry-After: 5)",
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("daily_bytes", "50 TB/day", "Logs ingested", basis="Topic notes: 50 TB/day across all tenants")
bp.quantity("peak_factor", "2", "Peak over average", basis="Business-hours peak and incident storms (planning)")
bp.quantity("tenants", "1000", "Tenants", basis="Planning value for a hosted log platform")
bp.quantity("rf", "3", "Ingester replication factor", basis="Loki default replication_factor")
bp.quantity(
    "ingester_rate",
    "25 MB/s",
    "Raw bytes per ingester",
    basis="Planning value (topic notes); confirm with a load test",
)
bp.quantity("compression", "10", "Chunk compression", basis="Snappy/gzip on log text, topic notes ~10x")
bp.quantity("retention", "30 days", "Default retention", basis="Product default tier")
bp.quantity("chunk_size", "1.5 MB/req", "Compressed chunk per flush", basis="Loki chunk_target_size 1.5 MB")
bp.quantity("residence", "30 min", "Mean time a byte waits in an ingester", basis="Chunks cut at 1.5 MB or 2 h max")
bp.quantity("whale_share", "20 %", "Largest tenant's share of ingest", basis="Planning value: the largest customer")
bp.quantity("default_limit", "4 MB/s", "Default per-tenant rate limit", basis="Loki ingestion_rate_mb default")
bp.quantity("s3_price", "0.023 USD/GB/month", "S3 Standard price", basis="AWS us-east-1 list price, first 50 TB")
bp.quantity("peak_queries", "20 req/s", "Peak queries", basis="Planning value: 1,000 tenants, dashboards + Explore")
bp.quantity("split", "24", "Sub-queries per 24 h query", basis="split_queries_by_interval = 1 h")
bp.quantity("scanned", "5 GB/req", "Compressed bytes scanned per query", basis="Planning value for a 24 h grep")
bp.quantity("querier_rate", "1 GB/s", "Scan rate per querier", basis="Planning value; confirm on production queries")
bp.quantity("headroom", "60 %", "Usable share of a node", basis="Room for a zone loss and bursts")
bp.quantity(
    "node_price", "0.20 USD/h", "Price of one 4 vCPU node", basis="Planning value near m6i.xlarge on-demand, 2026"
)

bp.derive("avg_bw", "daily_bytes * 1", "Average ingest", unit="MB/s", section="rates")
bp.derive("peak_bw", "avg_bw * peak_factor", "Peak ingest", unit="GB/s", section="rates")
bp.derive("ingester_bw", "peak_bw * rf", "Peak bytes into ingesters", unit="GB/s", section="bandwidth")
bp.derive("ingesters_needed", "ceil(ingester_bw / (ingester_rate * headroom))", "Ingesters", unit="", section="fleet")
bp.derive("flush_rate", "peak_bw / compression * rf / chunk_size", "Peak chunk flushes", unit="req/s", section="rates")
bp.derive("lines_per_day", "daily_bytes / log_entry_record", "Lines per day", unit="events/day", section="rates")
bp.derive("stored_per_day", "daily_bytes / compression", "Stored per day", unit="TB/day", section="storage")
bp.derive("stored", "stored_per_day * retention", "Stored over 30 days", unit="TB", section="storage")
bp.derive("s3_cost", "stored * s3_price", "S3 storage cost", unit="USD/month", section="cost")
bp.derive(
    "resident", "avg_bw * rf * residence / compression", "Chunks resident in ingesters", unit="GB", section="queues"
)
bp.derive("resident_each", "resident / ingesters_needed", "Per ingester", unit="GB", section="queues")
bp.derive("peak_subqueries", "peak_queries * split", "Peak sub-queries", unit="req/s", section="rates")
bp.derive(
    "queriers_needed",
    "ceil(peak_queries * scanned / (querier_rate * headroom))",
    "Queriers",
    unit="",
    section="fleet",
)
bp.derive("whale", "avg_bw * whale_share", "Largest tenant", unit="MB/s")
bp.derive("whale_over", "whale / default_limit", "Largest tenant over the default limit", unit="")
bp.derive(
    "compute_cost",
    "(ingesters_needed + queriers_needed) * node_price * month",
    "Ingester and querier nodes, per month",
    unit="USD",
    section="cost",
)

bp.quota(
    "s3_put",
    "3500 req/s",
    "S3 PUT per prefix",
    basis="AWS S3 performance guidelines: 3,500 PUT/COPY/POST/DELETE per second per prefix",
    load="flush_rate",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="What to index",
    chosen="Labels only (Loki TSDB); lines are compressed chunks on S3, grepped at query time",
    rejected="A full-text inverted index per tenant (Elasticsearch / OpenSearch)",
    why=(
        "Labels-only keeps {stored} on S3 for {s3_cost}; an inverted index with a replica on SSD holds about "
        "2x raw, ~3 PB for 30 days of 50 TB/day, and spends ingest CPU tokenising every line"
    ),
    cost="A needle search scans every chunk of the matching streams: {scanned} for a 24 h query, seconds not ms",
    revisit_when="More than 30% of queries are needle searches with no narrowing label for 30 days",
)
bp.tradeoff(
    decision="Tenancy model",
    chosen="One shared cluster with per-tenant limits and shuffle-sharded queriers; whales get a cell",
    rejected="A dedicated cluster per tenant",
    why=(
        "Dedicated clusters need at least 3 ingesters each, ~3,000 for 1,000 tenants against "
        "{ingesters_needed} shared; but the largest tenant, {whale}, is {whale_over} times the default limit"
    ),
    cost="Noisy-neighbour risk handled by limits; the whale's cell runs its own ring and overrides",
    revisit_when="A tenant passes 10% of total ingest; move it to its own cell",
)
bp.tradeoff(
    decision="At the rate limit",
    chosen="429 with Retry-After; agents buffer and retry",
    rejected="Sample the tenant's lines down to its limit",
    why=(
        "A 3x burst for 10 min over a 4 MB/s limit is 4.8 GB, which a 10 GB agent buffer absorbs; sampling would "
        "drop exactly the incident lines people search for"
    ),
    cost="A tenant over its limit for longer than its agents can buffer loses the overflow at the agent",
    revisit_when="More than 1% of tenants are limited on a typical day",
)
bp.tradeoff(
    decision="Query execution",
    chosen="Split by 1 h, per-tenant fair queues, at most 20 queriers per tenant",
    rejected="Run each query whole on one querier",
    why=(
        "{peak_subqueries} of 1 h pieces keep {queriers_needed} queriers busy in parallel and make each hour "
        "cacheable; a whole 24 h query on one querier scans {scanned} at 1 GB/s, 5 s with no parallelism"
    ),
    cost="A 30-day query is 720 sub-queries; the frontend and scheduler are more moving parts",
    revisit_when="Median query range falls under 1 h, when splitting adds only overhead",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="An ingester crashes or its zone goes down",
    detection="Ring heartbeat older than 1 min; push 5xx > 1% for 2 min",
    blast_radius="Streams on it lose one of 3 replicas; writes continue on quorum 2, queries on the others",
    mitigation=(
        "Restart replays the WAL (~{resident_each} of chunks) and rejoins; zone-aware replication keeps the 3 "
        "copies in 3 zones; back in < 5 min"
    ),
)
bp.failure(
    failure="A whale tenant bursts to 10x",
    detection="discarded_bytes{reason=rate_limited} > 0 for 5 min for the tenant; distributor CPU > 80%",
    blast_radius="That tenant's excess only; others keep their limits and latency",
    mitigation=(
        "429s push the backlog to its agents; raise its override (live in 10 s) or move it to its cell; "
        "resolved in < 15 min"
    ),
)
bp.failure(
    failure="S3 throttles or fails flushes (503 SlowDown)",
    detection="Flush errors > 1% for 5 min; ingester memory > 80%",
    blast_radius="Chunks pile up in ingesters; pushes still succeed until memory runs out",
    mitigation=(
        "Flushes retry with backoff across per-tenant prefixes (3,500 PUT/s each); ingesters hold 2 h of "
        "chunks; new pushes are refused at 90% memory; caught up within 30 min of recovery"
    ),
)
bp.failure(
    failure='A query of death: {app=~".+"} |= "x" over 30 days',
    detection="One tenant's queue > 1,000 sub-queries, or querier OOM kills > 0 in 10 min",
    blast_radius="That tenant's 20 queriers (shuffle sharding); other tenants keep their own",
    mitigation=(
        "max_query_length, max_query_series and a 5 min timeout cut it; OOM-killed queriers restart in 30 s; "
        "the Compactor's deletion work is unaffected"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (500 TB/day, 12 GB/s peak)",
    breaks=(
        "~2,300 ingesters gossip in one ring and ~1.5 PB sits on S3; flushes reach 10x {flush_rate}, "
        "still under S3's per-prefix limit only because prefixes are per tenant"
    ),
    next_move="Split into 4 regional cells by tenant, each its own ring; move data past 7 days to S3 Infrequent Access",
)
bp.scaling(
    at="100x (5 PB/day)",
    breaks="Querier fleets scale with bytes scanned: a 24 h grep on a large tenant scans TBs",
    next_move=(
        "Add bloom filters per chunk for needle searches (Loki 3.x bloom gateways) and push aggregation "
        "to pattern and metric extraction at ingest"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Grafana Loki: Architecture",
    "Distributors, ingesters, hash ring, query frontend, queriers, compactor",
    url="https://grafana.com/docs/loki/latest/get-started/architecture/",
)
bp.reference(
    "Grafana Loki: Configuration (limits_config)",
    "ingestion_rate_mb 4, ingestion_burst_size_mb 6, per-tenant overrides",
    url="https://grafana.com/docs/loki/latest/configure/",
)
bp.reference(
    "Grafana Loki: Multi-tenancy",
    "X-Scope-OrgID and tenant isolation",
    url="https://grafana.com/docs/loki/latest/operations/multi-tenancy/",
)
bp.reference(
    "Amazon S3: Best practices for performance",
    "3,500 PUT and 5,500 GET requests per second per prefix",
    url="https://docs.aws.amazon.com/AmazonS3/latest/userguide/optimizing-performance.html",
)
bp.reference(
    "Amazon Builders' Library: Workload isolation using shuffle-sharding",
    "Why a tenant's queriers are a random subset",
    url="https://aws.amazon.com/builders-library/workload-isolation-using-shuffle-sharding/",
)

bp.key_numbers("peak_bw", "ingesters_needed", "stored", "s3_cost", "queriers_needed")

BLUEPRINT = bp.build()
