"""Kafka log merging: 200 microservices write structured lines (ts, host, seq, trace_id) that agents
batch into per-service Kafka topics keyed by host, so each partition carries a few hosts' lines in
their own order. A Flink job takes the minimum of the per-partition watermarks (5 s bounded
out-of-orderness), re-keys by trace_id, holds each trace's lines until the watermark passes them and
emits them sorted by (ts, host, seq) onto one merged topic; lines behind the watermark go to a late
topic instead of being dropped. ClickHouse stores both, sorted by trace.

The question this blueprint answers: how do you turn many independently clocked, independently
batched log streams into one stream in a defensible order, and what does that order cost? Its
neighbour, distributed-logging, answers the other question: ingesting, storing and querying logs for
many tenants at the lowest cost. This one has no tenants and no quotas; it is about time and order.
"""

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "kafka-log-merging",
    title="From Log Chaos to Order (Kafka Log Merging)",
    category="query-logging",
    learn="Aggregating & streaming microservice logs",
    promise=(
        "Merge 200 services' logs (800K lines/s at peak) into one stream ordered by (ts, host, seq) within "
        "each trace, visible p99 < 15 s after the line is written, with no line lost when Kafka is down for "
        "hours and every late line kept and flagged."
    ),
)

# -- components ------------------------------------------------------------------------------------

with bp.group("Ordered output", kind="tier"):
    merged = bp.component(
        "merged",
        "stream",
        "logs.merged",
        tech="Kafka, key = trace_id",
        replicas=6,
        topology=quorum(3, failover="10 s"),
        lane="data",
        responsibility="Every trace's lines in (ts, host, seq) order, one partition per trace",
    )
    clickhouse = bp.component(
        "clickhouse",
        "data-warehouse",
        "Log store",
        tech="ClickHouse, ReplicatedMergeTree",
        replicas=6,
        topology=single_writer(async_standbys=1, failover="30 s"),
        responsibility="Lines sorted by (trace_id, ts, host, seq), 14 days; dedupes replays by (host, seq)",
    )
    late = bp.component(
        "late",
        "stream",
        "logs.late",
        tech="Kafka, 8 partitions",
        replicas=6,
        topology=quorum(3, failover="10 s"),
        lane="data",
        responsibility="Lines that arrived behind the watermark, with how late they were",
    )

with bp.group("200 services, 2,000 hosts", kind="tier"):
    services = bp.component(
        "services",
        "service",
        "Microservices",
        tech="Go / Java, JSON to stdout",
        replicas=2000,
        responsibility="Write one JSON line per event with ts (µs), host, per-process seq and trace_id",
    )
    agents = bp.component(
        "agents",
        "worker",
        "Log agents",
        tech="Vector, 2 GB disk buffer",
        replicas=2000,
        responsibility="Tail stdout, batch 1 MB or 1 s, zstd, produce keyed by host with acks=all",
    )
    timesync = bp.component(
        "timesync",
        "external-service",
        "Time source",
        tech="chrony + Amazon Time Sync",
        managed="AWS",
        role="control",
        responsibility="Keeps every host's clock within ~1 ms of UTC, so ts is comparable across hosts",
    )

raw = bp.component(
    "raw",
    "stream",
    "Per-service topics",
    tech="Kafka, 200 topics, 512 partitions",
    replicas=6,
    topology=quorum(3, failover="10 s"),
    responsibility="logs.<service>, key = host: one host's lines stay in one partition, in order",
)

with bp.group("Merge job", kind="cluster"):
    merge = bp.component(
        "merge",
        "stream-processor",
        "Merge job",
        tech="Flink, 48 slots, RocksDB",
        replicas=48,
        lane="async",
        backing_store="checkpoints",
        responsibility="Min watermark over partitions, keyBy(trace_id), event-time timers, sorted emit",
    )
    registry = bp.component(
        "registry",
        "config",
        "Schema registry",
        tech="Confluent Schema Registry",
        replicas=2,
        lane="async",
        role="control",
        responsibility="Protobuf schema of the log envelope; rejects incompatible changes",
    )

checkpoints = bp.component(
    "checkpoints",
    "object-store",
    "Checkpoints",
    tech="S3, every 30 s",
    managed="AWS",
    role="background",
    responsibility="Merge buffers, timers and Kafka offsets, restored after a crash",
)

