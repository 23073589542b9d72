"""High-performance fan-out-on-read: nothing is written per follower. A post is appended once to an
in-memory recent-activity index, sharded 20 ways by author; a read asks each shard, in one batched RPC,
for the recent activity of the reader's ~300 followees, under an 80 ms deadline. Slow shards are hedged
to a second replica after the shard's p95 (20 ms); whatever has arrived at the deadline is k-way merged,
ranked and returned with `partial=true` naming the missing shards, and if too many are missing the
reader gets the last result served, marked stale.

The mechanism is the aggregator/leaf split of Facebook's Multifeed and of Twitter's Earlybird search
fan-out, with the tail-at-scale hedging of Dean and Barroso. The numbers are planning values stated in
the load model. Unlike this category's push blueprints (`fan-out-on-write`, `twitter-timeline-writes`),
the read does the work, so the design question is bounding it: deadline, batching and partial results.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "fan-out-on-read",
    title="High-Performance Fan-Out-on-Read",
    category="feeds",
    learn="Deadline-bounded aggregation; partial failures",
    promise=(
        "Assemble a feed from 300 followees across 20 index shards at 100 K reads/s peak with p99 < 300 ms, "
        "returning a complete answer for at least 95% of reads and a marked partial one for the rest, never "
        "waiting past an 80 ms deadline."
    ),
)

# -- components ------------------------------------------------------------------------------------

app = bp.component(
    "app",
    "mobile-client",
    "Feed app",
    tech="iOS / Android / web",
    responsibility="Reads the feed; shows a partial answer as-is and refreshes it later",
)

with bp.group("Read tier", kind="tier"):
    feed_api = bp.component(
        "feed-api",
        "service",
        "Feed API",
        tech="Go",
        replicas=40,
        responsibility="Sets the request deadline; falls back to the last result when over 3 shards miss",
    )
    aggregator = bp.component(
        "aggregator",
        "service",
        "Aggregator",
        tech="C++, deadline context",
        replicas=120,
        responsibility="Groups followees by shard, scatters batched RPCs, hedges, k-way merges with a heap",
    )
    ranker = bp.component(
        "ranker",
        "ml-model",
        "Ranker",
        tech="GBDT, in-process features",
        replicas=60,
        responsibility="Scores the top 200 merged candidates and keeps 50",
    )

with bp.group("Recent-activity index, shard 1 of 20", kind="cell"):
    leaf_a = bp.component(
        "leaf-a",
        "key-value-store",
        "Leaves, zone A",
        tech="C++ in-memory, 38 GB",
        replicas=6,
        topology=leaderless(6, needed=1),
        responsibility="author -> ring of recent activity ids + ranking features, for this shard's authors",
    )
    leaf_b = bp.component(
        "leaf-b",
        "key-value-store",
        "Leaves, zone B",
        tech="same shard, other zone",
        replicas=5,
        topology=leaderless(5, needed=1),
        responsibility="Replicas of the same shard in another zone: first picks for some reads, hedges for others",
    )

with bp.group("Lookups", kind="tier"):
    following = bp.component(
        "following",
        "cache",
        "Following lists",
        tech="Redis Cluster",
        replicas=12,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="user -> followee ids (median 300), pre-grouped by index shard",
    )
    post_store = bp.component(
        "post-store",
        "wide-column-db",
        "Post store",
        tech="Cassandra, RF 3, row cache",
        replicas=3,
        topology=quorum(3, failover="5 s"),
        responsibility="Post bodies by id for hydration of the final 50",
    )
    last = bp.component(
        "last",
        "cache",
        "Last-result cache",
        tech="Memcached, 60 s TTL",
        replicas=10,
        topology=leaderless(10, needed=1),
        responsibility="Each user's last full answer: the fallback when too many shards miss",
    )

with bp.group("Write path", kind="tier"):
    post_svc = bp.component(
        "post-svc",
        "service",
        "Post service",
        tech="Go",
        replicas=8,
        responsibility="Stores a post once and publishes it; no per-follower work",
    )
    activity = bp.component(
        "activity",
        "stream",
        "activity log",
        tech="Kafka, by author, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Every post, share and comment, partitioned like the index shards",
    )

# -- links -----------------------------------------------------------------------------------------

bp.link(app, feed_api, "GET /feed", figure="peak_reads")
bp.link(feed_api, aggregator, "≤ 150 ms")
bp.link(aggregator, following, "followees")
bp.link(aggregator, leaf_a, "batch per shard", figure="shard_rpcs")
bp.link(aggregator, leaf_b, "hedge after p95", figure="hedge_rpcs")
bp.link(aggregator, ranker, "top 200")
bp.link(aggregator, post_store, "multiget 50")
bp.link(feed_api, last, "save / fallback")
bp.link(app, post_svc, "POST /posts")
bp.link(post_svc, post_store, "INSERT")
bp.link(post_svc, activity, "publish", nature="async")
bp.link(activity, leaf_a, "append", nature="stream", figure="appends")
bp.link(activity, leaf_b, "append", nature="stream")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Read feed",
    [
        (app, feed_api, "The app sends GET /feed?limit=50.", "20 ms", "100 ms"),
        (feed_api, aggregator, "The Feed API starts a 150 ms deadline and passes it down.", "1 ms", "5 ms"),
        (aggregator, following, "The reader's 300 followees come back grouped by shard.", "2 ms", "10 ms"),
        (
            aggregator,
            leaf_a,
            "One RPC per shard (20, about 15 authors each) with an 80 ms deadline; each returns its best 50.",
            "25 ms",
            "80 ms",
        ),
        (
            aggregator,
            ranker,
            "A heap merges the 20 lists; the ranker scores the top 200 and keeps 50.",
            "8 ms",
            "20 ms",
        ),
        (aggregator, post_store, "It multigets the 50 bodies.", "5 ms", "20 ms"),
        (feed_api, last, "The Feed API saves the complete answer as this user's last result.", "1 ms", "3 ms"),
    ],
    critical=True,
    mode="read",
    description="Server p99 is 10 graph + 80 fan-out + 20 rank + 20 hydrate + network: bounded by the deadline.",
)

bp.flow(
    "Hedge a slow shard",
    [
        (aggregator, leaf_a, "Shard 7's first replica has not answered after 20 ms, its p95."),
        (aggregator, leaf_b, "The same batch goes to a replica in another zone; the first answer wins."),
        (aggregator, ranker, "At 80 ms it merges what arrived; a missing shard is named in partial=[7]."),
    ],
    description="Degradation: hedging turns a 1% per-shard miss into about 0.25%; the rest are partial.",
)

bp.flow(
    "Fall back",
    [
        (aggregator, leaf_a, "A bad leaf deploy leaves 5 of 20 shards without an answer by the deadline."),
        (feed_api, last, "Over 3 shards missing: the Feed API serves the last result, marked stale."),
    ],
    description="Failure path: a stale but complete feed beats one missing a quarter of the followees.",
)

bp.flow(
    "Publish",
    [
        (app, post_svc, "The author sends POST /posts.", "20 ms", "100 ms"),
        (post_svc, post_store, "The body is written once at LOCAL_QUORUM.", "4 ms", "20 ms"),
        (post_svc, activity, "One activity event is published, keyed by author; then 201."),
        (activity, leaf_a, "Every replica of the author's shard appends the id to the author's ring."),
        (activity, leaf_b, "The hedge replicas consume the same partition; they are a second copy."),
    ],
    mode="write",
    description="One append per shard replica per post: no write amplification by follower count.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("User", "reads a ranked feed of the people they follow", mode="read", flow="Read feed")
bp.use_case("User", "gets a marked partial feed when a shard is slow", mode="read", flow="Hedge a slow shard")
bp.use_case("User", "gets the last feed when many shards are down", mode="read", flow="Fall back")
bp.use_case("Author", "publishes a post", mode="write", flow="Publish")
bp.out_of_scope("Ads and recommendations from outside the follow graph", "Notifications", "Media")

# -- targets ---------------------------------------------------------------------------------------

bp.target("Feed latency", flow="Read feed", p50="80 ms", p99="300 ms", note="Including the client's hop")
bp.target("Publish latency", flow="Publish", p50="40 ms", p99="200 ms")
bp.target(
    "Completeness",
    ">= 95% of reads with every shard answered",
    note="Hedged: {complete_hedged}; unhedged it would be {complete_plain}",
)
bp.target("Freshness", "a post is readable <= 2 s after its 201", note="One Kafka hop and one append")
bp.target("Feed availability", flow="Read feed", availability="99.95%")
bp.target(
    "Index throughput",
    flow="Read feed",
    throughput="2100000 calls/s",
    capacity="leaf_capacity",
    note="Shard RPCs plus hedges at peak",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "activity_entry",
    primary_key="author_id -> ring of entries, newest first",
    fields=[
        ("activity_id", "int64, time-ordered", 8),
        ("author_id", "int64", 8),
        ("type + flags", "post / share / comment", 8),
        ("features", "engagement counters, 32 x float32", 128),
        ("topic vector", "quantised, 96 x int8", 96),
        ("ring slot", "pointers and padding", 8),
    ],
    indexes=[
        ("author_id hash map", "a batch asks for ~15 authors per shard; each is one lookup"),
        ("per-ring time order", "returning an author's newest entries needs no sort"),
    ],
    per="entry",
    note="in memory only; rebuilt from the activity log on restart",
)
bp.table(
    "following",
    primary_key="user_id",
    fields=[("user_id", "int64", 8), ("followee_ids", "300 x int64, grouped by shard", 2400)],
    indexes=[("grouped by shard", "saves the aggregator a hash per followee on every read")],
    per="user",
)
bp.api(
    "publishes a post",
    'POST /posts\n{"text": "new blog post on tail latency"}',
    '201 Created\n{"post_id": "88410023", "visible_in": "<= 2 s"}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("avg_reads", "40e3 req/s", "Average feed reads", basis="Planning value: 100 M DAU x 35 reads/day")
bp.quantity("peak_factor", "2.5", "Peak over average", basis="Evening peak (planning value)")
bp.quantity("followees", "300 users/req", "Followees per reader", basis="Planning value (topic notes)")
bp.quantity("shard_n", "20", "Index shards", basis="Memory per shard under 40 GB (see below)")
bp.quantity("miss_plain", "1 %", "Per-shard miss at the deadline", basis="p99 of a shard near 80 ms (assumption)")
bp.quantity("miss_hedged", "0.25 %", "Per-shard miss with hedging", basis="Hedge after p95; Dean and Barroso 2013")
bp.quantity("hedge_share", "5 %", "RPCs hedged", basis="Hedging after the p95 re-sends about 5%")
bp.quantity("leaf_cap", "20e3 calls/s/node", "RPCs per leaf replica", basis="Load-test planning value")
bp.quantity("headroom", "50 %", "Usable share of a node", basis="Zone loss and peaks")
bp.quantity("activities_day", "1e9 events/day", "Activities written", basis="Planning value: posts, shares, comments")
bp.quantity("retention", "3 days", "Index window", basis="Older activity rarely ranks into the top 50")
bp.quantity("node_ram", "64 GB/node", "RAM per leaf", basis="Planning value")
bp.quantity("rpc_time", "25 ms", "Mean shard RPC", basis="Step 4 p50")
bp.quantity("read_time", "60 ms", "Mean server time per read", basis="Steps 2-7 p50 sum")

bp.derive("peak_reads", "avg_reads * peak_factor", "Peak feed reads", unit="req/s")
bp.derive("author_lookups", "peak_reads * followees * keys / users", "Author lookups", unit="keys/s")
bp.derive("shard_rpcs", "peak_reads * shard_n * calls / req", "Shard RPCs, batched", unit="calls/s")
bp.derive("hedge_rpcs", "shard_rpcs * hedge_share", "Hedged RPCs", unit="calls/s")
bp.derive("total_rpcs", "shard_rpcs + hedge_rpcs", "All shard RPCs", unit="calls/s")
bp.derive("complete_plain", "(1 - miss_plain) ** shard_n", "Complete reads, unhedged", unit="%")
bp.derive("complete_hedged", "(1 - miss_hedged) ** shard_n", "Complete reads, hedged", unit="%")
bp.derive("leaves", "ceil(total_rpcs / (leaf_cap * headroom))", "Leaf replicas", unit="nodes", section="fleet")
bp.derive("per_shard", "ceil(leaves / shard_n)", "Replicas per shard", unit="nodes", section="fleet")
bp.derive("leaf_capacity", "per_shard * shard_n * leaf_cap * headroom", "Leaf capacity", unit="calls/s")
bp.derive("appends", "activities_day", "Activity appends", unit="events/s")
bp.derive(
    "index_bytes",
    "activities_day * retention * activity_entry_record * entries / events",
    "Index, one copy",
    unit="GB",
    section="memory",
)
bp.derive("shard_bytes", "index_bytes / shard_n", "Per shard replica", unit="GB", section="memory")
bp.derive("rpcs_in_flight", "total_rpcs * rpc_time", "Shard RPCs in flight (Little)", unit="calls", section="queues")
bp.derive("reads_in_flight", "peak_reads * read_time", "Reads in flight (Little)", unit="req", section="queues")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="When to pay for a feed",
    chosen="Fan-out on read over an in-memory index",
    rejected="Fan-out on write into per-user feeds",
    why=("Each activity is appended once per shard replica ({appends}); push would write it into 300 feeds on average"),
    cost="Every read costs 20 RPCs ({shard_rpcs} at peak) and the index must live in RAM",
    revisit_when="Reads per activity pass 100, or p99 of the fan-out step passes 80 ms",
)
bp.tradeoff(
    decision="Batching",
    chosen="One RPC per shard carrying all its followees",
    rejected="One RPC per followee",
    why="Per-followee calls would be {author_lookups}; batching makes it {shard_rpcs}, 15x fewer",
    cost="The slowest shard, not the slowest author, sets the read's tail",
    revisit_when="Followees per reader pass 2,000, when batches get heavy enough to split",
)
bp.tradeoff(
    decision="Completeness vs latency",
    chosen="80 ms deadline, hedging after p95, partial answers marked",
    rejected="Wait for every shard",
    why="The max of 20 shard latencies has a long tail; hedged, {complete_hedged} of reads are complete",
    cost="About 5% of reads miss a shard's authors; hedges add {hedge_rpcs}",
    revisit_when="Partial reads pass 10%, or hedges pass 10% of RPCs",
)
bp.tradeoff(
    decision="Fallback",
    chosen="Serve the last complete result (<= 60 s old) when over 3 shards miss",
    rejected="Return whatever arrived",
    why="Missing 4 of 20 shards hides 20% of followees; a 60 s old full feed is closer to right",
    cost="{reads_in_flight} in flight at peak write a last result each: one Memcached SET per read",
    revisit_when="Fallbacks exceed 1% of reads for a day",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="One leaf replica slows (GC pause, noisy neighbour)",
    detection="Shard p95 > 20 ms; hedge rate > 10% for that shard for 1 min",
    blast_radius="None visible: hedges answer; that shard's extra load is 5%",
    mitigation="Hedging masks it at once; the replica is drained and restarted in 2 min",
)
bp.failure(
    failure="A zone is lost",
    detection="Partial-read rate > 5% or fallback rate > 1% for 1 min",
    blast_radius="Zone A's 6 of 11 replicas per shard; zone B's 5 can serve 2 M calls/s at full load, no more",
    mitigation=(
        "Switch hedging off (saves {hedge_rpcs}), let over-deadline reads fall back to the last result, "
        "and add zone B leaves from the warm pool: full capacity in 10 min"
    ),
)
bp.failure(
    failure="A leaf restarts empty",
    detection="Leaf not ready; its replay offset lags the log head by > 60 s",
    blast_radius="One replica out of {per_shard} for its shard",
    mitigation="It replays 3 days of its partitions from Kafka, about 38 GB, within 10 min before taking traffic",
)
bp.failure(
    failure="Following lists primary fails",
    detection="Redis Cluster failover alert after 15 s",
    blast_radius="1/6 of readers cannot be served for 15 s",
    mitigation="Replica promoted in 15 s; the Feed API serves the last result meanwhile",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (1 M reads/s)",
    breaks="21 M shard RPCs/s, about 2,100 leaves; aggregator CPU for the merge",
    next_move="Cache each shard's answer per author set for 5 s; split hot shards; more replicas per zone",
)
bp.scaling(
    at="100x",
    breaks="Pure pull is too expensive for read-heavy users; index RAM passes 7 TB per copy",
    next_move="Hybrid: precompute feeds for the most active readers, keep pull for the long tail",
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Dean and Barroso: The Tail at Scale (CACM 2013)",
    "Hedged requests after the p95 and why fan-out amplifies tails",
    url="https://research.google/pubs/the-tail-at-scale/",
)
bp.reference(
    "Facebook: Serving Facebook Multifeed (Facebook Engineering)",
    "Aggregators query in-memory leaf servers at read time",
    url="https://engineering.fb.com/2013/03/20/core-infra/serving-facebook-multifeed-efficiency-performance-gains-through-redesign/",
)
bp.reference(
    "Twitter Engineering: Earlybird real-time search",
    "In-memory index partitions queried by a root and merged",
)
bp.reference(
    "Go documentation: package context",
    "Deadlines propagated across a request's fan-out",
    url="https://pkg.go.dev/context",
)

bp.key_numbers("peak_reads", "shard_rpcs", "complete_hedged", "shard_bytes", "leaves")

BLUEPRINT = bp.build()
