"""Fan-out-on-write, the pipeline itself: a post is stored, then published to a Kafka `posts` topic
keyed by author; a planner cuts each post into page tasks of 5 K followers and routes them to a fast
lane (authors with one page) or a bulk lane (everyone bigger); worker pools read a follower page and
pipeline ZADD + ZREMRANGEBYRANK into each follower's Redis sorted set, kept at 500 entries. A lag
controller applies backpressure to the bulk lane only, so a big author's burst never delays small
authors' posts, and a rebuild job refills a lost feed shard from the post store.

How it differs from its two neighbours in this category: `twitter-timeline-writes` is about the
push/pull split by follower count and the read-time merge it forces; `post-reaches-millions` follows
one post through every stage (media, CDN, push notifications) with its payload and latency. Here
every author is pushed, and the subject is the machinery: partitioning, lanes, idempotent writes,
backpressure, lag and recovery. No component here merges at read time.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "fan-out-on-write",
    title="Fan-Out-on-Write (Blueprint)",
    category="feeds",
    learn="Single write → millions of timelines",
    promise=(
        "Turn each post into sorted-set inserts in every follower's feed at 350 K inserts/s peak, within "
        "10 s for authors with up to 5 K followers even while a 1 M-follower author fans out, and read a "
        "feed page at p99 < 100 ms."
    ),
)

# -- components ------------------------------------------------------------------------------------

app = bp.component(
    "app",
    "mobile-client",
    "Social app",
    tech="iOS / Android",
    responsibility="Creates posts with a client-made post id; reads the feed 50 at a time",
)

with bp.group("Ingest", kind="tier"):
    post_svc = bp.component(
        "post-svc",
        "service",
        "Post service",
        tech="Go",
        replicas=8,
        responsibility="Stores the post, then publishes it keyed by author; answers 201 after both",
    )
    posts_topic = bp.component(
        "posts-topic",
        "stream",
        "posts topic",
        tech="Kafka, 64 partitions, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="One event per post, keyed by author id so an author's posts stay in order",
    )

with bp.group("Fan-out pipeline", kind="tier"):
    planner = bp.component(
        "planner",
        "worker",
        "Fan-out planner",
        tech="Go, Kafka consumer",
        replicas=8,
        responsibility="Reads the author's page count and emits one task per 5 K-follower page to a lane",
    )
    fast_q = bp.component(
        "fast-q",
        "queue",
        "Fast lane",
        tech="Kafka fanout-fast, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Page tasks of authors with one page (under 5 K followers): most posts",
    )
    bulk_q = bp.component(
        "bulk-q",
        "queue",
        "Bulk lane",
        tech="Kafka fanout-bulk, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Page tasks of bigger authors: few posts, most of the inserts",
    )
    fast_w = bp.component(
        "fast-w",
        "worker",
        "Fast workers",
        tech="Go",
        replicas=24,
        lane="async",
        responsibility="Read a follower page, pipeline ZADD + trim per follower, commit the offset",
    )
    bulk_w = bp.component(
        "bulk-w",
        "worker",
        "Bulk workers",
        tech="Go, token bucket per shard",
        replicas=24,
        lane="async",
        responsibility="Same write as the fast pool, but paced by a per-Redis-shard token bucket",
    )

with bp.group("Stores", kind="tier"):
    graph = bp.component(
        "graph",
        "wide-column-db",
        "Follower pages",
        tech="Cassandra, RF 3",
        replicas=3,
        topology=quorum(3, failover="5 s"),
        responsibility="followers_by_author in pages of 5 K ids; following_by_user for rebuilds",
    )
    feeds = bp.component(
        "feeds",
        "cache",
        "Feed store",
        tech="Redis Cluster, ZSET x 500",
        replicas=98,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="feed:{user} sorted set, score = post id; 49 primaries with one replica each",
    )
    posts = bp.component(
        "posts",
        "wide-column-db",
        "Post store",
        tech="Cassandra, RF 3",
        replicas=3,
        topology=quorum(3, failover="5 s"),
        responsibility="Post bodies by id and by (author, post id DESC); the source feeds are rebuilt from",
    )

with bp.group("Read and repair", kind="tier"):
    feed_api = bp.component(
        "feed-api",
        "service",
        "Feed API",
        tech="Go",
        replicas=20,
        responsibility="Reads 50 ids from the sorted set, hydrates them through the post cache",
    )
    post_cache = bp.component(
        "post-cache",
        "cache",
        "Post cache",
        tech="Memcached",
        replicas=12,
        topology=leaderless(12, needed=1),
        responsibility="Hydrated post bodies by id, 24 h TTL; a lost node is refilled from the post store",
    )
    rebuilder = bp.component(
        "rebuilder",
        "batch-processor",
        "Feed rebuilder",
        tech="Go job",
        replicas=8,
        lane="async",
        responsibility="Refills empty feeds: followees' newest posts merged, top 500 written",
    )

lagctl = bp.component(
    "lagctl",
    "monitoring",
    "Lag controller",
    tech="Prometheus + controller",
    replicas=2,
    responsibility="Watches lane lag and Redis p99; sets the bulk pool's per-shard rate",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(app, post_svc, "POST /posts")
bp.link(post_svc, posts, "INSERT post")
bp.link(post_svc, posts_topic, "produce, acks=all", figure="peak_posts")
bp.link(posts_topic, planner, "consume", nature="async")
bp.link(planner, graph, "page count")
bp.link(planner, fast_q, "1-page tasks", nature="async")
bp.link(planner, bulk_q, "N-page tasks", nature="async", figure="bulk_pages")
bp.link(fast_q, fast_w, "consume", nature="async")
bp.link(bulk_q, bulk_w, "consume", nature="async")
bp.link(fast_w, graph, "read page")
bp.link(bulk_w, graph, "read page")
bp.link(fast_w, feeds, "ZADD + trim", figure="fast_inserts")
bp.link(bulk_w, feeds, "ZADD + trim", figure="bulk_inserts")
bp.link(lagctl, bulk_w, "rate per shard", nature="async")
bp.link(app, feed_api, "GET /feed")
bp.link(feed_api, feeds, "ZREVRANGE 0 49")
bp.link(feed_api, post_cache, "multiget 50")
bp.link(feed_api, rebuilder, "empty feed", nature="async")
bp.link(rebuilder, graph, "followees")
bp.link(rebuilder, posts, "newest by author")
bp.link(rebuilder, feeds, "ZADD 500")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Publish",
    [
        (app, post_svc, "The app sends POST /posts with a client-made post id (a ULID).", "30 ms", "120 ms"),
        (
            post_svc,
            posts,
            "The post is upserted at LOCAL_QUORUM; a retry with the same id is a no-op.",
            "4 ms",
            "20 ms",
        ),
        (
            post_svc,
            posts_topic,
            "It is produced keyed by author with acks=all, then 201; a failed produce fails the request.",
            "5 ms",
            "30 ms",
        ),
    ],
    critical=True,
    mode="write",
    description="The author waits only for the store and the log; every later hop is asynchronous.",
)

bp.flow(
    "Fast lane",
    [
        (posts_topic, planner, "The planner consumes the post event from the author's partition."),
        (planner, graph, "The author has 1 page (180 followers), so the task goes to the fast lane."),
        (planner, fast_q, "It emits one task: (post id, author id, page 0)."),
        (fast_q, fast_w, "A fast worker takes the task; its partition offset is committed after the write."),
        (fast_w, graph, "It reads page 0 of the author's followers: 180 ids."),
        (
            fast_w,
            feeds,
            "It pipelines ZADD feed:{f} post_id post_id and ZREMRANGEBYRANK 0 -501, one round trip per shard.",
        ),
    ],
    description="Most posts: one page, one pipelined batch per Redis shard. ZADD by post id is idempotent.",
)

bp.flow(
    "Bulk lane",
    [
        (planner, bulk_q, "A 1 M-follower author's post becomes 200 page tasks on the bulk lane."),
        (bulk_q, bulk_w, "Bulk workers take pages in parallel, 24 consumers over 48 partitions."),
        (bulk_w, graph, "Each reads its 5 K-id page of followers."),
        (bulk_w, feeds, "Each spends tokens from its Redis shard's bucket before each pipelined batch."),
        (lagctl, bulk_w, "Redis p99 over 5 ms halves the bulk rate; under 2 ms for 1 min adds 10%."),
    ],
    description="Degradation path: backpressure slows only big authors' delivery; the fast lane keeps its pace.",
)

bp.flow(
    "Read feed",
    [
        (app, feed_api, "The app sends GET /feed?limit=50 when the user opens it.", "30 ms", "120 ms"),
        (feed_api, feeds, "The Feed API reads the top 50 ids with ZREVRANGE 0 49.", "1 ms", "5 ms"),
        (feed_api, post_cache, "It multigets the 50 bodies; misses are read from the post store.", "2 ms", "15 ms"),
    ],
    mode="read",
    description="The reward for paying at write time: one range read and one multiget.",
)

bp.flow(
    "Rebuild feed",
    [
        (feed_api, feeds, "A feed shard was lost, so the read finds the feed empty.", "1 ms", "5 ms"),
        (feed_api, rebuilder, "The Feed API queues a rebuild and meanwhile serves the author-only page."),
        (rebuilder, graph, "The rebuilder reads the user's followees (median 200)."),
        (rebuilder, posts, "It reads each followee's newest 10 posts by (author, post id DESC)."),
        (rebuilder, feeds, "It writes the newest 500 with one ZADD; later fan-outs add to it."),
    ],
    mode="read",
    description="Recovery: feeds are derived data, so a lost shard is refilled, not restored.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("User", "publishes a post to all followers", mode="write", flow="Publish")
bp.use_case("Fan-out pipeline", "delivers a small author's post to every follower's feed", flow="Fast lane")
bp.use_case("Fan-out pipeline", "delivers a big author's post without starving small ones", flow="Bulk lane")
bp.use_case("User", "reads the newest 50 posts of the feed", mode="read", flow="Read feed")
bp.use_case("User", "gets a full feed back after a feed shard is lost", mode="read", flow="Rebuild feed")
bp.out_of_scope(
    "Ranking (the feed is newest first)",
    "Pull for celebrity accounts (see twitter-timeline-writes)",
    "Notifications and media",
    "Deletes: a tombstone in the post store, filtered at hydration",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target("Publish latency", flow="Publish", p50="60 ms", p99="250 ms", note="Until the 201")
bp.target("Feed read latency", flow="Read feed", p50="40 ms", p99="200 ms", note="Including the client hop")
bp.target(
    "Fan-out throughput",
    flow="Fast lane",
    throughput="350000 entries/s",
    capacity="write_capacity",
    note="Peak inserts against the Redis primaries' budget",
)
bp.target(
    "Delivery time",
    "p99 < 10 s for one-page authors; < 2 min for 1 M followers",
    note="A 1 M-follower post is {big_post_time} of bulk-lane work at the paced rate",
)
bp.target("Publish availability", flow="Publish", availability="99.95%")
bp.target(
    "Post durability",
    flow="Publish",
    rpo="0 s",
    rto="10 s",
    note="Post store at LOCAL_QUORUM and Kafka acks=all with min.insync.replicas=2",
)
bp.target("Feed read availability", flow="Read feed", availability="99.9%")

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "feed_entry",
    primary_key="feed:{user_id} (sorted set), member post_id",
    fields=[
        ("member", "post id as decimal string", 19),
        ("member header", "listpack entry + back length", 2),
        ("score", "post id as integer", 8),
        ("score header", "listpack entry + back length", 2),
    ],
    indexes=[
        ("score (post id, time-ordered)", "ZREVRANGE reads newest first; ZREMRANGEBYRANK trims the oldest"),
    ],
    per="entry",
    note="zset-max-listpack-entries 512 keeps a 500-entry feed in the compact encoding",
)
bp.table(
    "followers_by_author",
    primary_key="(author_id, page_no)",
    fields=[
        ("author_id", "bigint", 8),
        ("page_no", "int", 4),
        ("follower_ids", "5,000 x bigint", 40000),
    ],
    indexes=[
        ("following_by_user (user_id, followee_id)", "a rebuild needs who a user follows, the other direction"),
    ],
    per="page",
)
bp.api(
    "publishes a post to all followers",
    'POST /posts\n{"post_id": "01HF3Z7K9Q", "text": "release notes are up"}',
    '201 Created\n{"post_id": "01HF3Z7K9Q", "fanout": "queued"}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("posts_day", "50e6 events/day", "Posts per day", basis="Planning value: 100 M DAU, 1 in 2 posts daily")
bp.quantity("peak_factor", "3", "Peak over average", basis="Evening peak and live events (planning value)")
bp.quantity("followers", "200 users/event", "Mean followers per post", basis="Planning value (topic notes)")
bp.quantity("dau", "100e6 users", "Feeds kept", basis="Planning value: daily active users")
bp.quantity("feed_len", "500 entries/user", "Feed length", basis="ZREMRANGEBYRANK keeps 500")
bp.quantity(
    "bulk_share", "60 %", "Inserts from multi-page authors", basis="Assumption: follower counts are heavy-tailed"
)
bp.quantity(
    "shard_ops", "100e3 entries/s/node", "Inserts per Redis primary", basis="Pipelined, to confirm by load test"
)
bp.quantity("node_ram", "64 GB/node", "Usable RAM per Redis primary", basis="96 GB hosts, fork headroom")
bp.quantity("headroom", "50 %", "Usable share of a node", basis="Room for a failover and a burst")
bp.quantity("worker_rate", "20e3 entries/s/node", "Inserts per worker", basis="Load-test planning value")
bp.quantity("page_size", "5000 users/page", "Followers per page", basis="Topic notes: 1-5 K per page")
bp.quantity("big_author", "1e6 users", "A big author", basis="Example 1 M-follower account")
bp.quantity("event_bytes", "1 KB/event", "Post event size", basis="Ids, author, text excerpt, flags")
bp.quantity("retention", "7 days", "Kafka retention", basis="Replay window")
bp.quantity("kafka_copies", "3", "Kafka replication factor", basis="RF 3 across zones")
bp.quantity("stall", "10 min", "A worker stall", basis="Failure scenario: a bad deploy")
bp.quantity("bulk_rate", "100e3 entries/s", "Paced bulk-lane rate for one post", basis="Controller ceiling per post")

bp.derive("avg_posts", "posts_day", "Average posts", unit="events/s")
bp.derive("peak_posts", "avg_posts * peak_factor", "Peak posts", unit="events/s")
bp.derive("peak_inserts", "peak_posts * followers * entries / users", "Peak feed inserts", unit="entries/s")
bp.derive("bulk_inserts", "peak_inserts * bulk_share", "Peak bulk-lane inserts", unit="entries/s")
bp.derive("fast_inserts", "peak_inserts - bulk_inserts", "Peak fast-lane inserts", unit="entries/s")
bp.derive("bulk_pages", "bulk_inserts * users / (page_size * entries)", "Peak bulk page tasks", unit="pages/s")
bp.derive("feed_ram", "dau * feed_len * feed_entry_record", "Feed RAM, primaries", unit="TB", section="memory")
bp.derive("primaries_ops", "ceil(peak_inserts / (shard_ops * headroom))", "Primaries for inserts", unit="nodes")
bp.derive("primaries_ram", "ceil(feed_ram / (node_ram * headroom))", "Primaries for memory", unit="nodes")
bp.derive("write_capacity", "primaries_ram * shard_ops * headroom", "Insert budget of the primaries", unit="entries/s")
bp.derive("workers", "ceil(peak_inserts / (worker_rate * headroom))", "Fan-out workers", unit="nodes")
bp.derive("kafka_disk", "avg_posts * event_bytes * retention * kafka_copies", "posts topic on disk", unit="GB")
bp.derive("backlog", "peak_inserts * stall", "Backlog after a 10 min stall", unit="entries", section="queues")
bp.derive("worker_capacity", "workers * worker_rate", "Workers flat out", unit="entries/s")
bp.derive(
    "drain",
    "backlog / (min(write_capacity, worker_capacity) - peak_inserts)",
    "Drain time at peak",
    unit="min",
    section="queues",
)
bp.derive("big_post_time", "big_author * entries / users / bulk_rate", "One 1 M-follower post", unit="s")
bp.derive(
    "page_time", "page_size * entries / users / worker_rate", "One page task, worker-seconds", unit="s*nodes/page"
)
bp.derive("in_flight", "bulk_pages * page_time", "Bulk workers busy at peak (Little)", unit="nodes", section="queues")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="When to pay for a feed",
    chosen="Fan-out on write: every follower's feed gets the post id",
    rejected="Fan-out on read (merge followees at read time)",
    why=(
        "Reads are one range plus one multiget; a 200-followee merge per read costs 200 lookups, "
        "and reads outnumber posts about 100:1"
    ),
    cost="{peak_inserts} of inserts at peak and {feed_ram} of RAM for ids users may never read",
    revisit_when="Read:write falls under 10:1, or authors over 1 M followers pass 1% of posts",
)
bp.tradeoff(
    decision="Feed store",
    chosen="Redis Cluster sorted sets kept compact (listpack, 500 entries)",
    rejected="Cassandra (user_id, post_id DESC) on disk",
    why="Sub-ms ZREVRANGE and pipelined writes at {peak_inserts}; 500 x 31 B fits {feed_ram} of RAM on {primaries_ram}",
    cost="RAM costs ~10x disk per GB, and a lost shard needs a rebuild, not a restore",
    revisit_when="Feed RAM passes 10 TB, or feed length must pass 2,000",
)
bp.tradeoff(
    decision="Isolating big authors",
    chosen="Two lanes by page count, with backpressure on the bulk lane only",
    rejected="One queue in arrival order",
    why=(
        "A 1 M-follower post is {big_post_time} of paced writes; in one queue every small post behind it "
        "waits that long"
    ),
    cost="Two pools to size, and big authors' followers get posts up to 2 min late under pressure",
    revisit_when="Bulk-lane p99 delivery passes 5 min, or the fast lane's share falls under 30%",
)
bp.tradeoff(
    decision="Idempotency of the fan-out",
    chosen="ZADD with the post id as member and score; offsets committed after the write",
    rejected="Exactly-once Kafka transactions",
    why="ZADD of an existing member changes nothing, so at-least-once redelivery is harmless at {peak_inserts}",
    cost="Replays repeat Redis work; a trim may drop an entry re-added after it, once in a while",
    revisit_when="Replayed batches pass 1% of writes, or entries carry counters (not idempotent)",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="Workers stall (bad deploy, Redis slowdown)",
    detection="Fast-lane consumer lag > 30 s or delivery p99 > 10 s for 2 min pages",
    blast_radius="Delivery is late for everyone on the stalled lane; publishes and reads still work",
    mitigation="Roll back in 5 min; the {backlog} backlog then drains in about {drain} at the spare insert budget",
)
bp.failure(
    failure="A Redis primary dies",
    detection="Cluster marks the node failed after 15 s (cluster-node-timeout)",
    blast_radius="About 1/49 of feeds: reads fail for 15 s; async replication may lose ~1 s of inserts",
    mitigation=(
        "The replica is promoted in 15 s; lost inserts are rare and a rebuild refills any empty feed within 1 min"
    ),
)
bp.failure(
    failure="A feed shard is lost outright (both copies)",
    detection="Empty-feed reads > 1% of reads for 1 min",
    blast_radius="About 2 M users (1/49) see a short, author-only feed until rebuilt",
    mitigation="Rebuilder refills feeds on first read, about 200 reads each; the shard is warm within 30 min",
)
bp.failure(
    failure="A huge author posts during a peak",
    detection="Bulk-lane lag > 1 M entries or Redis p99 > 5 ms",
    blast_radius="Only bulk-lane delivery slows; the fast lane keeps its pace",
    mitigation="The controller halves the bulk rate; the post still lands within 2 min",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (17 K posts/s peak)",
    breaks="Inserts reach 3.5 M/s and feed RAM 10 x {feed_ram}: over 280 primaries",
    next_move="Cut the feed to 200 entries and stop pushing to users inactive for 30 days; rebuild them on login",
)
bp.scaling(
    at="100x",
    breaks="Write amplification dominates: 35 M inserts/s for mostly unread ids",
    next_move="Pull for authors over 100 K followers and merge at read time (the twitter-timeline-writes hybrid)",
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Redis documentation: ZADD",
    "Adding an existing member only updates its score",
    url="https://redis.io/commands/zadd/",
)
bp.reference(
    "Redis documentation: ZREMRANGEBYRANK",
    "Trimming a sorted set to its newest entries",
    url="https://redis.io/commands/zremrangebyrank/",
)
bp.reference(
    "Redis documentation: memory optimisation",
    "Compact listpack encoding for small sorted sets",
    url="https://redis.io/docs/latest/operate/oss_and_stack/management/optimization/memory-optimization/",
)
bp.reference(
    "Apache Kafka documentation: producer configs",
    "acks=all and idempotent producers",
    url="https://kafka.apache.org/documentation/#producerconfigs",
)
bp.reference(
    "System Design Primer: Design the Twitter timeline and search",
    "Fan-out service writing ids into in-memory timelines",
    url="https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/twitter/README.md",
)

bp.key_numbers("peak_posts", "peak_inserts", "feed_ram", "primaries_ram", "drain")

BLUEPRINT = bp.build()