query = bp.component(
    "query",
    "service",
    "Trace log API",
    tech="Go",
    replicas=3,
    responsibility="Returns one trace's lines in order, or a service's lines for a time range",
)

engineers = bp.component(
    "engineers",
    "web-client",
    "Engineers",
    tech="Grafana",
    responsibility="Open a trace and read every service's lines in one ordered list",
)
monitoring = bp.component(
    "monitoring",
    "monitoring",
    "Metrics + alerts",
    tech="Prometheus + PagerDuty",
    replicas=2,
    responsibility="Watermark age, late ratio, clock offset per host, agent buffer fill",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(services, agents, "JSON lines")
bp.link(agents, raw, "1 MB zstd batches", nature="async", figure="peak_lines")
bp.link(timesync, services, "NTP / PTP", nature="async")
bp.link(raw, merge, "per-partition watermarks", nature="stream")
bp.link(merge, registry, "decode schema")
bp.link(merge, checkpoints, "checkpoint / restore")
bp.link(merge, merged, "sorted per trace", nature="stream", figure="peak_lines")
bp.link(merge, late, "side output", nature="stream")
bp.link(merged, clickhouse, "Kafka engine insert", nature="stream")
bp.link(late, clickhouse, "insert, late=1", nature="stream")
bp.link(merge, monitoring, "watermark, late ratio", nature="async")
bp.link(engineers, query, "GET /traces/{id}/logs")
bp.link(query, clickhouse, "SELECT ... ORDER BY")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Ship logs",
    [
        (
            services,
            agents,
            "A service writes {ts, host, seq, trace_id, service, level, msg} to stdout; seq increases by one "
            "per line within the process.",
            "10 ms",
            "50 ms",
        ),
        (
            agents,
            raw,
            "The agent closes a batch at 1 MB or 1 s, compresses it with zstd and produces it to "
            "logs.<service> keyed by host with acks=all; if Kafka refuses, it spills to its disk buffer.",
            "500 ms",
            "1100 ms",
        ),
    ],
    mode="write",
    description="Per host, lines enter Kafka in the order they were written.",
)

bp.flow(
    "Merge in order",
    [
        (
            raw,
            merge,
            "Each source subtask tracks the watermark of its partitions (max ts seen - 5 s); the job's "
            "watermark is the minimum over all of them.",
            "20 ms",
            "200 ms",
        ),
        (
            merge,
            registry,
            "The job decodes the envelope with the cached schema; a new schema id costs one lookup.",
            "0 ms",
            "5 ms",
        ),
        (
            merge,
            merged,
            "keyBy(trace_id): lines wait in a per-trace buffer until the watermark passes their ts, then leave "
            "sorted by (ts, host, seq); host and seq break ties between equal timestamps.",
            "5 s",
            "8 s",
        ),
        (
            merged,
            clickhouse,
            "A Kafka-engine table inserts blocks every 1 s into the MergeTree sorted by (trace_id, ts, host, seq).",
            "1 s",
            "3 s",
        ),
    ],
    critical=True,
    description="The critical path to ordered logs; the watermark wait is the price of order.",
)

bp.flow(
    "Late line",
    [
        (
            merge,
            late,
            "A line arrives with ts behind the watermark (a host whose agent was cut off, or a skewed "
            "clock): it goes to the side output with its lateness, not to the merged stream.",
        ),
        (
            late,
            clickhouse,
            "It is inserted with late=1; because the table sorts by ts, a trace read still shows it in place.",
        ),
        (
            merge,
            monitoring,
            "The late ratio and the watermark age are exported; late > 0.1% of lines for 5 min pages.",
        ),
    ],
    description="Degradation path: order in the stream is best effort past 5 s; nothing is dropped.",
)

bp.flow(
    "Read a trace",
    [
        (engineers, query, "An engineer opens a trace id from an error alert.", "30 ms", "150 ms"),
        (
            query,
            clickhouse,
            "SELECT ... WHERE trace_id = ? ORDER BY ts, host, seq reads one granule range of the sort key.",
            "20 ms",
            "300 ms",
        ),
    ],
    mode="read",
    description="The sort key makes a trace one contiguous range, whatever order lines were inserted in.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Service", "emits structured log lines that are never lost", mode="write", flow="Ship logs")
