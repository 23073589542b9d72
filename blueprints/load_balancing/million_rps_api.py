"""A public item API at 1 M requests/s peak: anycast sends clients to the nearest CDN POP, which answers
60% of reads from its cache; the rest pass an L4 balancer (Maglev-style consistent hashing) and an Envoy
L7 tier that enforces per-key limits locally and, for writes, against a global Redis budget. A stateless
Go fleet spread over three zones, sized so two zones carry the peak, reads through a Redis cache to a
Cassandra cluster and turns writes into Kafka records (acks=all, 202 Accepted) that idempotent writers
apply to Cassandra. The design is about where each request stops: the edge, the limiter, the cache or the
log, so that only ~2% of traffic ever touches the database.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "million-rps-api",
    title="Deep Dive into 1M RPS API Design",
    category="load-balancing",
    learn="Throughput, latency, HA & cost trade-offs",
    promise=(
        "Serve 1 M requests/s at peak (80% reads) with read p99 < 200 ms and write acknowledgement p99 "
        "< 250 ms, losing no acknowledged write and surviving the loss of one of three zones at full peak."
    ),
)

# -- components ---------------------------------------------------------------------------------------

clients = bp.component(
    "clients",
    "users",
    "API clients",
    tech="Mobile apps + partner servers",
    responsibility="Call GET /v1/items/{id} and POST /v1/items/{id}/actions with an API key",
)

with bp.group("Edge", kind="tier"):
    dns = bp.component(
        "dns",
        "dns",
        "Anycast DNS",
        tech="Route 53 latency routing",
        managed="AWS",
        role="control",
        responsibility="Answers api.example.com with the nearest healthy region; 60 s TTL, 10 s health checks",
    )
    cdn = bp.component(
        "cdn",
        "cdn",
        "CDN",
        tech="CloudFront",
        managed="AWS",
        responsibility="Caches GET responses for 5 s (stale-while-revalidate 30 s); passes writes through",
    )
    l4 = bp.component(
        "l4",
        "load-balancer",
        "L4 balancer",
        tech="AWS NLB (cross-zone)",
        managed="AWS",
        responsibility="Hashes each connection's 5-tuple onto a gateway; a dead gateway only moves its own flows",
    )

with bp.group("Admission", kind="tier"):
    gateway = bp.component(
        "gateway",
        "api-gateway",
        "L7 gateway",
        tech="Envoy",
        replicas=24,
        responsibility="TLS, API-key auth, routing, local token bucket per key; sheds with 429 + Retry-After",
    )
    limiter = bp.component(
        "limiter",
        "rate-limiter",
        "Global limits",
        tech="Redis Cluster (envoy ratelimit)",
        replicas=6,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="Per-key write budgets shared by every gateway; fails open to the local bucket",
    )

with bp.group("3-zone fleet", kind="tier"):
    api = bp.component(
        "api",
        "service",
        "Item API",
        tech="Go pods, HPA",
        replicas=390,
        responsibility="Stateless: validates, reads through the cache, publishes writes; 130 pods per zone",
    )

with bp.group("State", kind="cluster"):
    cache = bp.component(
        "cache",
        "cache",
        "Item cache",
        tech="Redis Cluster 7, 8 shards x 2",
        replicas=16,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="Hot items for 60 s and idempotency keys for 24 h; 95% of origin reads end here",
    )
    db = bp.component(
        "db",
        "wide-column-db",
        "Item store",
        tech="Cassandra 4.1, RF 3",
        replicas=33,
        topology=leaderless(3, needed=2),
        responsibility="Items and their actions, LOCAL_QUORUM reads and writes, one replica per zone",
    )

with bp.group("Write pipeline", kind="tier"):
    log = bp.component(
        "log",
        "stream",
        "Action log",
        tech="Kafka, RF 3, 48 partitions",
        replicas=6,
        topology=quorum(3, failover="10 s"),
        responsibility="Durable write buffer keyed by item id; acks=all, min.insync.replicas=2, 7-day retention",
    )
    writer = bp.component(
        "writer",
        "worker",
        "Action writers",
        tech="Go consumers",
        replicas=48,
        lane="async",
        responsibility="Apply action records to Cassandra idempotently (insert keyed by action id), then commit",
    )

obs = bp.component(
    "obs",
    "monitoring",
    "Telemetry + autoscaler",
    tech="OpenTelemetry + Prometheus + HPA",
    replicas=2,
    responsibility="1% trace sampling, RED metrics per route, scales pods at 60% CPU, pages on SLO burn",
)

# -- links --------------------------------------------------------------------------------------------

bp.link(clients, dns, "resolve")
bp.link(clients, cdn, "HTTPS", figure="peak_rps")
bp.link(cdn, l4, "misses + writes", figure="origin_rps")
bp.link(l4, gateway, "TCP flows")
bp.link(gateway, limiter, "take(key, n)")
bp.link(gateway, api, "routed request")
bp.link(api, cache, "GET / SET NX")
bp.link(api, db, "read on miss", figure="db_reads")
bp.link(api, log, "produce acks=all", figure="writes")
bp.link(log, writer, "action records", nature="stream")
bp.link(writer, db, "INSERT IF absent")
bp.link(api, obs, "metrics + traces")

# -- flows --------------------------------------------------------------------------------------------

bp.flow(
    "Read item",
    [
        (clients, dns, "The client resolves the API name to the nearest healthy region's edge."),
        (
            clients,
            cdn,
            "GET /v1/items/{id} reaches a CDN POP, which answers 60% of reads from a copy at most 5 s old.",
            "15 ms",
            "60 ms",
        ),
        (cdn, l4, "A miss travels to the region over the CDN's own backbone.", "5 ms", "25 ms"),
        (l4, gateway, "The L4 balancer hashes the connection onto one Envoy.", "0.2 ms", "1 ms"),
        (gateway, api, "Envoy checks the key, its local bucket and routes to a pod by least request.", "1 ms", "5 ms"),
        (api, cache, "The pod reads item:{id} from Redis; 95% of origin reads stop here.", "0.5 ms", "3 ms"),
        (api, db, "A miss reads Cassandra at LOCAL_QUORUM and fills the cache for 60 s.", "4 ms", "30 ms"),
    ],
    critical=True,
    mode="read",
    description="Each layer removes load for the next: 800 K reads/s at the edge become ~16 K reads/s at Cassandra.",
)

bp.flow(
    "Write action",
    [
        (
            clients,
            cdn,
            "POST /v1/items/{id}/actions with an Idempotency-Key passes the CDN uncached.",
            "15 ms",
            "60 ms",
        ),
        (cdn, l4, "The CDN forwards it to the region.", "5 ms", "25 ms"),
        (l4, gateway, "The L4 balancer hashes it onto an Envoy.", "0.2 ms", "1 ms"),
        (
            gateway,
            limiter,
            "Writes spend the key's global budget in Redis; a limiter error falls back to the local bucket.",
            "0.5 ms",
            "3 ms",
        ),
        (gateway, api, "Envoy routes the write to a pod.", "1 ms", "5 ms"),
        (
            api,
            cache,
            "SET idem:{key} NX EX 86400 rejects a replay; a replay gets the first answer back.",
            "0.5 ms",
            "3 ms",
        ),
        (
            api,
            log,
            "The pod produces the action keyed by item id with acks=all, then answers 202 Accepted.",
            "3 ms",
            "25 ms",
        ),
        (log, writer, "A writer consumes the partition in order, about 50 ms behind."),
        (writer, db, "It inserts the action by its id (a replay changes nothing) and commits the offset."),
    ],
    critical=True,
    mode="write",
    description=(
        "The client is answered once two in-sync Kafka replicas hold the write; Cassandra is written "
        "asynchronously, so a burst fills the log instead of the database's queues."
    ),
)

bp.flow(
    "Zone loss",
    [
        (
            l4,
            gateway,
            "Health checks fail for one zone's gateways within 10 s; the NLB stops sending them new flows.",
        ),
        (
            gateway,
            api,
            "Envoy ejects the zone's pods on consecutive 5xx; the other two zones, sized for the peak, take all of it.",
        ),
        (api, log, "Kafka moves that zone's partition leaders to in-sync replicas in ~10 s; producers retry."),
        (log, writer, "Writers in the surviving zones take over the partitions and resume from committed offsets."),
        (api, obs, "Surviving pods report CPU > 60%; the autoscaler adds 130 pods there within ~3 min."),
    ],
    description=(
        "Degradation without shedding: the fleet runs at 2/3 of its capacity in normal times, so losing a "
        "zone costs headroom, not requests."
    ),
)

# -- scope --------------------------------------------------------------------------------------------

bp.use_case("Client", "reads an item with its counts in under 200 ms", mode="read", flow="Read item")
bp.use_case("Client", "records an action on an item exactly once", mode="write", flow="Write action")
bp.use_case("Operator", "loses a zone at peak without shedding requests", flow="Zone loss")
bp.use_case("Operator", "sets per-key rate limits for each API plan")
bp.out_of_scope(
    "Multi-region active-active writes",
    "Search and listing endpoints",
    "Client SDKs and API-key issuance",
    "Analytics over the action log",
)

# -- targets ------------------------------------------------------------------------------------------

bp.target("Read latency", flow="Read item", p50="40 ms", p99="200 ms", note="Measured at the client SDK")
bp.target("Write acknowledgement", flow="Write action", p50="50 ms", p99="250 ms", note="Until 202 Accepted")
bp.target(
    "Read availability",
    flow="Read item",
    availability="99.85%",
    note="CloudFront's 99.9% SLA bounds the path; everything behind the CDN composes to ~99.98%",
)
bp.target(
    "Write durability",
    flow="Write action",
    rpo="0 s",
    rto="30 s",
    note="acks=all with min.insync.replicas=2; Cassandra RF 3 at LOCAL_QUORUM",
    accepted_miss=(
        "Only Kafka holds the write when 202 is sent; the two Redis stores on the path hold soft state: a lost "
        "budget over-admits for seconds, and a lost idempotency key is caught by the writer's insert-if-absent"
    ),
)
bp.target(
    "Consistency",
    "read-your-write within 1 s (p99); CDN copies at most 5 s old",
    note="writer lag ~50 ms + cache TTL; clients that must see their write read with Cache-Control: no-cache",
)
bp.target("Peak throughput", flow="Read item", throughput="1e6 req/s", capacity="fleet_capacity")

# -- inputs and load model ----------------------------------------------------------------------------

bp.quantity(
    "avg_rps",
    "400e3 req/s",
    "Average request rate",
    basis="Planning value for a large consumer API (~35 bn requests/day), Nov 2026",
)
bp.quantity(
    "peak_factor",
    "2.5",
    "Peak over average",
    basis="Evening peak of a mostly one-continent audience; assume, check against a week of edge logs",
)
bp.quantity("read_share", "80 %", "Reads among requests", basis="Read-heavy API, 80:20 planning split")
bp.quantity("cdn_hit", "60 %", "CDN hit rate on reads", basis="5 s TTL on hot items; assume, measure per route")
bp.quantity("redis_hit", "95 %", "Redis hit rate on origin reads", basis="60 s TTL, Zipf-skewed item popularity")
bp.quantity("pod_rps", "2000 req/s/nodes", "Requests per API pod", basis="Load test of a 2-vCPU Go pod at 60% CPU")
bp.quantity("zones", "3", "Zones", basis="One region, three availability zones")
bp.quantity("surviving", "2", "Zones that must carry the peak", basis="N+1: any one zone may fail at peak")
bp.quantity("envoy_core", "12000 req/s", "Envoy throughput per core", basis="TLS resumed, HTTP/2; assume")
bp.quantity("util", "70 %", "Target utilisation", basis="Headroom for bursts and a rolling deploy")
bp.quantity(
    "redis_node", "80000 req/s/nodes", "Redis ops per primary", basis="Single-threaded core at ~60% with pipelining"
)
bp.quantity("db_node_ops", "20000 req/s/nodes", "Cassandra replica ops per node", basis="8-vCPU NVMe node at ~50% CPU")
bp.quantity("rf", "3", "Cassandra replication factor", basis="One replica per zone")
bp.quantity("quorum_reads", "2", "Replicas read per quorum read", basis="LOCAL_QUORUM of RF 3")
bp.quantity("resp_bytes", "2 KB/req", "Response size", basis="JSON item with counts, gzip")
bp.quantity("msg_bytes", "1 KB/req", "Action record in Kafka", basis="Headers, key and JSON body")
bp.quantity("partition_rate", "5000 req/s", "Writer throughput per partition", basis="Batched Cassandra inserts")
bp.quantity("retention", "90 day", "Action retention in Cassandra", basis="Cassandra TTL; older actions go to S3")
bp.quantity("log_retention", "7 day", "Kafka retention", basis="Replay window for writer bugs")
bp.quantity(
    "origin_p50",
    "12 ms",
    "Origin time per request, p50",
    basis="Measured p50 from the L4 to the response, TLS and JSON encoding included; assume",
)
bp.table(
    "actions",
    primary_key="((item_id), action_ts, action_id)",
    fields=[
        ("item_id", "uuid", 16),
        ("action_ts", "timestamp", 8),
        ("action_id", "uuid (= Idempotency-Key)", 16),
        ("user_id", "uuid", 16),
        ("type", "tinyint", 1),
        ("payload", "text, JSON", 120),
        ("cell + row overhead", "Cassandra storage", 23),
    ],
    indexes=[
        ("clustering (action_ts DESC)", "a read of an item's latest actions is one partition slice"),
        ("actions_by_id (action_id) lookup table", "a replayed action is found without a scan"),
    ],
    per="req",
    note="Partitioned by item id so an item's actions live on one replica set; TTL 90 days",
)
bp.api(
    "records an action on an item exactly once",
    'POST /v1/items/8c1f.../actions\nAuthorization: Bearer <api key>\nIdempotency-Key: 3a77...\n{"type": "save"}',
    '202 Accepted\n{"action_id": "3a77...", "status": "queued"}  (429 + Retry-After over the limit)',
)

bp.derive("peak_rps", "avg_rps * peak_factor", "Peak requests", unit="req/s", section="rates")
bp.derive("reads", "peak_rps * read_share", "Peak reads", unit="req/s", section="rates")
bp.derive("writes", "peak_rps * (1 - read_share)", "Peak writes", unit="req/s", section="rates")
bp.derive("origin_reads", "reads * (1 - cdn_hit)", "Reads past the CDN", unit="req/s", section="rates")
bp.derive("origin_rps", "origin_reads + writes", "Requests at the origin", unit="req/s", section="rates")
bp.derive("db_reads", "origin_reads * (1 - redis_hit)", "Reads reaching Cassandra", unit="req/s", section="rates")
bp.derive("pods_needed", "ceil(origin_rps / pod_rps)", "Pods for the peak", unit="nodes", section="fleet")
bp.derive("pods", "ceil(pods_needed * zones / surviving)", "Pods with one zone lost", unit="nodes", section="fleet")
bp.derive(
    "fleet_capacity",
    "pods * pod_rps * surviving / zones / (1 - read_share * cdn_hit)",
    "Client peak the fleet carries on 2 zones",
    unit="req/s",
    section="fleet",
)
bp.derive("envoy_cores", "ceil(origin_rps / envoy_core / util)", "Envoy cores", unit="", section="fleet")
bp.derive("redis_ops", "origin_reads + writes", "Redis ops (reads + SET NX)", unit="req/s", section="fleet")
bp.derive("redis_primaries", "ceil(redis_ops / redis_node)", "Redis primaries", unit="nodes", section="fleet")
bp.derive("db_ops", "writes * rf + db_reads * quorum_reads", "Cassandra replica ops", unit="req/s", section="fleet")
bp.derive("db_nodes", "ceil(db_ops / db_node_ops)", "Cassandra nodes", unit="nodes", section="fleet")
bp.derive("partitions", "ceil(writes / partition_rate)", "Kafka partitions needed", unit="", section="fleet")
bp.derive("egress", "peak_rps * resp_bytes", "Egress to clients at peak", unit="GB/s", section="bandwidth")
bp.derive("origin_egress", "origin_rps * resp_bytes", "Egress from the origin", unit="GB/s", section="bandwidth")
bp.derive("avg_writes", "avg_rps * (1 - read_share)", "Average writes", unit="req/s", section="rates")
bp.derive(
    "action_storage",
    "avg_writes * retention * actions_record * rf",
    "Actions in Cassandra over 90 days, RF 3",
    unit="TB",
    section="storage",
)
bp.derive(
    "log_storage",
    "avg_writes * log_retention * msg_bytes * rf",
    "Kafka over 7 days, RF 3",
    unit="TB",
    section="storage",
)
bp.derive(
    "in_flight",
    "origin_rps * origin_p50",
    "Requests in flight at the origin (Little's law)",
    unit="req",
    section="queues",
)

bp.key_numbers("peak_rps", "origin_rps", "pods", "db_reads", "egress", "action_storage")

# -- trade-offs ---------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Edge caching of reads",
    chosen="CDN caches GETs for 5 s with stale-while-revalidate",
    rejected="Every request to the origin (Cache-Control: no-store)",
    why=(
        "60% of {reads} end at the edge: the origin sees {origin_rps} instead of {peak_rps}, so the fleet is {pods} "
        "instead of ~750"
    ),
    cost="Counts shown can be 5 s old; a client needing its own write must bypass the CDN",
    revisit_when="The CDN hit rate falls under 30%, or a product rule needs reads fresher than 1 s",
)
bp.tradeoff(
    decision="Write acknowledgement",
    chosen="Produce to Kafka with acks=all and answer 202; writers apply to Cassandra",
    rejected="Synchronous LOCAL_QUORUM write to Cassandra before answering 201",
    why=(
        "A 3x burst of {writes} would queue in Cassandra's write path and its p99 with it; the log absorbs a "
        "burst at ~3 ms p50 and writers drain it at their own pace"
    ),
    cost="Read-your-write is eventual (~50 ms writer lag, p99 1 s); a second store to run",
    revisit_when="Writes fall below 20 K/s, where a synchronous Cassandra write fits the 250 ms p99 without a log",
)
bp.tradeoff(
    decision="Where limits are counted",
    chosen="Local token buckets in each Envoy for every request, plus a global Redis budget for writes only",
    rejected="A global Redis check on every request",
    why=(
        "A global check on all {origin_rps} adds ~0.5 ms and ~7 Redis primaries; reads are cheap and cached, writes "
        "are not"
    ),
    cost="Read limits can overshoot by up to 24 gateways x a bucket's burst before the local buckets converge",
    revisit_when="Abuse of reads exceeds 5% of origin traffic, or a plan sells limits under 10 req/s per key",
)
bp.tradeoff(
    decision="Zone redundancy",
    chosen="N+1 zones: 3 zones of 130 pods, each carrying half the peak",
    rejected="3 zones sized exactly for the peak plus autoscaling after a loss",
    why="New pods take ~3 min to pull, start and warm; a zone lost at peak would shed 1/3 of {origin_rps} until then",
    cost="50% more pods than the peak needs: 130 idle-at-peak pods",
    revisit_when=(
        "Pod start-up drops under 20 s (pre-pulled images, warm pools) or the compute bill passes $100 K a month"
    ),
)

# -- failure modes ------------------------------------------------------------------------------------

bp.failure(
    failure="One availability zone is lost at peak",
    detection="NLB target health < 50% in a zone for 10 s; Envoy outlier ejections > 20% of hosts",
    blast_radius="In-flight requests on that zone's pods (~1/3 of {in_flight}); no sustained shed, fleet sized N+1",
    mitigation=(
        "Health checks drain the zone in ~10 s, Kafka re-elects leaders in ~10 s; the autoscaler rebuilds headroom "
        "in ~3 min"
    ),
)
bp.failure(
    failure="A Redis cache shard primary dies",
    detection="Cluster failover event; cache error rate > 1% for 10 s",
    blast_radius="1/8 of cached items miss: ~40 K extra Cassandra reads/s for the failover",
    mitigation=(
        "Replica promoted in ~15 s; misses coalesce per key in the pod (single-flight), so Cassandra sees one read "
        "per item"
    ),
)
bp.failure(
    failure="Action writers fall behind (Cassandra slow or a poison record)",
    detection="Consumer lag > 30 s on any partition for 2 min",
    blast_radius="Writes are still acknowledged; reads show actions late; nothing is lost while lag < 7 days",
    mitigation=(
        "Scale writers to one per partition, park poison records on a DLQ; at 3x the write rate a 10 min backlog "
        "drains in ~5 min"
    ),
)
bp.failure(
    failure="Retry storm after a CDN or origin hiccup",
    detection="Origin request rate > 1.5x the 5-min average while the error rate > 2%",
    blast_radius="Every origin tier: retries multiply load exactly when capacity is short",
    mitigation=(
        "Envoy retry budget 20% of active requests, 429 + Retry-After with jitter, CDN serves stale for 30 s; "
        "settles in ~1 min"
    ),
)

# -- scaling path -------------------------------------------------------------------------------------

bp.scaling(
    at="10x (10 M req/s)",
    breaks="One region's NLB, Envoy and Kafka: 10 x {origin_rps} is ~5 M req/s and 10 x {egress} of egress",
    next_move="Go active-active in 3-4 regions by item-id home region; each region runs this cell at ~2.5 M req/s",
)
bp.scaling(
    at="100x (100 M req/s)",
    breaks="Hot items: one item can draw > 1 M req/s, more than a Redis shard or Cassandra partition serves",
    next_move=(
        "Cell-based architecture (shuffle-sharded cells of ~1 M req/s), in-pod caches for the top 10 K items, CDN "
        "TTL by popularity"
    ),
)

# -- references ---------------------------------------------------------------------------------------

bp.reference(
    "Eisenbud et al.: Maglev, a Fast and Reliable Software Network Load Balancer (NSDI 2016)",
    "Consistent hashing at L4 so a balancer loss moves few connections.",
    url="https://www.usenix.org/conference/nsdi16/technical-sessions/presentation/eisenbud",
)
bp.reference(
    "Envoy documentation: global rate limiting",
    "Local token buckets in the proxy and a shared rate-limit service behind them.",
    url="https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/other_features/global_rate_limiting",
)
bp.reference(
    "Apache Kafka documentation: producer acks and min.insync.replicas",
    "Why acks=all with two in-sync replicas loses no acknowledged record.",
    url="https://kafka.apache.org/documentation/#producerconfigs_acks",
)
bp.reference(
    "Apache Cassandra documentation",
    "Partition keys, clustering columns and LOCAL_QUORUM consistency.",
    url="https://cassandra.apache.org/doc/latest/",
)
bp.reference(
    "Nishtala et al.: Scaling Memcache at Facebook (NSDI 2013)",
    "Look-aside caching at billions of requests per second, and avoiding thundering herds.",
    url="https://www.usenix.org/conference/nsdi13/technical-sessions/presentation/nishtala",
)
bp.reference(
    "AWS Builders' Library: Timeouts, retries and backoff with jitter",
    "Retry budgets and jitter that keep a hiccup from becoming a storm.",
    url="https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/",
)

BLUEPRINT = bp.build()
