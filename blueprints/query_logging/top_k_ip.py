"""Top-K IP heavy hitters: 500M access-log lines a day from an edge fleet, counted per client IP in
1-minute windows and ranked into the top 100. Each shipper pre-aggregates (ip, count) over 10 s, Kafka
partitions those partial counts by hash(ip) so every IP is counted on exactly one Flink subtask (an
exact count, and a merge of 16 local top-100 lists that cannot miss a global winner), a single merger
publishes each minute's ranking to Redis, and a Spark job recounts every day exactly from the raw
lines in S3, catching what arrived after the watermark.

The question this blueprint answers: how do you rank heavy hitters exactly across a partitioned
stream without one hot IP melting one worker, and when would a sketch be the better answer?
"""

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "top-k-ip",
    title="Distributed Top-K IP Query at Web-Scale",
    category="query-logging",
    learn="Find heavy hitters across 500M+ logs",
    promise=(
        "Rank the top 100 client IPs of every minute exactly, over 500M access-log lines/day (58K lines/s at "
        "peak), published within 30 s of the minute's end (p99) and served at p99 < 300 ms, with an exact "
        "daily recount that corrects late data."
    ),
)

# -- components ------------------------------------------------------------------------------------

with bp.group("Edge PoPs", kind="tier"):
    edge = bp.component(
        "edge",
        "load-balancer",
        "Edge servers",
        tech="NGINX, 200 servers",
        replicas=200,
        responsibility="Serve traffic and write one access-log line per request",
    )
    shippers = bp.component(
        "shippers",
        "worker",
        "Log shippers",
        tech="Vector agent, disk buffer",
        replicas=200,
        lane="edge",
        responsibility="Tail the log, sum (ip, count) per 10 s, produce keyed by IP; upload raw lines hourly",
    )

kafka = bp.component(
    "kafka",
    "stream",
    "ip-counts topic",
    tech="Kafka, 64 partitions, RF 3",
    replicas=3,
    topology=quorum(3, failover="10 s"),
    responsibility="Partial counts partitioned by hash(ip): each IP's records reach one partition only",
)

with bp.group("Flink job (16 subtasks)", kind="cluster"):
    counters = bp.component(
        "counters",
        "stream-processor",
        "Window counters",
        tech="Flink, keyBy(ip), RocksDB state",
        replicas=16,
        backing_store="checkpoints",
        responsibility="Exact count per IP per 1-min tumbling window; emit the local top 100 when it closes",
    )
    merger = bp.component(
        "merger",
        "stream-processor",
        "Global merger",
        tech="Flink, parallelism 1",
        backing_store="checkpoints",
        responsibility="Merge 16 x 100 candidates into the minute's global top 100",
    )

checkpoints = bp.component(
    "checkpoints",
    "object-store",
    "Checkpoints",
    tech="S3, every 60 s",
    managed="AWS",
    responsibility="Flink's window state and Kafka offsets, restored after a crash",
)

with bp.group("Serving", kind="tier"):
    api = bp.component(
        "api",
        "service",
        "Top-K API",
        tech="Go",
        replicas=3,
        responsibility="GET /top-ips by minute or day; reads the ranking, never computes it",
    )
    topk = bp.component(
        "topk",
        "cache",
        "Minute rankings",
        tech="Redis ZSET per minute, 7 days",
        replicas=2,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="topk:{minute} -> 100 (ip, count) members; rewritten whole, never incremented",
    )

soc = bp.component(
    "soc",
    "operator",
    "SOC analysts",
    tech="Console + WAF tooling",
    responsibility="Watch the minute's heavy hitters; pull daily exact reports",
)

with bp.group("Exact batch", kind="tier"):
    raw = bp.component(
        "raw",
        "object-store",
        "Raw log archive",
        tech="S3, gzip, 90 days",
        managed="AWS",
        lane="async",
        responsibility="Every access-log line, hourly objects per shipper",
    )
    spark = bp.component(
        "spark",
        "batch-processor",
        "Daily recount",
        tech="Spark on EMR, 02:00 UTC",
        lane="data",
        accepted_risk="A batch job: a failed run is retried the same morning; minute rankings do not wait on it",
        responsibility="GROUP BY ip over yesterday's lines: exact daily counts and top 1000",
    )
    daily = bp.component(
        "daily",
        "data-warehouse",
        "Daily counts",
        tech="ClickHouse, ReplicatedMergeTree",
        replicas=2,
        topology=single_writer(async_standbys=1, failover="30 s"),
        responsibility="Exact per-IP daily counts, 400 days, for reports and audits",
    )