bp.use_case("Consumer", "reads one stream ordered within each trace", mode="read", flow="Merge in order")
bp.use_case("Engineer", "reads a trace's lines from every service in order", mode="read", flow="Read a trace")
bp.use_case("Platform", "keeps and flags lines that arrive after the watermark", flow="Late line")
bp.out_of_scope(
    "Total order across traces",
    "Multi-tenant quotas and billing (see distributed-logging)",
    "Metrics and span storage",
    "Log-based alert rules",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target("Ship latency", flow="Ship logs", p50="1 s", p99="2 s", note="Written to acknowledged in Kafka")
bp.target(
    "Ordered visibility",
    flow="Merge in order",
    p50="8 s",
    p99="15 s",
    note="From Kafka to queryable in order; add the ship latency for end to end",
)
bp.target("Trace read latency", flow="Read a trace", p50="100 ms", p99="1 s")
bp.target(
    "Merge throughput",
    flow="Merge in order",
    throughput="800000 events/s",
    capacity="merge_capacity",
    note="Peak lines at the 70% slot headroom line",
)
bp.target(
    "Durability",
    flow="Ship logs",
    rpo="0 s",
    rto="30 s",
    note="acks=all with min.insync.replicas=2; agents buffer on disk while Kafka is away",
)
bp.target("Order", "< 0.1% of lines late; order exact for the rest within each trace", note="Late lines flagged")

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "log_lines",
    primary_key="(trace_id, ts, host, seq)",
    fields=[
        ("ts", "DateTime64(6)", 8),
        ("host", "LowCardinality(String)", 2),
        ("seq", "UInt64", 8),
        ("trace_id", "FixedString(16)", 16),
        ("span_id", "FixedString(8)", 8),
        ("service", "LowCardinality(String)", 2),
        ("level", "Enum8", 1),
        ("late", "UInt8", 1),
        ("msg + attributes", "String", 454),
    ],
    indexes=[
        ("ORDER BY (trace_id, ts, host, seq)", "one trace is a contiguous range, already in merge order"),
        ("skip index bloom_filter(service)", "a service's lines over a time range skip granules without it"),
        ("PARTITION BY toDate(ts)", "drops a day at 14 days with one partition delete"),
    ],
    per="event",
    note="ReplacingMergeTree on (host, seq) removes lines a replay inserts twice",
)
bp.api(
    "emits structured log lines that are never lost",
    'stdout: {"ts": "2026-12-01T04:25:11.482913Z", "host": "checkout-7f9c", "seq": 1833301, '
    '"trace_id": "4bf92f3577b34da6a3ce929d0e0e4736", "level": "error", "msg": "payment timeout"}',
    "agent -> Kafka produce logs.checkout key=checkout-7f9c: ack partition 41, offset 9912004",
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("services_n", "200", "Services", basis="Topic notes: 200 microservices")
bp.quantity("per_service", "2000 events/s", "Lines per service, average", basis="Topic notes")
bp.quantity("peak_factor", "2", "Peak over average", basis="Daily traffic peak and incident log storms (planning)")
bp.quantity("hosts", "2000 nodes", "Hosts running an agent", basis="~10 pods per service (planning)")
bp.quantity("zstd_ratio", "4.4", "zstd ratio on JSON log batches", basis="Topic notes: 200 MB/s to ~45 MB/s")
bp.quantity(
    "ooo_bound", "5 s", "Bounded out-of-orderness", basis="Agent 1 s batches + network + retries, measured p99.9"
)
bp.quantity(
    "slot_capacity",
    "25000 events/s",
    "Lines per Flink slot",
    basis="Planning value for decode + keyed buffer + sort; confirm by load test",
)
bp.quantity("slots", "48", "Flink slots", basis="Parallelism of the merge operator")
bp.quantity("headroom", "70 %", "Usable share of a slot", basis="Room to catch up after a restart")
bp.quantity("state_overhead", "1.0", "RocksDB bytes per raw byte buffered", basis="Planning value, keys + timers")
bp.quantity("ch_ratio", "10", "ClickHouse compression on log columns", basis="Planning value for ZSTD(3) codecs")
bp.quantity("ch_retention", "14 days", "Log store retention", basis="Debugging window")
bp.quantity("ch_replicas", "2", "ClickHouse replicas", basis="ReplicatedMergeTree, 2 zones")
bp.quantity("kafka_retention", "3 days", "Kafka retention", basis="Replay window for the merge job")
bp.quantity("rf", "3", "Kafka replication factor", basis="RF 3 across 3 zones")
bp.quantity("agent_disk", "2 GB", "Agent disk buffer", basis="Vector disk buffer max_size")
bp.quantity(
    "single_partition",
    "50000 events/s",
    "One partition, one consumer",
    basis="Planning value: one ordered consumer thread",
)

bp.derive("avg_lines", "services_n * per_service", "Average lines", unit="events/s", section="rates")
bp.derive("peak_lines", "avg_lines * peak_factor", "Peak lines", unit="events/s", section="rates")
bp.derive("raw_bw", "peak_lines * log_lines_record", "Peak raw bandwidth", unit="MB/s", section="bandwidth")
bp.derive("wire_bw", "raw_bw / zstd_ratio", "Peak bandwidth into Kafka (zstd)", unit="MB/s", section="bandwidth")
bp.derive("per_partition", "wire_bw / 512", "Per partition of 512", unit="MB/s", section="bandwidth")
bp.derive(
    "per_host_bw", "avg_lines * log_lines_record / hosts", "Average per host", unit="KB/s/nodes", section="bandwidth"
)
bp.derive(
    "buffered_lines", "peak_lines * ooo_bound", "Lines held in merge buffers at peak", unit="events", section="queues"
)
bp.derive(
    "merge_state",
    "buffered_lines * log_lines_record * (1 + state_overhead)",
    "Merge state at peak",
    unit="GB",
    section="memory",
)
bp.derive(
    "agent_outage",
    "agent_disk / (per_host_bw * nodes)",
    "Kafka outage an agent buffer survives",
    unit="h",
    section="time",
)
bp.derive("merge_capacity", "slots * slot_capacity * headroom", "Merge job capacity", unit="events/s", section="fleet")
bp.derive("total_order_gap", "peak_lines / single_partition", "Peak over one ordered partition", unit="")
bp.derive("raw_per_day", "avg_lines * log_lines_record * day", "Raw lines per day", unit="TB", section="storage")
bp.derive(
    "ch_storage",
    "raw_per_day * ch_retention / day / ch_ratio * ch_replicas",
    "Log store, 14 days, 2 replicas",
    unit="TB",
    section="storage",
)
bp.derive(
    "kafka_disk",
    "raw_per_day / zstd_ratio * kafka_retention / day * rf * 2",
    "Kafka disk, raw + merged topics",
    unit="TB",
    section="storage",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Scope of the order",
    chosen="Order within each trace: keyBy(trace_id) across 48 slots, merged topic keyed by trace_id",
    rejected="A global total order: every line through one partition and one consumer",
    why=(
        "One ordered partition takes about {single_partition}; the peak is {peak_lines}, "
        "{total_order_gap} times more; a reader debugging a request needs its trace in order, not the world"
    ),
    cost="Two traces' lines have no defined order between them; cross-trace timelines sort at query time",
    revisit_when="A consumer needs cross-trace order (audit): give it a single-partition topic if under 50K lines/s",
)
bp.tradeoff(
    decision="Watermark delay",
    chosen="5 s bounded out-of-orderness, late lines to a side output",
    rejected="A 1 s delay (fresher) or 60 s (almost nothing late)",
    why=(
        "Buffered state is rate x delay: {merge_state} at 5 s, 12x that at 60 s; agents batch for up to "
        "1 s, so at 1 s even a healthy host's lines would often arrive late"
    ),
    cost="Every ordered line waits at least 5 s; lines later than that lose their place in the stream",
    revisit_when="Late lines pass 0.1% for a day, or agents move to 200 ms batches",
)
bp.tradeoff(
    decision="When Kafka pushes back",
    chosen="Agents spill to a 2 GB disk buffer and block the read of the log file",
    rejected="Drop lines at a bounded memory buffer (Fluent Bit mem_buf_limit style)",
    why=(
        "Logs matter most during the incident that slows Kafka; 2 GB covers {agent_outage} of a host's "
        "{per_host_bw}, so a broker outage loses nothing"
    ),
    cost="2 GB of disk on 2,000 hosts (4 TB) and a replay burst after recovery",
    revisit_when="A host writes more than 1 MB/s of logs (2 GB would last < 35 min)",
)
bp.tradeoff(
    decision="Where order is made",
    chosen="In the stream, once, by the merge job; ClickHouse also sorts by trace",
    rejected="Only at query time: ClickHouse ORDER BY, with raw topics read directly",
    why=(
        "Live-tail and trace alerting consumers each would otherwise hold their own {merge_state} buffer; "
        "one merge job pays it once for every consumer"
    ),
    cost="One more job to run, and half of the {kafka_disk} of Kafka disk holds the second copy, logs.merged",
    revisit_when="ClickHouse is the only consumer of logs.merged for 90 days, or logs.merged passes 50% of Kafka disk",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="Kafka brokers unavailable or throttling",
    detection="Agent produce errors > 1% or buffer fill > 25% on 50+ hosts for 2 min",
    blast_radius="Ordered logs pause for every service; nothing is lost while buffers last ({agent_outage})",
    mitigation=(
        "Leaders fail over in ~10 s; agents drain their disk buffers oldest first, and the merge job "
        "treats the replay as late only past 5 s; caught up within 30 min of recovery"
    ),
)
bp.failure(
    failure="A host's clock drifts or steps (chrony lost its source)",
    detection="node_timex_offset_seconds > 100 ms on a host, or one host > 1% of late lines",
    blast_radius="That host's lines sort in the wrong place within their traces, or arrive late",
    mitigation=(
        "Alert and cordon the host; ts from the agent's receive time is kept beside the app's ts for "
        "repair; chrony resyncs within 5 min, and affected lines are flagged late"
    ),
)
bp.failure(
    failure="An idle partition holds the watermark back",
    detection="Watermark age > 30 s while input lag is under 5 s",
    blast_radius="The merged stream stalls for every trace, since the job waits on the minimum watermark",
    mitigation=(
        "WatermarkStrategy.withIdleness(1 min) drops idle partitions from the minimum; the stall ends within 1 min"
    ),
)
bp.failure(
    failure="The merge job crashes, or its Checkpoints store (S3) refuses writes",
    detection="Job restarts > 0 in 5 min, or last checkpoint in S3 older than 2 min",
    blast_radius="logs.merged pauses; raw topics keep filling; no lines lost",
    mitigation=(
        "Restore buffers, timers and offsets from the last checkpoint (30 s) and replay; the at-least-once "
        "sink may emit a line twice, which ReplacingMergeTree on (host, seq) removes; back in < 2 min"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (8M lines/s peak)",
    breaks=(
        "Merge state reaches ~40 GB (10x {merge_state}) and 480 slots; ClickHouse takes ~10x "
        "{ch_storage} and its insert rate becomes the first limit"
    ),
    next_move=(
        "Shard the merge by trace_id hash into 4 jobs with their own merged topics; add ClickHouse shards "
        "by cityHash64(trace_id)"
    ),
)
bp.scaling(
    at="100x (80M lines/s peak)",
    breaks="Kafka carries ~9 GB/s compressed and a 14-day store reaches ~4.8 PB; keeping every line stops paying",
    next_move=("Tail-sample at the agent (keep all error traces, 10% of healthy ones), and order only sampled traces"),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Apache Flink: Generating Watermarks",
    "Bounded out-of-orderness, per-partition watermarks and idleness",
    url="https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/datastream/event-time/generating_watermarks/",
)
bp.reference(
    "Apache Flink: Side Outputs",
    "Routing late events to a separate stream",
    url="https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/datastream/side_output/",
)
bp.reference(
    "Akidau et al.: The Dataflow Model (VLDB 2015)",
    "Event time, watermarks and the completeness/latency trade-off",
)
bp.reference(
    "Leslie Lamport: Time, Clocks, and the Ordering of Events in a Distributed System (CACM 1978)",
    "Why timestamps alone cannot order events across hosts; tie-breaking by process",
)
bp.reference(
    "Vector: Buffering model",
    "Disk buffers and block vs drop_newest when a sink pushes back",
    url="https://vector.dev/docs/about/under-the-hood/architecture/buffering-model/",
)
bp.reference(
    "ClickHouse: ReplacingMergeTree",
    "Removing duplicate rows by sorting key during merges",
    url="https://clickhouse.com/docs/en/engines/table-engines/mergetree-family/replacingmergetree",
)

bp.key_numbers("peak_lines", "wire_bw", "merge_state", "agent_outage", "ch_storage")

BLUEPRINT = bp.build()
