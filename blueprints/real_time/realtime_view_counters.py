"""Real-time view counters for a video platform: players send one beacon per qualified view, a collector
drops repeats of the same (viewer, video) within 30 s with Redis `SET NX EX`, and Kafka carries the rest.
Flink sums views per second in two stages (per salted sub-key, then per video), so even a viral video at
200 K views/s costs Redis one `INCRBY` and one batched `PFADD` a second. A flusher copies live counts
to Cassandra every 10 s with the Kafka offsets they include, which makes a lost Redis shard rebuildable,
and a nightly Spark recount over the raw events in S3 produces the exact, bot-filtered counts used for
billing and corrects the live number.

Shares the producers -> Kafka -> Flink skeleton with api-spike-detection: both count at scale. Here the
count itself is the product: the flows are a write path into a serving store, a cached read path, a
nightly correction, and a rebuild after losing the store; there the count feeds a limit back to the
gateways.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "realtime-view-counters",
    title="Counting Every Click: Real-Time View Counters",
    category="real-time",
    learn="Live counters with accuracy & low latency",
    promise=(
        "Show every video's view count within 5 s of the view (p99) at 35 K views/s peak and 200 K views/s "
        "on one viral video, live counts within 1% of the exact nightly recount that billing uses."
    ),
)

# -- components ---------------------------------------------------------------------------------------

players = bp.component(
    "players",
    "users",
    "Video players",
    tech="Web, mobile and TV apps",
    responsibility="Send a view beacon once 30 s are watched; show the count on the watch page",
)
cdn = bp.component(
    "cdn",
    "cdn",
    "CDN",
    tech="Fastly",
    managed="Fastly",
    responsibility="Caches GET /videos/{id}/count for 2 s, so a viral page's readers cost origin 1 req/s per POP",
)

with bp.group("Ingest", kind="tier"):
    collector = bp.component(
        "collector",
        "service",
        "View collector",
        tech="Go",
        replicas=12,
        responsibility="Validates beacons, drops repeats, salts hot videos' keys ×16, produces to Kafka",
    )
    dedupe = bp.component(
        "dedupe",
        "cache",
        "Dedupe keys",
        tech="Redis 7, SET NX EX 30",
        replicas=6,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="seen:{viewer}:{video} for 30 s; fails open so an outage over-counts, never blocks",
    )
    views = bp.component(
        "views",
        "stream",
        "View events",
        tech="Kafka, 64 partitions",
        replicas=6,
        topology=quorum(3, failover="10 s"),
        responsibility="Accepted views keyed by video_id (video_id#salt for hot videos); 3-day retention",
    )

with bp.group("Aggregation", kind="tier"):
    agg = bp.component(
        "agg",
        "stream-processor",
        "Per-second summer",
        tech="Flink, 2-stage keyBy",
        replicas=10,
        backing_store="archive",
        topology=single_writer(async_standbys=1, failover="60 s"),
        responsibility="1 s tumbling sums per (video, salt), then per video; applies each second once",
    )
    flusher = bp.component(
        "flusher",
        "worker",
        "Count flusher",
        tech="Go, every 10 s",
        replicas=2,
        responsibility="Copies changed counts and HLLs to Cassandra with their Kafka offsets; rehydrates a lost shard",
    )
    recount = bp.component(
        "recount",
        "batch-processor",
        "Nightly recount",
        tech="Spark on EMR",
        replicas=40,
        responsibility="Recounts yesterday from raw events with bot rules; writes billing counts",
    )

with bp.group("Serving", kind="cluster"):
    countapi = bp.component(
        "countapi",
        "service",
        "Count API",
        tech="Go, 1 s local cache",
        replicas=6,
        responsibility="GET and PFCOUNT from Redis; falls back to Cassandra when a shard is down",
    )
    live = bp.component(
        "live",
        "cache",
        "Live counters",
        tech="Redis Cluster 7, 6 x 2",
        replicas=12,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="views:{video} (INCRBY), uniq:{video}:{day} (HyperLogLog), applied:{video} (last second)",
    )

with bp.group("Durable state", kind="cluster"):
    store = bp.component(
        "store",
        "wide-column-db",
        "Count store",
        tech="Cassandra 4.1, RF 3",
        replicas=9,
        topology=leaderless(3, needed=2),
        responsibility="Durable live counts every 10 s, daily HLLs and billing counts per video",
    )
    archive = bp.component(
        "archive",
        "object-store",
        "Raw view archive",
        tech="Amazon S3, Parquet",
        managed="AWS",
        responsibility="Every accepted view as hourly Parquet (exactly-once sink), and Flink checkpoints",
    )

# -- links --------------------------------------------------------------------------------------------

bp.link(players, collector, "POST /beacon", figure="beacons")
bp.link(collector, dedupe, "SET NX EX 30")
bp.link(collector, views, "produce", nature="async", figure="views_peak")
bp.link(views, agg, "views", nature="stream")
bp.link(agg, live, "INCRBY + PFADD", figure="redis_ops")
bp.link(agg, archive, "hourly Parquet")
bp.link(flusher, live, "SCAN / rehydrate")
bp.link(flusher, store, "UPSERT / last flush")
bp.link(recount, archive, "read yesterday")
bp.link(recount, store, "billing counts")
bp.link(players, cdn, "GET count", figure="count_reads")
bp.link(cdn, countapi, "miss, 2 s TTL", figure="origin_reads")
bp.link(countapi, live, "GET + PFCOUNT")
bp.link(countapi, store, "fallback read")

# -- flows --------------------------------------------------------------------------------------------

bp.flow(
    "Count a view",
    [
        (players, collector, "After 30 s of watching, the player posts a beacon with viewer, video and a view id."),
        (
            collector,
            dedupe,
            "SET seen:{viewer}:{video} NX EX 30 fails for a repeat, which is dropped; Redis errors let it through.",
            "0.5 ms",
            "3 ms",
        ),
        (
            collector,
            views,
            "The view is produced keyed by video_id; a video on the hot list gets one of 16 salts.",
            "3 ms",
            "20 ms",
        ),
        (views, agg, "Stage 1 sums each (video, salt) per second; stage 2 merges the salts per video.", "1 s", "2 s"),
        (
            agg,
            live,
            "One Lua call per video and second: INCRBY the sum and PFADD the viewer ids, skipped if that "
            "second was already applied.",
            "1 ms",
            "10 ms",
        ),
        (agg, archive, "Every view is also written to hourly Parquet files for the recount."),
    ],
    critical=True,
    mode="write",
    description="The write path turns 200 K views/s on one video into one Redis write a second.",
)

bp.flow(
    "Read the count",
    [
        (
            players,
            cdn,
            "The watch page asks for the count; the CDN answers from a copy under 2 s old.",
            "20 ms",
            "80 ms",
        ),
        (cdn, countapi, "On a miss the POP asks the count API.", "10 ms", "40 ms"),
        (countapi, live, "GET views:{video} and PFCOUNT uniq:{video}:{day} from Redis.", "0.5 ms", "3 ms"),
    ],
    critical=True,
    mode="read",
    description="A read costs the origin at most one request per video per POP every 2 s, however viral the video.",
)

bp.flow(
    "Persist and correct",
    [
        (flusher, live, "Every 10 s the flusher reads the videos whose count changed."),
        (flusher, store, "It upserts count, HLL and the Kafka offsets the count includes."),
        (recount, archive, "At 02:00 UTC Spark reads yesterday's Parquet views."),
        (recount, store, "It drops bot and replayed views and writes the exact billing count per video."),
    ],
    description=(
        "Off the live path: the 10 s flush bounds what a Redis loss can cost, and the recount makes the "
        "number money is paid on exact."
    ),
)

bp.flow(
    "Rebuild a shard",
    [
        (countapi, store, "While a Redis shard is down, reads for its videos fall back to Cassandra (10 s old)."),
        (flusher, store, "The flusher, in rehydrate mode, reads each lost video's last flush and its offsets."),
        (flusher, live, "It SETs count and HLL on the promoted shard."),
        (views, agg, "Flink rewinds to the flush's offsets and re-adds the missing seconds."),
        (agg, live, "Seconds already applied are skipped, so no view is counted twice."),
    ],
    description="Degradation then recovery: counts freeze for up to 10 s of history, then catch up exactly.",
)

# -- scope --------------------------------------------------------------------------------------------

bp.use_case("Viewer", "adds one view by watching a video for 30 s", mode="write", flow="Count a view")
bp.use_case("Viewer", "sees a video's live view count", mode="read", flow="Read the count")
bp.use_case("Creator", "sees unique viewers for today, within 1%", mode="read", flow="Read the count")
bp.use_case("Billing", "gets exact, bot-filtered daily counts", mode="write", flow="Persist and correct")
bp.out_of_scope(
    "Watch-time and retention analytics",
    "Ad impression counting (its own audited pipeline)",
    "Per-viewer history and recommendations",
)

# -- targets ------------------------------------------------------------------------------------------

bp.target("View in the live count", flow="Count a view", p50="2 s", p99="3 s", note="Beacon to Redis")
bp.target(
    "Count freshness on screen",
    "p99 5 s from beacon to the count a viewer sees",
    note="3 s to Redis + the 2 s CDN TTL",
)
bp.target("Count read latency", flow="Read the count", p50="40 ms", p99="150 ms", note="At the player")
bp.target(
    "Read availability",
    flow="Read the count",
    availability="99.85%",
    note="Fastly's 99.9% SLA bounds it; a stale count is served if origin fails",
)
bp.target(
    "Count durability",
    flow="Count a view",
    rpo="0 s",
    rto="60 s",
    note="A view is durable once Kafka acks it (acks=all)",
    accepted_miss=(
        "Redis is rebuilt from the 10 s flush plus a Kafka replay, so its async replica losing the "
        "last second loses no view; the dedupe keys are soft state"
    ),
)
bp.target(
    "Accuracy",
    "live count within 1% of the nightly recount for 99% of videos; uniques within 2% (HLL, 0.81% standard error)",
    note="The recount is exact and is the only count billing uses",
)

# -- inputs and load model ----------------------------------------------------------------------------

bp.quantity(
    "views_day",
    "1e9 events/day",
    "Views a day",
    basis="Planning value for a mid-size video platform, 2026 (YouTube-scale is 10-100x this)",
)
bp.quantity("peak_factor", "3", "Peak over average", basis="Evening peak plus live-event spikes; assume")
bp.quantity("dup_share", "10 %", "Repeat beacons among beacons", basis="Retries and reloads; measured planning value")
bp.quantity("viral", "200e3 events/s", "One viral video's views", basis="Planning value for a worldwide premiere")
bp.quantity("salts", "16", "Salts per hot video", basis="Chosen so a sub-key stays under a Flink subtask's budget")
bp.quantity("subtask", "50e3 events/s", "Views per Flink subtask", basis="Load test, 2 vCPU per slot")
bp.quantity("active_videos", "20e3 keys/s", "Videos with a view in a given second", basis="Long-tail catalogue; assume")
bp.quantity(
    "ops_per_video", "2 req/keys", "Redis commands per video per second", basis="INCRBY + PFADD in one Lua call"
)
bp.quantity("reads_per_view", "3 req/events", "Count reads per view", basis="Watch page, search card, refresh")
bp.quantity("cdn_hit", "90 %", "CDN hit rate on count reads", basis="2 s TTL, popular videos dominate reads")
bp.quantity("dedupe_ttl", "30 s", "Dedupe window", basis="Longer than any client retry")
bp.quantity("dedupe_key", "90 B/events", "Dedupe key in Redis", basis="Key + Redis overhead")
bp.quantity("videos_day", "10e6 keys/day", "Videos viewed a day", basis="Assume")
bp.quantity("hll_avg", "1.5 KB/keys", "Average HLL size", basis="Sparse below ~3,000 uniques, 12 KB dense above")
bp.quantity("retention", "365 day", "Raw view retention", basis="Billing disputes and audits")
bp.quantity("parquet_ratio", "25 %", "Parquet size over raw", basis="Columnar, dictionary-encoded ids")
bp.table(
    "view_event",
    primary_key="view_id",
    fields=[
        ("view_id", "uuid", 16),
        ("video_id", "uuid", 16),
        ("viewer_id", "uuid or device hash", 16),
        ("ts", "int64 ms", 8),
        ("watch_ms", "uint32", 4),
        ("country", "char(2)", 2),
        ("device", "uint8", 1),
        ("ip_hash", "uint64", 8),
        ("envelope", "Kafka record overhead", 29),
    ],
    indexes=[
        ("Kafka key = video_id (#salt when hot)", "a video's views meet in one Flink task for per-second sums"),
        ("Parquet partitioned by (day, hour)", "the recount reads one day without a scan"),
    ],
    per="events",
    note="In Kafka and, as Parquet, in S3",
)
bp.table(
    "video_counts",
    primary_key="((video_id), day)",
    fields=[
        ("video_id", "uuid", 16),
        ("day", "date", 4),
        ("live_count", "bigint", 8),
        ("billing_count", "bigint", 8),
        ("uniques_hll", "blob, avg", 1536),
        ("offsets", "partition -> offset, 1 entry", 12),
        ("row overhead", "Cassandra", 40),
    ],
    indexes=[("clustering (day DESC)", "a video's recent days are one partition slice")],
    per="keys",
    note="One row per video per day",
)
bp.api(
    "adds one view by watching a video for 30 s",
    'POST /beacon\n{"view_id": "a93c...", "video_id": "v_51f...", "viewer": "u_0c2...", "watch_ms": 30450}',
    "204 No Content  (also for a repeat: the client never retries a dropped duplicate)",
)
bp.api(
    "gets exact, bot-filtered daily counts",
    "GET /billing/counts?day=2026-11-30&cursor=...",
    '200 OK\n{"counts": [{"video_id": "v_51f...", "views": 1840223, "filtered": 3120}], "cursor": "..."}',
)

bp.derive("views_avg", "views_day", "Average views", unit="events/s", section="rates")
bp.derive("views_peak", "views_avg * peak_factor", "Peak views", unit="events/s", section="rates")
bp.derive("beacons", "views_peak / (1 - dup_share)", "Peak beacons", unit="events/s", section="rates")
bp.derive("per_salt", "viral / salts", "Viral views per salted sub-key", unit="events/s", section="rates")
bp.derive("redis_ops", "active_videos * ops_per_video", "Redis writes from Flink", unit="req/s", section="rates")
bp.derive("count_reads", "views_peak * reads_per_view", "Peak count reads", unit="req/s", section="rates")
bp.derive("origin_reads", "count_reads * (1 - cdn_hit)", "Count reads at origin", unit="req/s", section="rates")
bp.derive(
    "subtasks",
    "ceil((views_peak + viral) / subtask * 2)",
    "Flink slots for peak + one premiere, 2x headroom",
    unit="",
    section="fleet",
)
bp.derive(
    "dedupe_mem",
    "beacons * dedupe_ttl * dedupe_key",
    "Dedupe memory (Little's law: rate x 30 s)",
    unit="MB",
    section="memory",
)
bp.derive("hll_mem", "videos_day * 1 * day * hll_avg", "HLL memory for one day", unit="GB", section="memory")
bp.derive(
    "raw_year",
    "views_day * retention * view_event_record * parquet_ratio",
    "Raw views in S3, 1 year",
    unit="TB",
    section="storage",
)
bp.derive(
    "counts_year",
    "videos_day * retention * video_counts_record * 3",
    "Count rows in Cassandra, 1 year, RF 3",
    unit="TB",
    section="storage",
)
bp.derive("ingest_bw", "beacons * view_event_record", "Beacon bandwidth at peak", unit="MB/s", section="bandwidth")

bp.key_numbers("views_peak", "per_salt", "redis_ops", "origin_reads", "hll_mem")

# -- trade-offs ---------------------------------------------------------------------------------------

bp.tradeoff(
    decision="How views reach Redis",
    chosen="Flink sums per second (salted, two stages), then one INCRBY per video per second",
    rejected="INCR per view from the collector",
    why=(
        "A viral {viral} on one key exceeds a Redis shard's ~100 K ops/s single thread; summed, Redis "
        "sees {redis_ops} in total whatever the skew"
    ),
    cost="Up to ~2 s of added delay, and Flink state and checkpoints to operate",
    revisit_when="Peak views fall under 5 K/s and no video passes 20 K views/s",
)
bp.tradeoff(
    decision="Unique viewers",
    chosen="One Redis HyperLogLog per video per day (0.81% standard error, 12 KB at most)",
    rejected="Exact sets of viewer ids",
    why="An exact set costs ~8 MB per 1 M viewers; {hll_mem} of HLLs covers every video viewed in a day",
    cost="Uniques are estimates, ±2% at 2 sigma; they cannot be listed or intersected exactly",
    revisit_when="Creators are paid per unique viewer, or a 2% error on uniques moves more than $1 K a month",
)
bp.tradeoff(
    decision="Live vs exact",
    chosen="Seconds-stale live counts for display; an exact nightly recount for billing",
    rejected="One exactly-once transactional count per view in a database",
    why=(
        "Exact per-view transactions serialise on one row per video: a premiere at {viral} is ~40x what a "
        "single hot row takes (~5 K updates/s), while the live path costs {redis_ops} in Redis"
    ),
    cost="Two numbers can differ by up to 1% for a day, and the public count can drop when bots are removed",
    revisit_when="Billing needs same-day exact counts, or disputes over displayed counts exceed 10 a week",
)
bp.tradeoff(
    decision="Where duplicates are dropped",
    chosen="At the collector, Redis SET NX with a 30 s window, failing open",
    rejected="In Flink keyed state per (viewer, video)",
    why=(
        "Keyed dedupe holds {dedupe_mem} per 30 s anyway but multiplies checkpoint size; collector dedupe keeps "
        "Kafka 10% smaller"
    ),
    cost="A Redis outage lets repeats through, up to the 10% duplicate share, until the recount",
    revisit_when="Duplicates exceed 20% of beacons, or rules need longer windows than 5 min",
)

# -- failure modes ------------------------------------------------------------------------------------

bp.failure(
    failure="A Live counters (Redis) shard is lost with its replica",
    detection="Cluster slots uncovered for > 15 s; count API fallback rate > 1%",
    blast_radius="1/6 of videos: counts served from Cassandra, up to 10 s old; no views lost",
    mitigation="Rehydrate from the last flush, replay Kafka from the stored offsets; live again in ~2 min",
)
bp.failure(
    failure="Per-second summer (Flink) stalls or the Raw view archive (S3) rejects writes",
    detection="Consumer lag > 10 s for 1 min; checkpoint age > 2 min",
    blast_radius="Every live count freezes; views keep landing in Kafka (3-day retention)",
    mitigation="Restart from the last checkpoint; a 10 min backlog replays in ~1 min at 10x",
)
bp.failure(
    failure="Dedupe keys (Redis) unavailable",
    detection="SET NX error rate > 1% for 30 s",
    blast_radius="Repeats are counted: live counts run up to 10% high for the outage",
    mitigation="Fail open and flag the window; the nightly recount removes repeats by view_id; failover ~15 s",
)
bp.failure(
    failure="A view bot inflates a video",
    detection="One viewer or /24 above 20 views/min, or a video's uniques/views ratio < 0.2 for 10 min",
    blast_radius="One video's public count; billing is protected by the recount",
    mitigation="Collector blocks the viewer for 1 h; the recount subtracts the views by the next morning (~24 h)",
)

# -- scaling path -------------------------------------------------------------------------------------

bp.scaling(
    at="10x (10 bn views/day)",
    breaks="Redis writes scale with active videos, 10 x {redis_ops}, and HLL memory with videos, 10 x {hll_mem}",
    next_move="Grow Redis to ~24 primaries; keep only today's HLLs in Redis and older ones in Cassandra",
)
bp.scaling(
    at="100x (100 bn views/day)",
    breaks="One region's Kafka and Flink; the nightly recount passes its 6 h window",
    next_move="Count per region and merge per-region sums every second; recount hourly in increments",
)

# -- references ---------------------------------------------------------------------------------------

bp.reference(
    "Reddit engineering: View Counting at Reddit (2017)",
    "Kafka, Redis HyperLogLogs and Cassandra persisted every 10 s, the pattern this design follows.",
    url="https://www.redditinc.com/blog/view-counting-at-reddit/",
)
bp.reference(
    "Flajolet et al.: HyperLogLog, the analysis of a near-optimal cardinality estimation algorithm (2007)",
    "The 1.04/sqrt(m) standard error behind the 0.81% figure.",
    url="https://algo.inria.fr/flajolet/Publications/FlFuGaMe07.pdf",
)
bp.reference(
    "Redis documentation: HyperLogLog",
    "12 KB per key, 0.81% standard error, sparse encoding for small sets.",
    url="https://redis.io/docs/latest/develop/data-types/probabilistic/hyperloglogs/",
)
bp.reference(
    "Apache Flink documentation: windows",
    "Tumbling windows used for the per-second sums.",
    url="https://nightlies.apache.org/flink/flink-docs-stable/docs/dev/datastream/operators/windows/",
)
bp.reference(
    "Redis documentation: SET",
    "NX and EX options used for the 30 s dedupe key.",
    url="https://redis.io/commands/set/",
)

BLUEPRINT = bp.build()
