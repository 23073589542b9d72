"""Distributed anomaly count: 200 API gateways each keep in-memory counters per (api_key, endpoint,
status) and flush them every 10 s, so the detector reads ~10 K records/s instead of 500 K requests/s.
Flink merges the partial counts per key in 60 s windows sliding by 10 s, compares each window with the
key's own EWMA and hour-of-week baseline, and flags a key whose rate is both 5x its baseline and 4
standard deviations above it. A flag tightens that key's limit on every gateway through the config
push, pages on-call, and keeps the anomalous window out of the baseline.

Shares the stream skeleton (producers -> Kafka -> Flink) with realtime-view-counters on purpose: both
count at scale. The flows differ: here the count is compared with a learned baseline and the result
flows back into the gateways as a limit (a control loop); there the count is the product, written to
a serving store and corrected by a nightly recount.
"""

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "api-spike-detection",
    title="Distributed Anomaly Count: Detecting API Spikes",
    category="real-time",
    learn="Multi-node spike/traffic surge detection",
    promise=(
        "Spot a per-API-key traffic spike across 200 gateways within 30 s (p99) at 500 K requests/s, and "
        "tighten that key's limit everywhere within 10 s more, with under 1 false page a week."
    ),
)

# -- components ---------------------------------------------------------------------------------------

clients = bp.component(
    "clients",
    "external-client",
    "API consumers",
    tech="1 M API keys",
    responsibility="Call the public API with an API key; a few misbehave, loop or are abused",
)

with bp.group("Gateway fleet (200)", kind="tier"):
    gateway = bp.component(
        "gateway",
        "api-gateway",
        "API gateway",
        tech="Envoy + counter filter",
        replicas=200,
        responsibility=(
            "Serves traffic, adds 1 to an in-memory counter per (key, endpoint, status), flushes them every "
            "10 s and enforces each key's current limit"
        ),
    )
    limits = bp.component(
        "limits",
        "config",
        "Limit config",
        tech="etcd + xDS push",
        replicas=3,
        topology=quorum(3, failover="5 s"),
        lane="gateways",
        responsibility="Each key's current limit and its expiry; streamed to every gateway in ~1 s",
    )

counts = bp.component(
    "counts",
    "stream",
    "Count records",
    tech="Kafka, 32 partitions by api_key",
    replicas=3,
    topology=quorum(3, failover="10 s"),
    responsibility="Partial counts from every gateway, keyed by api_key so one key lands in one partition",
)

with bp.group("Detection", kind="tier"):
    detector = bp.component(
        "detector",
        "stream-processor",
        "Spike detector",
        tech="Flink, RocksDB state",
        replicas=4,
        backing_store="checkpoints",
        topology=single_writer(async_standbys=1, failover="60 s", failures_per_month=2),
        responsibility=(
            "Merges counts per key, 60 s windows sliding by 10 s, EWMA + hour-of-week baseline, z-score; "
            "Count-Min sketch for keys outside the top 1 M"
        ),
    )
    anomalies = bp.component(
        "anomalies",
        "stream",
        "Anomaly events",
        tech="Kafka topic, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="One event per flagged (key, window) with rate, baseline and z-score",
    )
    controller = bp.component(
        "controller",
        "service",
        "Limit controller",
        tech="Go",
        replicas=2,
        responsibility="Turns a flag into a temporary limit (2x baseline, 15 min), with a global-surge guard",
    )

with bp.group("State and history", kind="cluster"):
    checkpoints = bp.component(
        "checkpoints",
        "object-store",
        "Checkpoints",
        tech="Amazon S3",
        managed="AWS",
        responsibility="Flink's incremental RocksDB checkpoints every 30 s, with the Kafka offsets they match",
    )
    tsdb = bp.component(
        "tsdb",
        "time-series-db",
        "Per-key series",
        tech="VictoriaMetrics cluster",
        replicas=3,
        topology=quorum(3, failover="30 s"),
        responsibility="10 s counts per key and endpoint for 30 days; source of the hour-of-week profiles",
    )

