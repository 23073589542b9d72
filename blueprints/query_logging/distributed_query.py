"""Distributed query: a 30-day, ~11 TB event index split into ~220 Elasticsearch/OpenSearch primary shards,
queried by coordinators that route each tenant's query to the 8 shards holding that tenant
(`routing_partition_size`), run the two-phase query-then-fetch with adaptive replica selection, merge the
shards' partial top-k and partial aggregations, hedge a straggling shard after its p95 and answer with
partial results at a 1 s deadline rather than fail. Ingest reaches the same shards through Kafka and
bulk indexers and is searchable after a 1 s refresh.

The question this blueprint answers: how does one search/filter/aggregate request stay fast when its
data is spread over hundreds of shards, where the slowest shard sets the latency?
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "distributed-query",
    title="Architecting Distributed Query Systems for Scale",
    category="query-logging",
    learn="Search/filter/aggregate at massive scale",
    promise=(
        "Answer 2K search and aggregation queries/s at peak over 30 days of events (~11 TB in ~220 shards) "
        "at p99 < 1 s, by routing each tenant to 8 shards, hedging stragglers and returning flagged partial "
        "results at the deadline; new events searchable within 5 s."
    ),
)

# -- components ------------------------------------------------------------------------------------

dashboards = bp.component(
    "dashboards",
    "web-client",
    "Dashboards",
    tech="Kibana / Grafana",
    responsibility="Send filter, full-text and aggregation queries over a time range for one tenant",
)

with bp.group("Query tier", kind="tier"):
    gateway = bp.component(
        "gateway",
        "rate-limiter",
        "Admission gateway",
        tech="Envoy + per-tenant limits",
        replicas=4,
        responsibility="Authenticates the tenant, caps it at 20 concurrent queries, stamps a 1 s deadline",
    )
    coordinators = bp.component(
        "coordinators",
        "service",
        "Coordinators",
        tech="OpenSearch coordinating-only nodes",
        replicas=6,
        responsibility="Parse, route by tenant, scatter, k-way merge partial results, hedge, enforce deadline",
    )

cache = bp.component(
    "cache",
    "cache",
    "Result cache",
    tech="Redis, 60 s TTL",
    replicas=2,
    topology=single_writer(async_standbys=1, failover="15 s"),
    responsibility="Complete results keyed by normalised query + tenant + minute-rounded time range",
)

with bp.group("Ingest", kind="tier"):
    producers = bp.component(
        "producers",
        "service",
        "Event producers",
        tech="App services, Kafka client",
        replicas=40,
        responsibility="Emit structured events keyed by tenant id with acks=all",
    )
    kafka = bp.component(
        "kafka",
        "stream",
        "Events topic",
        tech="Kafka, RF 3, 3 days",
        replicas=6,
        topology=quorum(3, failover="10 s"),
        responsibility="Buffers events so indexing can pause, replay or catch up without losing any",
    )
    indexers = bp.component(
        "indexers",
        "search-indexer",
        "Bulk indexers",
        tech="Go consumers",
        replicas=6,
        lane="async",
        responsibility="Batch 5 MB _bulk requests with routing=tenant; commit offsets after the bulk succeeds",
    )

with bp.group("Search cluster (56 data nodes)", kind="cluster"):
    primaries = bp.component(
        "primaries",
        "search",
        "Primary shards",
        tech="OpenSearch, 50 GB shards",
        replicas=28,
        # A write is acknowledged once every in-sync copy has it; a replica is promoted in seconds.
        topology=single_writer(sync_standbys=1, failover="10 s"),
        responsibility="Index each bulk item, replicate it, answer query and fetch phases for their shard",
    )
    replicas = bp.component(
        "replicas",
        "search",
        "Replica shards",
        tech="OpenSearch, 1 replica",
        replicas=28,
        # Either copy of a shard can answer a search.
        topology=leaderless(2, needed=1),
        responsibility="Second copy of every shard on another node and zone; serves half the searches",
    )

    snapshots = bp.component(
        "snapshots",
        "object-store",
        "Snapshots",
        tech="S3 snapshot repository",
        managed="AWS",
        role="background",
        responsibility="Incremental shard snapshots every hour; restores a lost index",
    )

manager = bp.component(
    "manager",
    "coordination",
    "Cluster managers",
    tech="OpenSearch dedicated managers",
    replicas=3,
    topology=quorum(3, failover="30 s"),
    responsibility="Elected quorum that owns cluster state: shard allocation, in-sync copies, routing table",
)
monitoring = bp.component(
    "monitoring",
    "monitoring",
    "Metrics + alerts",
    tech="Prometheus + PagerDuty",
    replicas=2,
    responsibility="Shard latency, partial-result rate, heap, consumer lag; pages on the thresholds below",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(dashboards, gateway, "POST _search")
bp.link(gateway, coordinators, "query + deadline", figure="peak_qps")
bp.link(coordinators, cache, "GET / SET result")
bp.link(coordinators, replicas, "query + fetch phase", figure="shard_requests")
bp.link(coordinators, primaries, "query / hedge")
bp.link(producers, kafka, "events, key=tenant", nature="async", figure="peak_ingest")
bp.link(kafka, indexers, "consume batches", nature="stream")
bp.link(indexers, primaries, "_bulk, routing=tenant")
bp.link(primaries, replicas, "replicate op", nature="replication")
bp.link(primaries, snapshots, "hourly snapshot", nature="async")
bp.link(manager, coordinators, "routing table", nature="async")
bp.link(coordinators, monitoring, "partial / hedge counts", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Search a tenant",
    [
        (
            dashboards,
            gateway,
            "A dashboard panel sends a query for one tenant: last 24 h, level=error, a full-text match and "
            "a terms aggregation on service.",
            "30 ms",
            "150 ms",
        ),
        (
            gateway,
            coordinators,
            "The gateway admits it if the tenant has fewer than 20 queries in flight and stamps a 1 s deadline.",
            "2 ms",
            "10 ms",
        ),
        (
            coordinators,
            cache,
            "The coordinator looks up the normalised query with its time range rounded to the minute; a "
            "miss continues.",
            "1 ms",
            "5 ms",
        ),
        (
            coordinators,
            replicas,
            "Query phase: the tenant's routing value maps to 8 of the shards; adaptive replica selection "
            "sends each to its fastest copy, which returns its top 10 doc ids, scores and partial counts.",
            "40 ms",
            "250 ms",
        ),
        (
            coordinators,
            replicas,
            "Fetch phase: a k-way merge of 8 x 10 candidates keeps the global top 10 and sums the partial "
            "aggregations; only those 10 documents are fetched.",
            "10 ms",
            "60 ms",
        ),
        (
            coordinators,
            cache,
            "A complete result is stored for 60 s, so the next refresh of the same panel costs one lookup.",
            "1 ms",
            "5 ms",
        ),
    ],
    critical=True,
    mode="read",
    description="The critical path: 8 shard requests instead of ~220, two phases, one merge.",
)

bp.flow(
    "Index events",
    [
        (
            producers,
            kafka,
            "A service publishes each event keyed by tenant id with acks=all and an idempotent producer.",
            "5 ms",
            "30 ms",
        ),
        (
            kafka,
            indexers,
            "An indexer polls a partition and fills a 5 MB or 500 ms batch.",
            "500 ms",
            "1500 ms",
        ),
        (
            indexers,
            primaries,
            "It sends one _bulk request with routing=tenant; each event lands on one of the tenant's 8 "
            "shards and becomes searchable at the next 1 s refresh.",
            "550 ms",
            "1300 ms",
        ),
        (
            primaries,
            replicas,
            "The primary forwards each operation to its in-sync replica before acknowledging; only then "
            "does the indexer commit its Kafka offset.",
            "5 ms",
            "50 ms",
        ),
    ],
    mode="write",
    description="At-least-once into the index; a replayed batch overwrites by event id, so it adds nothing.",
)

bp.flow(
    "Hedge and degrade",
    [
        (
            coordinators,
            replicas,
            "One shard's chosen copy has not answered by 120 ms, that shard's p95; the other 7 have.",
        ),
        (
            coordinators,
            primaries,
            "The coordinator sends the same shard request to the other copy; the first answer wins and the "
            "loser is cancelled.",
        ),
        (
            manager,
            coordinators,
            "If the slow copy's node has left the cluster (3 missed checks), the managers promote its "
            "replica and publish a new routing table.",
        ),
        (
            coordinators,
            monitoring,
            "At the 1 s deadline a shard still missing is dropped: the answer says partial, names the "
            "missing shard, is not cached and increments the partial-result counter.",
        ),
    ],
    description="Degradation path: a straggler costs one extra request, a dead node a flagged partial answer.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case(
    "Engineer", "filters and searches one tenant's events over a time range", mode="read", flow="Search a tenant"
)
bp.use_case(
    "Engineer",
    "aggregates events (counts, top terms, percentiles) for a dashboard",
    mode="read",
    flow="Search a tenant",
)
bp.use_case("Service", "emits events that become searchable within seconds", mode="write", flow="Index events")
bp.use_case("Platform", "answers with partial results when a shard is slow or lost", flow="Hedge and degrade")
bp.out_of_scope(
    "Cross-tenant analytics and joins",
    "Retention beyond 30 days (cold tier)",
    "Exact billing-grade counts",
    "Query language design",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target("Search latency", flow="Search a tenant", p50="150 ms", p99="1 s", note="Cache miss, 8-shard fan-out")
bp.target(
    "Freshness",
    flow="Index events",
    p50="2 s",
    p99="5 s",
    note="From publish to searchable, including the 1 s refresh",
)
bp.target("Search availability", flow="Search a tenant", availability="99.9%")
bp.target("Ingest durability", flow="Index events", rpo="0 s", rto="30 s", note="acks=all, then a synced replica")
bp.target(
    "Peak queries",
    flow="Search a tenant",
    throughput="2000 req/s",
    capacity="query_capacity",
    note="Cluster capacity at the 60% headroom line",
)
bp.target(
    "Completeness",
    "< 0.1% of answers partial, each flagged",
    note="Measured by the partial-result counter over 1 h",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "events",
    primary_key="event_id",
    fields=[
        ("event_id", "keyword (ULID)", 16),
        ("@timestamp", "date", 8),
        ("tenant_id", "keyword, routing value", 8),
        ("service", "keyword", 16),
        ("level", "keyword", 1),
        ("trace_id", "keyword", 16),
        ("message", "text, analysed", 400),
        ("attributes", "flattened", 150),
    ],
    indexes=[
        ("_routing = tenant_id (partition size 8)", "sends a tenant's query to 8 shards instead of all of them"),
        ("index sort (@timestamp desc)", "time-range queries stop early once a segment is past the range"),
        ("inverted index on message", "full-text match without scanning documents"),
        ("doc values on service, level", "terms aggregations read columns, not _source"),
    ],
    per="event",
    note="one daily index per day, 30 kept; ILM deletes the oldest",
)
bp.api(
    "emits events that become searchable within seconds",
    'Kafka produce topic=events key="t_42"\n'
    '{"event_id": "01HZX...", "@timestamp": "2026-12-01T04:25:11Z", "service": "checkout", "level": "error", '
    '"message": "timeout calling payments"}',
    "ack (acks=all): partition 17, offset 88123401",
)
bp.api(
    "filters and searches one tenant's events over a time range",
    'POST /events-*/_search?routing=t_42&timeout=1s\n{"query": {"bool": {"filter": [{"range": '
    '{"@timestamp": {"gte": "now-24h"}}}, {"term": {"level": "error"}}]}}, "aggs": {"by_service": '
    '{"terms": {"field": "service"}}}}',
    '200 OK\n{"took": 84, "_shards": {"total": 8, "successful": 8, "failed": 0}, "hits": {...}, "aggregations": {...}}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity(
    "events_per_day",
    "400e6 events/day",
    "Events ingested",
    basis="Planning value: a 2,000-tenant SaaS observability product, 2026",
)
bp.quantity("ingest_peak_factor", "3", "Ingest peak over average", basis="Deploys and incidents (planning value)")
bp.quantity("avg_qps", "500 req/s", "Average queries", basis="Planning value: ~10K engineers, dashboards auto-refresh")
bp.quantity("peak_factor", "4", "Query peak over average", basis="Incident bursts: everyone opens dashboards at once")
bp.quantity(
    "index_overhead",
    "1.5",
    "On-disk size over raw record",
    basis="Planning value: inverted index, doc values and compressed _source; confirm on one day's sample",
)
bp.quantity("retention", "30 days", "Hot retention", basis="Product tier: 30 days searchable")
bp.quantity(
    "shard_size",
    "50 GB/shards",
    "Target primary shard size",
    basis="Elastic's sizing guide: keep shards between 10 and 50 GB",
)
bp.quantity("copies", "2", "Copies of each shard", basis="Primary + 1 replica in another zone")
bp.quantity(
    "node_disk", "2 TB/nodes", "Usable disk per data node", basis="4 TB NVMe kept under the 85% watermark with room"
)
bp.quantity("fanout", "8", "Shards per routed query", basis="routing_partition_size = 8")
bp.quantity(
    "node_capacity",
    "500 req/s/nodes",
    "Shard searches per data node",
    basis="Planning value for filter + terms agg on 16 vCPU; confirm with OpenSearch Benchmark",
)
bp.quantity("headroom", "60 %", "Usable share of a node", basis="Room for a node loss, merges and hedges")
bp.quantity("shard_time", "40 ms", "Mean shard query time", basis="Step 4 p50")
bp.quantity("hedge_share", "5 %", "Shard requests hedged", basis="Hedging after the p95 resends at most 5%")

bp.derive("avg_ingest", "events_per_day * 1", "Average ingest", unit="events/s", section="rates")
bp.derive("peak_ingest", "avg_ingest * ingest_peak_factor", "Peak ingest", unit="events/s", section="rates")
bp.derive("peak_qps", "avg_qps * peak_factor", "Peak queries", unit="req/s", section="rates")
bp.derive("shard_requests", "peak_qps * fanout * (1 + hedge_share)", "Peak shard requests, routed", unit="req/s")
bp.derive("ingest_bw", "peak_ingest * events_record", "Peak ingest bandwidth", unit="MB/s", section="bandwidth")
bp.derive(
    "primary_storage",
    "events_per_day * events_record * index_overhead * retention",
    "Primary data over 30 days",
    unit="TB",
    section="storage",
)
bp.derive("total_storage", "primary_storage * copies", "All copies", unit="TB", section="storage")
bp.derive("primaries_needed", "ceil(primary_storage / shard_size)", "Primary shards", unit="shards", section="fleet")
bp.derive(
    "scatter_all", "peak_qps * primaries_needed / shards", "Peak shard requests if scattered to all", unit="req/s"
)
bp.derive("disk_nodes", "ceil(total_storage / node_disk)", "Data nodes for disk", unit="nodes", section="fleet")
bp.derive(
    "query_nodes",
    "ceil(shard_requests / (node_capacity * headroom))",
    "Data nodes for query load",
    unit="nodes",
    section="fleet",
)
bp.derive("query_capacity", "query_nodes * node_capacity * headroom / fanout", "Query capacity", unit="req/s")
bp.derive("in_flight", "shard_requests * shard_time", "Shard requests in flight", unit="req", section="queues")
bp.derive("in_flight_node", "in_flight / query_nodes", "In flight per data node", unit="req/nodes", section="queues")
bp.derive("clean_routed", "0.99 ** fanout", "P(no shard past its p99), 8 shards", unit="%")
bp.derive("clean_all", "0.99 ** 220", "P(no shard past its p99), all ~220 shards", unit="%")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Which shards a query visits",
    chosen="Route by tenant: routing_partition_size 8 spreads each tenant over 8 of the shards",
    rejected="Scatter every query to all ~220 primaries and let empty shards answer fast",
    why=(
        "Scatter-all costs {scatter_all} shard requests at peak against {shard_requests} routed, and only "
        "{clean_all} of queries would dodge every shard's p99 tail against {clean_routed}"
    ),
    cost="A large tenant's 8 shards run hotter than the rest; cross-tenant queries must fan out to all",
    revisit_when="One tenant passes 5% of events; give it its own index with its own shard count",
)
bp.tradeoff(
    decision="A shard misses the deadline",
    chosen="Return partial results at 1 s, flagged with _shards.failed, never cached",
    rejected="Fail the whole query (allow_partial_search_results=false)",
    why=(
        "With 8 shards per query, 1 - {clean_routed} of queries meet at least one shard past its p99; a "
        "dashboard panel is better with 7 of 8 shards now than an error it retries into a hot cluster"
    ),
    cost="A reader can miss events without noticing the flag; alert rules must not act on partial answers",
    revisit_when="Partial answers exceed 0.1% over an hour, or alerting moves onto this query path",
)
bp.tradeoff(
    decision="Distinct counts and percentiles",
    chosen="HyperLogLog++ cardinality (precision_threshold 3000) and t-digest percentiles, merged per shard",
    rejected="Exact distinct counts that ship every distinct value to the coordinator",
    why=(
        "1M distinct user ids x 8 shards x 16 B is 128 MB moved and merged per query; an HLL sketch is "
        "24 KB per shard (3000 x 8 B) and exact below about 3000 distinct values"
    ),
    cost="Counts above the threshold carry a few percent error; billing cannot use them",
    revisit_when="A customer needs exact counts above 3000 distinct values; serve those from a nightly batch job",
)
bp.tradeoff(
    decision="Tail latency",
    chosen="Hedge a shard request after that shard's p95 (120 ms) to the other copy",
    rejected="Wait for every shard, relying on adaptive replica selection alone",
    why=(
        "The Tail at Scale: hedging after the p95 cut Google's p99.9 by 5x for ~5% extra load; here it "
        "adds {hedge_share} of {shard_requests}"
    ),
    cost="Up to 5% more shard work; cancellations must propagate, or a slow node does the work twice",
    revisit_when="Node utilisation passes 60% at peak, when extra work hurts more than the tail",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A data node dies (disk, kernel, zone)",
    detection="Node fails 3 follower checks (1 s apart); cluster health yellow for > 5 min pages",
    blast_radius="~8 of ~440 shard copies lose one copy; searches continue on the other copy, hedges rise",
    mitigation=(
        "Managers promote replicas within 10 s; re-replicating 50 GB per shard at the 40 MB/s recovery "
        "throttle takes ~21 min, shards in parallel on different nodes"
    ),
)
bp.failure(
    failure="A query of death: a high-cardinality terms aggregation over 30 days exhausts heap",
    detection="Parent circuit breaker trips or heap > 85% for 1 min; search rejections > 1% for 1 min",
    blast_radius="Every tenant whose shards share those nodes sees errors or partial answers",
    mitigation=(
        "Search backpressure cancels the costliest task within seconds; the gateway holds the tenant to "
        "20 concurrent queries; a bucket limit (search.max_buckets) rejects the query up front; < 1 min"
    ),
)
bp.failure(
    failure="Indexing falls behind (indexer crash, bulk rejections, merge storm)",
    detection="Kafka consumer lag > 30 s of events, or bulk 429s > 1% for 2 min",
    blast_radius="All tenants see data older than the 5 s freshness target; no event is lost (3 days retained)",
    mitigation=(
        "Indexers restart from the committed offset; a 30 min backlog at 2x peak rate drains in ~30 min "
        "once spare indexers are added; refresh interval raised to 30 s while catching up"
    ),
)
bp.failure(
    failure="Cluster managers lose quorum (2 of 3 down)",
    detection="No elected cluster manager for 30 s",
    blast_radius=(
        "Searches keep running on the last routing table, but no new daily index, shard move or promotion "
        "happens; indexing stalls at midnight UTC rollover"
    ),
    mitigation="Restart or replace the failed managers from their data paths; quorum returns in < 5 min",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (5K queries/s average, 4B events/day)",
    breaks=(
        "Storage grows to ~220 TB over 2 copies and ~2,200 primaries; cluster state with that many shards "
        "slows every manager update, and 10x {shard_requests} needs ~560 data nodes"
    ),
    next_move=(
        "Split into 4-8 clusters by tenant range behind the same gateway (a tenant directory maps tenant to "
        "cluster); move data older than 7 days to a warm tier on cheaper disk"
    ),
)
bp.scaling(
    at="100x (50K queries/s, 40B events/day)",
    breaks="Index CPU (~1.4M events/s at peak) and ~1.1 PB of hot data per copy price out the inverted index",
    next_move=(
        "Keep the inverted index for 7 days only; store older data as columnar segments on S3 "
        "(ClickHouse / Pinot, star-tree rollups) queried through the same coordinator API"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Elasticsearch: Search shard routing",
    "Adaptive replica selection and custom routing",
    url="https://www.elastic.co/guide/en/elasticsearch/reference/current/search-shard-routing.html",
)
bp.reference(
    "Elasticsearch: Size your shards",
    "The 10-50 GB shard guidance behind the shard count",
    url="https://www.elastic.co/guide/en/elasticsearch/reference/current/size-your-shards.html",
)
bp.reference(
    "Elasticsearch: Near real-time search",
    "Refresh makes new segments searchable, every 1 s by default",
    url="https://www.elastic.co/guide/en/elasticsearch/reference/current/near-real-time.html",
)
bp.reference(
    "Jeffrey Dean and Luiz André Barroso: The Tail at Scale (CACM, 2013)",
    "Fan-out amplifies tail latency; hedged requests",
    url="https://research.google/pubs/the-tail-at-scale/",
)
bp.reference(
    "OpenSearch: Search backpressure",
    "Cancelling resource-hungry search tasks under node duress",
    url="https://opensearch.org/docs/latest/tuning-your-cluster/availability-and-recovery/search-backpressure/",
)
bp.reference(
    "Heule, Nunkesser and Hall: HyperLogLog in Practice (EDBT 2013)",
    "HyperLogLog++, the cardinality aggregation's sketch",
)

bp.key_numbers("peak_qps", "shard_requests", "primaries_needed", "query_nodes", "clean_routed")

BLUEPRINT = bp.build()