monitoring = bp.component(
    "monitoring",
    "monitoring",
    "Metrics + alerts",
    tech="Prometheus + PagerDuty",
    replicas=2,
    role="control",
    responsibility="Partition lag skew, checkpoint age, late-record rate",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(edge, shippers, "access.log lines", nature="stream", figure="peak_lines")
bp.link(shippers, kafka, "(ip, count) per 10 s", nature="async", figure="peak_records")
bp.link(kafka, counters, "keyBy(ip)", nature="stream")
bp.link(counters, merger, "local top 100", nature="stream")
bp.link(merger, topk, "ZADD minute ranking")
bp.link(counters, checkpoints, "checkpoint / restore")
bp.link(soc, api, "GET /top-ips")
bp.link(api, topk, "ZREVRANGE")
bp.link(api, daily, "SELECT daily top")
bp.link(shippers, raw, "hourly gzip objects", nature="async")
bp.link(raw, spark, "yesterday's lines")
bp.link(spark, daily, "INSERT exact counts")
bp.link(counters, monitoring, "lag, late records", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Count and rank",
    [
        (edge, shippers, "NGINX appends each request's line; the shipper tails the file.", "1 s", "2 s"),
        (
            shippers,
            kafka,
            "Every 10 s the shipper sends one (ip, count, window) record per IP it saw, keyed by IP, so a "
            "flood from one IP becomes one record per shipper.",
            "5 s",
            "10 s",
        ),
        (
            kafka,
            counters,
            "Flink keys by IP: the subtask that owns the IP adds the partial count into that minute's "
            "window state; its total is exact.",
            "10 ms",
            "100 ms",
        ),
        (
            counters,
            merger,
            "When the watermark passes the minute plus 5 s of lateness, each subtask emits its local top "
            "100 and clears the window.",
            "5 s",
            "6 s",
        ),
        (
            merger,
            topk,
            "The merger takes the top 100 of the 1,600 candidates, exact because no IP is split, and "
            "writes topk:{minute} whole in one MULTI.",
            "200 ms",
            "1 s",
        ),
    ],
    critical=True,
    mode="write",
    description="Latencies are the delay after a minute ends until its ranking is readable.",
)

bp.flow(
    "Read the ranking",
    [
        (soc, api, "An analyst asks for the top 100 IPs of the last minute.", "30 ms", "150 ms"),
        (api, topk, "The API reads topk:{minute} with ZREVRANGE 0 99 WITHSCORES.", "1 ms", "5 ms"),
    ],
    mode="read",
    description="A read is one sorted-set range; nothing is counted at query time.",
)

bp.flow(
    "Exact daily recount",
    [
        (shippers, raw, "Each shipper uploads its raw lines as one gzip object per hour."),
        (
            raw,
            spark,
            "At 02:00 UTC Spark reads yesterday's ~10 GB of gzip (~100 GB of lines), including lines "
            "that arrived after a minute's watermark.",
        ),
        (spark, daily, "It writes the exact count of every IP and the day's top 1,000 to ClickHouse."),
        (api, daily, "GET /top-ips?day= answers from these exact counts."),
    ],
    mode="read",
    description="The batch path is the source of truth for days; the stream is the source for minutes.",
)

bp.flow(
    "Recover the job",
    [
        (
            counters,
            checkpoints,
            "A TaskManager dies; Flink restarts the job from the last completed checkpoint (window state "
            "plus Kafka offsets).",
        ),
        (
            kafka,
            counters,
            "The job re-reads Kafka from the checkpointed offsets, up to 60 s of records, and rebuilds the "
            "open windows exactly.",
        ),
        (
            counters,
            merger,
            "Windows that close again re-emit their local top 100.",
        ),
        (
            merger,
            topk,
            "The merger rewrites the whole minute key, so a replayed minute replaces its earlier ranking "
            "instead of double counting it.",
        ),
    ],
    description="Recovery path: replay is safe because the output is an overwrite, not an increment.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Edge fleet", "records every request's client IP", mode="write", flow="Count and rank")
bp.use_case(
    "SOC analyst", "sees the top 100 IPs of any minute in the last 7 days", mode="read", flow="Read the ranking"
)
bp.use_case("SOC analyst", "pulls exact daily counts for a report", mode="read", flow="Exact daily recount")
bp.use_case("Platform", "keeps rankings exact across a worker crash", flow="Recover the job")
bp.out_of_scope(
    "Blocking IPs (the WAF consumes the ranking)",
    "Top-K by other keys (path, ASN)",
    "Sliding windows",
    "Bot classification",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Ranking freshness",
    flow="Count and rank",
    p50="15 s",
    p99="30 s",
    note="From the end of a minute until its top 100 is readable",
)
bp.target("Ranking read latency", flow="Read the ranking", p50="50 ms", p99="300 ms")
bp.target("Read availability", flow="Read the ranking", availability="99.9%")
bp.target(
    "Peak ingest",
    flow="Count and rank",
    throughput="58000 events/s",
    capacity="counter_capacity",
    note="Lines per second the 16 subtasks absorb after shipper pre-aggregation",
)
bp.target(
    "Accuracy",
    "Minute counts exact for lines within 5 s lateness; daily counts exact",
    note="Lines later than the watermark are counted only by the daily recount",
)
bp.target(
    "Durability",
    flow="Count and rank",
    rpo="0 s",
    rto="2 min",
    note="Kafka keeps the records; a restart replays from the last checkpoint",
    accepted_miss="Redis holds only derived rankings; a lost minute is rebuilt by replaying Kafka (3 days kept)",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "access_line",
    primary_key="none (append-only log line)",
    fields=[
        ("ts", "timestamp ms", 8),
        ("client_ip", "IPv6-mapped address", 16),
        ("method", "string", 6),
        ("path", "string", 90),
        ("status", "int16", 2),
        ("bytes", "int64", 8),
        ("user_agent", "string, truncated", 60),
        ("edge_id", "string", 10),
    ],
    indexes=[("S3 prefix dt=/hour=/shipper=", "the daily recount reads exactly one day's objects")],
    per="event",
)
bp.table(
    "ip_count",
    primary_key="(window_start, ip)",
    fields=[
        ("window_start", "epoch minute", 8),
        ("ip", "IPv6-mapped address", 16),
        ("count", "int64", 8),
        ("RocksDB key/value overhead", "bytes", 18),
    ],
    indexes=[("Flink keyBy(ip)", "puts every record of one IP on the subtask that owns its key group")],
    per="keys",
    note="Flink window state; the Kafka record carries the same three fields",
)
bp.api(
    "records every request's client IP",
    'Kafka produce topic=ip-counts key="203.0.113.7"\n{"window": "2026-12-01T04:25:00Z", "count": 412, '
    '"shipper": "fra-117"}',
    "ack (acks=all): partition 23, offset 5120331",
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity(
    "lines_per_day",
    "500e6 events/day",
    "Access-log lines",
    basis="The case study's 500M lines/day (topic notes), one line per request",
)
bp.quantity("peak_factor", "10", "Peak over average", basis="Flash crowds and floods (planning value)")
bp.quantity(
    "combine_ratio", "4 events/messages", "Lines per pre-aggregated record", basis="Planning value from a 1-h sample"
)
bp.quantity("distinct_per_day", "50e6 keys", "Distinct IPs per day", basis="Planning value (topic notes)")
bp.quantity("distinct_per_min", "1e6 keys", "Distinct IPs per minute at peak", basis="Planning value")
bp.quantity("subtasks", "16", "Flink counting subtasks", basis="Parallelism of the keyed operator")
bp.quantity(
    "subtask_capacity",
    "20000 messages/s",
    "Records per subtask",
    basis="Planning value for a RocksDB keyed sum; confirm by load test",
)
bp.quantity("headroom", "60 %", "Usable share of a subtask", basis="Room for replay after a restart")
bp.quantity("k", "100 keys", "Ranking size K", basis="Product requirement")
bp.quantity("gzip_ratio", "10", "gzip ratio on access logs", basis="Typical for repetitive text logs")
bp.quantity("raw_retention", "90 days", "Raw archive retention", basis="Security investigations")
bp.quantity("hot_share", "20 %", "Share of lines from the top IP in a flood", basis="Planning value for a L7 flood")
bp.quantity("shippers_n", "200", "Shippers", basis="One per edge server")
bp.quantity("window", "60 s", "Counting window", basis="1-min tumbling windows")
bp.quantity("flush", "10 s", "Shipper pre-aggregation interval", basis="Vector reduce transform window")
bp.quantity("cms_width", "2719", "Count-Min width, ceil(e / 0.001)", basis="Cormode-Muthukrishnan, epsilon 0.001")
bp.quantity("cms_depth", "7", "Count-Min depth, ceil(ln(1 / 0.001))", basis="delta 0.001")
bp.quantity("counter_bytes", "4 B", "Count-Min counter", basis="32-bit counter")

bp.derive("avg_lines", "lines_per_day * 1", "Average lines", unit="events/s", section="rates")
bp.derive("peak_lines", "avg_lines * peak_factor", "Peak lines", unit="events/s", section="rates")
bp.derive("peak_records", "peak_lines / combine_ratio", "Peak records into Kafka", unit="messages/s", section="rates")
bp.derive("hot_ip_lines", "peak_lines * hot_share", "Flood IP, raw lines", unit="events/s", section="rates")
bp.derive("hot_ip_records", "shippers_n / flush", "Flood IP after pre-aggregation", unit="1/s", section="rates")
bp.derive(
    "counter_capacity",
    "subtasks * subtask_capacity * headroom * combine_ratio",
    "Lines the counters absorb",
    unit="events/s",
    section="fleet",
)
bp.derive("raw_per_day", "lines_per_day * access_line_record * day", "Raw lines per day", unit="GB", section="storage")
bp.derive(
    "archive", "raw_per_day * raw_retention / day / gzip_ratio", "Raw archive, 90 days", unit="TB", section="storage"
)
bp.derive("ingest_bw", "peak_lines * access_line_record", "Peak raw log bandwidth", unit="MB/s", section="bandwidth")
bp.derive(
    "exact_day_map", "distinct_per_day * ip_count_record", "Exact per-IP map, one day", unit="GB", section="memory"
)
bp.derive("window_state", "distinct_per_min * ip_count_record", "Open 1-min window state", unit="MB", section="memory")
bp.derive("state_per_subtask", "window_state / subtasks", "Window state per subtask", unit="MB", section="memory")
bp.derive("cms_memory", "cms_width * cms_depth * counter_bytes", "Count-Min sketch", unit="KB", section="memory")
bp.derive(
    "cms_error",
    "0.001 * peak_lines * window",
    "Count-Min overcount bound per peak minute",
    unit="events",
)
bp.derive("candidates", "subtasks * k", "Merge candidates per minute", unit="keys")
bp.derive(
    "buffered", "peak_lines * flush", "Lines held in shippers' 10 s reduce at peak", unit="events", section="queues"
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="How records are partitioned",
    chosen="Key by hash(ip), with each shipper summing (ip, count) over 10 s first",
    rejected="Random partitioning with a mergeable sketch (Count-Min + heap, or Space-Saving) per worker",
    why=(
        "Keying makes every count exact and the merge trivial, {candidates} to rank a minute; the skew that "
        "kills it, a flood IP at {hot_ip_lines}, arrives as {hot_ip_records} after pre-aggregation"
    ),
    cost="A 10 s delay at the shipper, and a single IP still cannot be spread over subtasks",
    revisit_when="One IP's records pass 10K records/s (50% of a subtask): ~100K shippers at a 10 s flush",
)
bp.tradeoff(
    decision="Counting structure",
    chosen="Exact per-IP counts in RocksDB state ({window_state} per open minute)",
    rejected="A Count-Min sketch (epsilon = delta = 0.001) plus a top-100 heap",
    why=(
        "The sketch needs only {cms_memory}, but may overcount any IP by up to {cms_error} per peak "
        "minute, larger than the gap between 100th and 101st place in a quiet minute; exact state is "
        "only {state_per_subtask} per subtask"
    ),
    cost="State grows with distinct IPs; an IPv6 scan can inflate it",
    revisit_when="Distinct IPs per minute pass 50M (about 2.5 GB of state per minute window)",
)
bp.tradeoff(
    decision="Stream, batch or both",
    chosen="1-min streaming windows for operations plus a daily Spark recount for reports",
    rejected="Streaming only, with allowed lateness of hours to absorb late shippers",
    why=(
        "Keeping windows open for hours multiplies state by 60 per hour of lateness; the daily job "
        "reads only {raw_per_day} once and is exact by construction"
    ),
    cost="Two code paths that must count the same way, and minute and day figures can differ slightly",
    revisit_when="Late lines fall below 0.01% for 30 days; then drop the daily job for the stream",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A Flink TaskManager or the whole job crashes",
    detection="Job restarts > 0 in 5 min, or last completed checkpoint older than 3 min",
    blast_radius="No new rankings while it restarts; nothing lost, and readers still see earlier minutes",
    mitigation=(
        "Restart from the last checkpoint in S3 and replay up to 60 s of Kafka; the merger rewrites whole "
        "minute keys, so replays are idempotent; rankings resume in < 2 min"
    ),
)
bp.failure(
    failure="A flood from few IPs skews the partitions",
    detection="One partition's consumer lag > 5x the median for 2 min",
    blast_radius="Windows close late on one subtask; the whole minute's ranking waits for it",
    mitigation=(
        "Shipper pre-aggregation caps a single IP at one record per shipper per 10 s; if still skewed, "
        "lower the flush to 2 s on the PoP under attack; lag drains within 5 min"
    ),
)
bp.failure(
    failure="A PoP's shippers are cut off for 30 min and replay late",
    detection="Late-record side output > 0.1% of records in a minute",
    blast_radius="That PoP's IPs are undercounted in 30 min of minute rankings",
    mitigation=(
        "Disk buffers (1 GB per shipper) hold the lines; the daily recount counts them exactly by 03:00 "
        "UTC the next day; affected minutes are flagged in the API"
    ),
)
bp.failure(
    failure="Checkpoint store (S3) refuses writes",
    detection="3 consecutive failed checkpoints",
    blast_radius="The job keeps counting but its recovery point ages; a crash then would replay more",
    mitigation=(
        "tolerable-failed-checkpoints keeps the job running; Kafka's 3-day retention bounds replay; "
        "checkpoints resume when S3 does (managed, minutes)"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (5B lines/day, 580K lines/s peak)",
    breaks=(
        "Distinct IPs per minute near 10M put ~500 MB of state in each open window, and 10x "
        "{peak_records} (~140K records/s) uses ~75% of the 16 subtasks' ~190K records/s, past the 60% "
        "headroom line a replay needs"
    ),
    next_move="Raise parallelism to 64 (64 partitions already exist) and the flush to 30 s on busy PoPs",
)
bp.scaling(
    at="100x (50B lines/day, 5.8M lines/s peak)",
    breaks="Exact per-IP state (~5 GB per minute window at 100M distinct IPs) and the ~10 TB daily Spark scan",
    next_move=(
        "Switch the stream to per-subtask Space-Saving summaries merged at the end of each minute (bounded "
        "error, KB of memory); keep the daily exact job on columnar Parquet instead of gzip text"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Cormode and Muthukrishnan: An Improved Data Stream Summary: The Count-Min Sketch (2005)",
    "Width e/epsilon, depth ln(1/delta), overcount bound epsilon N",
)
bp.reference(
    "Metwally, Agrawal and El Abbadi: Efficient Computation of Frequent and Top-k Elements (ICDT 2005)",
    "The Space-Saving algorithm for heavy hitters",
)
bp.reference(
    "Apache Flink: Windows",
    "Tumbling event-time windows, watermarks and allowed lateness",
    url="https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/datastream/operators/windows/",
)
bp.reference(
    "Apache Flink: Checkpointing",
    "Exactly-once state recovery with Kafka offsets in the checkpoint",
    url="https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/datastream/fault-tolerance/checkpointing/",
)
bp.reference(
    "Vector: reduce transform",
    "Summing events per key over a window at the shipper",
    url="https://vector.dev/docs/reference/configuration/transforms/reduce/",
)
bp.reference(
    "Redis: ZADD / sorted sets",
    "Rankings stored as sorted sets, read with ZREVRANGE",
    url="https://redis.io/docs/latest/develop/data-types/sorted-sets/",
)

bp.key_numbers("peak_lines", "peak_records", "window_state", "cms_memory", "archive")

BLUEPRINT = bp.build()