pager = bp.component(
    "pager",
    "alerting",
    "On-call paging",
    tech="PagerDuty",
    managed="PagerDuty",
    responsibility="Pages the API on-call with the key, owner, graph link and the limit applied",
)
with bp.group("On-call", kind="tier"):
    dashboards = bp.component(
        "dashboards",
        "monitoring",
        "Dashboards",
        tech="Grafana",
        replicas=2,
        responsibility="Per-key rate against its baseline band, flags overlaid",
    )
    oncall = bp.component(
        "oncall",
        "operator",
        "On-call engineer",
        lane="ops",
        responsibility="Confirms or releases an automatic limit and contacts the key's owner",
    )

# -- links --------------------------------------------------------------------------------------------

bp.link(clients, gateway, "API requests", figure="peak_rps")
bp.link(gateway, counts, "flush every 10 s", nature="async", figure="records")
bp.link(counts, detector, "partial counts", nature="stream")
bp.link(detector, checkpoints, "checkpoint 30 s")
bp.link(detector, tsdb, "10 s series")
bp.link(tsdb, detector, "hourly profiles", nature="async")
bp.link(detector, anomalies, "flags", nature="async")
bp.link(anomalies, controller, "flag events", nature="stream")
bp.link(controller, limits, "PUT temporary limit")
bp.link(limits, gateway, "xDS push", nature="async")
bp.link(controller, pager, "page")
bp.link(oncall, dashboards, "open key view")
bp.link(dashboards, tsdb, "range query")

# -- flows --------------------------------------------------------------------------------------------

bp.flow(
    "Count and flag",
    [
        (
            clients,
            gateway,
            "A request arrives; the gateway adds 1 to the counter for (key, endpoint, status) in memory.",
        ),
        (
            gateway,
            counts,
            "Every 10 s each gateway flushes its non-zero counters, one record per tuple, keyed by api_key.",
            "5 s",
            "10 s",
        ),
        (
            counts,
            detector,
            "Flink reads the partition and adds each partial count to the key's 10 s slot.",
            "0.1 s",
            "1 s",
        ),
        (
            detector,
            tsdb,
            "When the 10 s slot closes (5 s allowed lateness), its total is written as the key's series point.",
            "5 s",
            "8 s",
        ),
        (
            detector,
            anomalies,
            "The 60 s sum is flagged if it is over 5x the baseline, z > 4 and at least 600 requests; flagged "
            "slots stay out of the EWMA.",
            "0.2 s",
            "2 s",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "Detection time is the flush interval plus the slot's close: ~10 s typical, under 30 s at p99, "
        "at 1/50 of the raw event rate."
    ),
)

bp.flow(
    "Auto-tighten",
    [
        (anomalies, controller, "The controller reads the flag, and checks how many keys flagged in the same slot."),
        (
            controller,
            limits,
            "If under 1% of active keys flagged, it writes limit = 2x baseline for 15 min for that key.",
            "5 ms",
            "50 ms",
        ),
        (
            limits,
            gateway,
            "etcd's watch feeds the xDS server, which pushes the new limit to all 200 gateways.",
            "1 s",
            "5 s",
        ),
        (controller, pager, "It pages on-call with the key, its owner and a link to the key's graph."),
    ],
    mode="write",
    description=(
        "The control loop: a flag becomes a limit on every gateway in seconds; when 1% or more of keys "
        "flag together it is a global surge, so the controller pages without limiting anyone."
    ),
)

bp.flow(
    "Investigate",
    [
        (oncall, dashboards, "On-call opens the key's view from the page.", "50 ms", "300 ms"),
        (
            dashboards,
            tsdb,
            "Grafana queries 24 h of 10 s points for the key, with its hour-of-week band.",
            "80 ms",
            "400 ms",
        ),
    ],
    mode="read",
    description="A human confirms the limit or lifts it; the decision is kept as a label for tuning.",
)

bp.flow(
    "Detector restart",
    [
        (detector, checkpoints, "A replaced task manager restores RocksDB state from the last checkpoint."),
        (counts, detector, "Flink rewinds to the checkpoint's offsets and replays at ~10x real time."),
        (tsdb, detector, "Hour-of-week profiles are reloaded; flags resume once the replay catches up."),
    ],
    description=(
        "Recovery without losing counts: at most 30 s of records are replayed, not lost, because the "
        "offsets are part of the checkpoint."
    ),
)

# -- scope --------------------------------------------------------------------------------------------

bp.use_case("Gateway fleet", "reports per-key partial counts every 10 s", mode="write", flow="Count and flag")
bp.use_case("Detector", "flags a key whose traffic is 5x its baseline within 30 s", flow="Count and flag")
bp.use_case("Limit controller", "tightens a flagged key's limit on every gateway", mode="write", flow="Auto-tighten")
bp.use_case("On-call engineer", "sees a key's rate against its baseline band", mode="read", flow="Investigate")
bp.out_of_scope(
    "Per-request fraud scoring and bot detection",
    "Billing and quota accounting (exact, from access logs)",
    "DDoS at the network layer (handled by the CDN and shield)",
)

# -- targets ------------------------------------------------------------------------------------------

bp.target(
    "Time to flag",
    flow="Count and flag",
    p50="15 s",
    p99="30 s",
    note="From the spike's first request to the anomaly event",
)
bp.target("Time to tighten", flow="Auto-tighten", p50="2 s", p99="10 s", note="From the flag to all gateways enforcing")
bp.target(
    "Detection availability",
    "99.9% of 10 s slots evaluated within 30 s, over a month",
    note=(
        "The path after the gateway is asynchronous: Kafka elections (~10 s) plus 2 detector restarts a "
        "month (~2 min each, replayed, not lost) cost ~4 min, 99.99%"
    ),
)
bp.target(
    "Count durability",
    "RPO 0 for flushed counts; RTO 2 min for the detector",
    note=(
        "A flushed record is in Kafka (acks=all); a restart replays from the checkpoint's offsets. A "
        "gateway's unflushed 10 s dies with it: 1/200 of one window"
    ),
)
bp.target(
    "False pages",
    "under 1 false page a week",
    note=(
        "z > 4 alone would fire on ~3e-5 of 8.6 bn evaluations a day; the 5x ratio and a 600-request floor "
        "remove those normal-tail alarms; measured from on-call labels"
    ),
)
bp.target("Detector throughput", flow="Count and flag", throughput="100000 keys/s", capacity="detector_capacity")

# -- inputs and load model ----------------------------------------------------------------------------

bp.quantity("avg_rps", "200e3 req/s", "Average API requests", basis="Planning value for a public API platform, 2026")
bp.quantity("peak_factor", "2.5", "Peak over average", basis="Weekday business-hours peak; assume")
bp.quantity("gateways", "200 nodes", "Gateways", basis="2.5 K req/s per gateway at peak")
bp.quantity(
    "tuples_per_gw",
    "500 events/nodes",
    "Active (key, endpoint, status) tuples per gateway per 10 s",
    basis="Keys are routed sticky to few gateways by hash; measured planning value",
)
bp.quantity("flush", "10 s", "Flush interval", basis="Sets detection delay; chosen")
bp.quantity("tracked", "1e6 keys", "API keys tracked exactly", basis="Active keys in a month; the rest go to a sketch")
bp.quantity("record_bytes", "100 B/events", "Count record in Kafka", basis="40 B of fields plus Kafka batch overhead")
bp.quantity("eval_rate", "25000 keys/s", "Key evaluations per Flink slot", basis="RocksDB get+put per key-slot; assume")
bp.quantity("slots", "8", "Flink task slots", basis="4 task managers x 2 slots")
bp.quantity("sample_bytes", "2 B/events", "Bytes per TSDB sample", basis="Gorilla-style compression: ~1.4 B observed")
bp.quantity("tsdb_retention", "30 day", "Series retention", basis="Four weeks for hour-of-week profiles, plus margin")
bp.quantity("cm_width", "1048576", "Count-Min width", basis="e/width = 2.6e-6 of the window's total per estimate")
bp.quantity("cm_depth", "4", "Count-Min depth", basis="Failure probability e^-4 = 1.8%")
bp.quantity("cm_cell", "4 B", "Count-Min cell", basis="32-bit counter")
bp.table(
    "key_state",
    primary_key="api_key (Flink keyed state)",
    fields=[
        ("api_key", "bytes", 16),
        ("slots", "6 x uint32 (10 s counts)", 24),
        ("ewma_mean", "float64", 8),
        ("ewma_var", "float64", 8),
        ("hour_of_week", "168 x float32", 672),
        ("last_flag_ts", "int64", 8),
        ("RocksDB overhead", "key + block index", 64),
    ],
    indexes=[
        ("keyed by api_key", "Kafka partitioning and Flink keyBy agree, so a key's counts meet in one task"),
    ],
    per="key",
    note="One entry per tracked key in Flink's RocksDB state, checkpointed incrementally",
)
bp.table(
    "count_record",
    primary_key="(api_key, endpoint_id, status, gateway_id, window_start)",
    fields=[
        ("api_key", "bytes", 16),
        ("endpoint_id", "uint32", 4),
        ("status", "uint16", 2),
        ("gateway_id", "uint16", 2),
        ("window_start", "int64 ms", 8),
        ("count", "uint32", 4),
        ("latency_sum", "uint32 ms", 4),
    ],
    indexes=[("Kafka key = api_key", "all of a key's partial counts land in one partition, in order")],
    per="events",
    note="The Kafka record; gateway_id and window_start make a redelivered flush detectable",
)
bp.api(
    "reports per-key partial counts every 10 s",
    'Kafka produce topic=api-counts key=ak_7f3e... acks=all\n{"endpoint": 41, "status": 200, "gw": 117, '
    '"window_start": 1796111400000, "count": 812, "latency_sum": 20300}',
    "ack: partition 12, offset 88412931",
)
bp.api(
    "tightens a flagged key's limit on every gateway",
    'PUT /v1/limits/ak_7f3e...\n{"rps": 240, "expires_in_s": 900, "reason": "spike 9.8x baseline, z=11.2"}',
    '200 OK\n{"revision": 55120, "pushed_to": 200}',
)

bp.derive("peak_rps", "avg_rps * peak_factor", "Peak API requests", unit="req/s", section="rates")
bp.derive("records", "gateways * tuples_per_gw / flush", "Count records at peak", unit="events/s", section="rates")
bp.derive("reduction", "peak_rps / records", "Events saved by pre-aggregation", unit="req/events", section="rates")
bp.derive("evals", "tracked / flush", "Key evaluations (one per key per slot)", unit="keys/s", section="rates")
bp.derive("kafka_bw", "records * record_bytes", "Count-record bandwidth", unit="KB/s", section="bandwidth")
bp.derive("state", "tracked * key_state_record", "Detector state, all keys", unit="MB", section="memory")
bp.derive("sketch", "cm_width * cm_depth * cm_cell", "Count-Min sketch per window", unit="MB", section="memory")
bp.derive(
    "detector_capacity",
    "slots * eval_rate",
    "Detector capacity (key evaluations)",
    unit="keys/s",
    section="fleet",
)
bp.derive(
    "tsdb_storage", "records * sample_bytes * tsdb_retention", "Series storage, 30 days", unit="GB", section="storage"
)
bp.derive(
    "kafka_retained", "records * record_bytes * 3 * day * 3", "Kafka, 3 days x RF 3", unit="GB", section="storage"
)
bp.derive(
    "in_flight", "records * flush", "Records in one flush interval (Little's law)", unit="events", section="queues"
)

bp.key_numbers("peak_rps", "records", "reduction", "state", "detector_capacity")

# -- trade-offs ---------------------------------------------------------------------------------------

bp.tradeoff(
    decision="What the gateways send",
    chosen="Partial counts per (key, endpoint, status), flushed every 10 s",
    rejected="One event per request to Kafka, aggregated in Flink",
    why=(
        "{records} instead of {peak_rps} ({reduction}): ~1 MB/s into Kafka instead of ~50 MB/s, "
        "and Flink touches each key once per slot instead of once per request"
    ),
    cost="Nothing finer than 10 s, no per-request fields (IP, user agent); up to 10 s lost per crashed gateway",
    revisit_when="Detection must react under 5 s, or rules need per-request attributes for more than 10% of keys",
)
bp.tradeoff(
    decision="Threshold",
    chosen="Per-key baseline: EWMA plus hour-of-week profile; flag at 5x, z > 4 and >= 600 req/min",
    rejected="A static threshold per plan (for example 1,000 req/s)",
    why=(
        "Keys on one plan differ 1,000x in normal traffic: a static line misses a small key going 50x and "
        "pages on a big key's Monday peak; the 168-slot profile adds 672 B per key"
    ),
    cost="{state} of state, and a cold start: a key younger than 1 week is judged on EWMA alone",
    revisit_when="False pages pass 1 a week, or more than 20% of keys are younger than a week",
)
bp.tradeoff(
    decision="Exact counts or sketches",
    chosen="Exact keyed state for the top 1 M keys; a Count-Min sketch of {sketch} for the long tail",
    rejected="Count-Min for every key",
    why=(
        "A sketch over-counts by up to e/width of the window total (~78 req/min at 30 M req/min) and keeps "
        "no per-key history, so a 5x test against a key's normal 10 req/min means nothing; exact state costs {state}"
    ),
    cost="Tail keys only get a coarse check (> 1,000 req/min) until they enter the top 1 M",
    revisit_when="Tracked keys pass 5 M (state over 4 GB), when a heavy-hitters sketch for all keys is cheaper",
)
bp.tradeoff(
    decision="What a flag does",
    chosen="Automatic temporary limit (2x baseline, 15 min) plus a page",
    rejected="Page only, a human applies the limit",
    why="A human takes ~10 min to act; a runaway key at 50 K req/s sends 30 M requests meanwhile",
    cost="A false flag throttles a legitimate customer for up to 15 min",
    revisit_when="More than 5% of automatic limits are lifted by on-call as false",
)

# -- failure modes ------------------------------------------------------------------------------------

bp.failure(
    failure="Spike detector (Flink job) fails or its checkpoints (S3) are unreachable",
    detection="Job restarts > 0, or checkpoint age > 90 s; consumer lag > 60 s for 2 min",
    blast_radius="No new flags for the outage; gateways keep their current limits and serve normally",
    mitigation="Restore from the last checkpoint and replay; back to real time in ~2 min",
)
bp.failure(
    failure="Global surge (a product launch or holiday) lifts most keys at once",
    detection="More than 1% of active keys flagged in one 10 s slot",
    blast_radius="Without the guard, thousands of customers throttled at once",
    mitigation="The controller pages instead of limiting; those slots stay out of the baselines; guard acts in < 10 s",
)
bp.failure(
    failure="Limit push fails (etcd quorum lost or xDS server down)",
    detection="Push age on any gateway > 30 s, etcd leader changes > 3 in 5 min",
    blast_radius="New limits do not reach gateways; detection and paging continue",
    mitigation="Gateways keep the last config; etcd re-elects in ~5 s; on-call can block a key at the CDN in ~2 min",
)
bp.failure(
    failure="Slow-ramp abuse poisons the baseline",
    detection="A key's 7-day EWMA grows > 3x its 28-day median",
    blast_radius="One key's traffic grows unflagged, raising cost for the platform",
    mitigation="Cap EWMA growth at 1.5x per day and cap any key's baseline at its plan limit; reviewed weekly",
)

# -- scaling path -------------------------------------------------------------------------------------

bp.scaling(
    at="10x (5 M req/s, 2,000 gateways)",
    breaks="Records reach 10 x {records}; keyed state grows with keys to ~10 x {state}, past the slots' memory",
    next_move="Flush every 10 s per gateway still; 16 task managers and 128 partitions; move profiles to a side store",
)
bp.scaling(
    at="100x (50 M req/s)",
    breaks="One global detector: 100 x {records} and cross-region lag make a 30 s p99 unreachable",
    next_move="A detector per region on regional counts, plus a global job merging regional per-key sums every 10 s",
)

# -- references ---------------------------------------------------------------------------------------

bp.reference(
    "Cormode and Muthukrishnan: An Improved Data Stream Summary: The Count-Min Sketch (2005)",
    "The sketch's error bound, e/width of the total, used to size the long-tail counter.",
    url="https://doi.org/10.1016/j.jalgor.2003.12.001",
)
bp.reference(
    "Apache Flink documentation: windows",
    "Sliding windows, allowed lateness and how they fire.",
    url="https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/datastream/operators/windows/",
)
bp.reference(
    "Apache Flink documentation: checkpointing",
    "Exactly-once state with Kafka offsets stored in the checkpoint.",
    url="https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/datastream/fault-tolerance/checkpointing/",
)
bp.reference(
    "Envoy documentation: global rate limiting",
    "Gateways enforce limits they receive from a control plane.",
    url="https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/other_features/global_rate_limiting",
)
bp.reference(
    "Pelkonen et al.: Gorilla, a fast, scalable, in-memory time series database (VLDB 2015)",
    "Compression to ~1.37 B per sample, the basis of the series sizing.",
    url="https://www.vldb.org/pvldb/vol8/p1816-teller.pdf",
)

BLUEPRINT = bp.build()
