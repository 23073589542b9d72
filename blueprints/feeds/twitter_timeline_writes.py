"""Twitter timeline writes: the celebrity hybrid. A tweet from an ordinary account is pushed into each
active follower's capped Redis list (pipelined LPUSH + LTRIM 800, on 3 replicas); a tweet from an
account over the push threshold is written once, to the author's own list, and every follower's
timeline mixer pulls it in at read time. The threshold is derived, not guessed: the follower count one
tweet can reach inside the 5 s delivery target at the per-tweet fan-out rate Twitter reported.

How it differs from its two neighbours in this category: `fan-out-on-write` draws the push pipeline
itself (Kafka partitions, worker lanes by author size, backpressure, feed rebuild) and never pulls;
`post-reaches-millions` follows one post end to end (media, CDN, push notifications) with the payload
and latency of every stage. This blueprint is about the split decision and its read-side merge: the
celebrity path, the mixer that merges two sources, and rebuilding lists of users inactive for 30 days.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "twitter-timeline-writes",
    title="System Design Twitter: Scaling Timeline Writes",
    category="feeds",
    learn="Fan-out-on-write at Twitter scale",
    promise=(
        "Put a tweet into every active follower's home timeline within 5 s at 12 K tweets/s peak, while "
        "authors with over 500 K followers are merged at read time, and serve 300 K timeline reads/s at "
        "p99 < 250 ms."
    ),
)

# -- components ------------------------------------------------------------------------------------

app = bp.component(
    "app",
    "mobile-client",
    "Twitter app",
    tech="iOS / Android / web",
    responsibility="Posts tweets; opens the home timeline and pages down it",
)

with bp.group("Write path", kind="tier"):
    write_api = bp.component(
        "write-api",
        "service",
        "Tweet write API",
        tech="Scala, Finagle",
        replicas=30,
        responsibility="Validates a tweet, gets an id, persists it, appends it to the author's list, enqueues fan-out",
    )
    snowflake = bp.component(
        "snowflake",
        "service",
        "Snowflake IDs",
        tech="Snowflake",
        replicas=6,
        responsibility="64-bit ids: 41-bit ms time, 10-bit worker, 12-bit sequence; sort order = time order",
    )

with bp.group("Read path", kind="tier"):
    mixer = bp.component(
        "mixer",
        "service",
        "Timeline mixer",
        tech="Scala, in-process LRU",
        replicas=200,
        responsibility="Merges the pushed list with followed celebrities' lists by id, then hydrates",
    )
    rebuilder = bp.component(
        "rebuilder",
        "worker",
        "Timeline rebuilder",
        tech="Scala",
        replicas=20,
        lane="async",
        responsibility="Rebuilds a dormant user's list from followees' author lists on first login",
    )

with bp.group("Fan-out", kind="tier"):
    fanout_q = bp.component(
        "fanout-q",
        "queue",
        "Fan-out queue",
        tech="Kafka, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="One event per tweet with the author's follower count; retried until acknowledged",
    )
    fanout = bp.component(
        "fanout",
        "worker",
        "Fan-out service",
        tech="Scala",
        replicas=120,
        responsibility="Below the threshold: pages followers, writes active ones' lists; above it: writes nothing",
    )

with bp.group("Source of truth", kind="tier"):
    tweet_store = bp.component(
        "tweet-store",
        "key-value-store",
        "Tweet store",
        tech="Manhattan, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Tweet bodies by id; hydrates timeline ids on read",
    )
    graph = bp.component(
        "graph",
        "graph-db",
        "Social graph",
        tech="FlockDB on MySQL",
        replicas=2,
        topology=single_writer(async_standbys=1, failover="30 s"),
        responsibility="Follower and followee lists, paged 5 K at a time, with follower counts and last-active dates",
    )

with bp.group("Timeline stores", kind="tier"):
    timelines = bp.component(
        "timelines",
        "cache",
        "Home timelines",
        tech="Redis, 800 ids x 3",
        replicas=3,
        topology=leaderless(3, needed=1),
        responsibility="Per user a list of the newest 800 (tweet id, author id, flags); each write goes to 3 replicas",
    )
    author_tl = bp.component(
        "author-tl",
        "cache",
        "Author timelines",
        tech="Redis, 3 replicas",
        replicas=3,
        topology=leaderless(3, needed=1),
        responsibility="Per author the newest 200 own tweet ids: the celebrity pull source and the rebuild source",
    )

monitoring = bp.component(
    "monitoring",
    "monitoring",
    "Delivery SLOs",
    tech="Prometheus + PagerDuty",
    replicas=2,
    role="control",
    responsibility="Fan-out lag, time-to-deliver p99, mixer merge time, Redis memory",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(app, write_api, "POST tweet")
bp.link(write_api, snowflake, "next id")
bp.link(write_api, tweet_store, "put tweet")
bp.link(write_api, author_tl, "LPUSH own id")
bp.link(write_api, fanout_q, "tweet event", nature="async", figure="peak_tweets")
bp.link(fanout_q, fanout, "consume", nature="async")
bp.link(fanout, graph, "page followers")
bp.link(fanout, timelines, "LPUSH+LTRIM x3", figure="list_writes")
bp.link(fanout, monitoring, "lag, skips", nature="async")
bp.link(app, mixer, "GET home")
bp.link(mixer, timelines, "LRANGE 0 199", figure="read_rate")
bp.link(mixer, graph, "celebs followed")
bp.link(mixer, author_tl, "celebrity lists", figure="celeb_reads")
bp.link(mixer, tweet_store, "multiget bodies")
bp.link(mixer, rebuilder, "rebuild user", nature="async")
bp.link(rebuilder, graph, "followees")
bp.link(rebuilder, author_tl, "recent ids")
bp.link(rebuilder, timelines, "write 800 ids")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Ordinary post",
    [
        (app, write_api, "The app sends POST /2/tweets with up to 280 characters.", "30 ms", "120 ms"),
        (write_api, snowflake, "The API takes a Snowflake id, time-ordered to the millisecond.", "1 ms", "3 ms"),
        (
            write_api,
            tweet_store,
            "It writes the tweet body to Manhattan at quorum (2 of 3) before answering.",
            "5 ms",
            "25 ms",
        ),
        (
            write_api,
            author_tl,
            "It prepends the id to the author's own list, so profile views see it at once.",
            "1 ms",
            "5 ms",
        ),
        (
            write_api,
            fanout_q,
            "It enqueues one event carrying the author's follower count, then answers 201.",
            "3 ms",
            "15 ms",
        ),
        (fanout_q, fanout, "A fan-out worker takes the event: 2,000 followers is under the threshold."),
        (fanout, graph, "It pages the follower list 5 K ids at a time, keeping the active-in-30-days ones."),
        (
            fanout,
            timelines,
            "Per page it pipelines LPUSH + LTRIM 0 799 on every active follower's list, on all 3 replicas.",
        ),
    ],
    critical=True,
    mode="write",
    description="Push: O(followers) work at write time so a read is one list range. Latency ends at the 201.",
)

bp.flow(
    "Celebrity post",
    [
        (app, write_api, "A 48 M-follower account posts; the request is the same POST.", "30 ms", "120 ms"),
        (write_api, tweet_store, "The body is written at quorum exactly as for anyone.", "5 ms", "25 ms"),
        (
            write_api,
            author_tl,
            "Prepending the id to her own list is the whole delivery: 1 write, not 48 M x 3.",
            "1 ms",
            "5 ms",
        ),
        (
            write_api,
            fanout_q,
            "The event is still published, for search, push and analytics consumers.",
            "3 ms",
            "15 ms",
        ),
        (fanout_q, fanout, "The worker sees 48 M >= the threshold and writes no home timeline."),
    ],
    mode="write",
    description="Pull: the cost moves to every follower's read, where step 13 merges it.",
)

bp.flow(
    "Read home timeline",
    [
        (app, mixer, "The app sends GET /home?count=50 when the user opens the app.", "30 ms", "120 ms"),
        (mixer, timelines, "The mixer reads ids 0-199 from any live replica of the user's list.", "1 ms", "5 ms"),
        (
            mixer,
            graph,
            "It gets which followees are over the threshold (cached per user for 10 min).",
            "2 ms",
            "10 ms",
        ),
        (
            mixer,
            author_tl,
            "It reads each such author's newest 20 ids, mostly from its 1 s in-process cache.",
            "1 ms",
            "8 ms",
        ),
        (
            mixer,
            tweet_store,
            "It merges both sources by Snowflake id, keeps 50 and multigets their bodies.",
            "6 ms",
            "35 ms",
        ),
    ],
    mode="read",
    description="The read pays for the hybrid: one list range plus about 8 small celebrity ranges, merged by id.",
)

bp.flow(
    "Rebuild dormant user",
    [
        (app, mixer, "A user back after 45 days opens the app; no list exists (never pushed to).", "30 ms", "120 ms"),
        (mixer, timelines, "The LRANGE finds no key: the mixer answers from step 21's result.", "1 ms", "5 ms"),
        (mixer, rebuilder, "It enqueues a rebuild for this user id."),
        (rebuilder, graph, "The rebuilder fetches the user's followee ids (median 200)."),
        (rebuilder, author_tl, "It reads each followee's newest 20 ids in batched MGETs."),
        (rebuilder, timelines, "It merges them, writes the newest 800 to all 3 replicas and sets active."),
    ],
    mode="read",
    description="Recovery for cold users: push skips them, so their first read is a pull that refills the list.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("User", "posts a tweet to their followers", mode="write", flow="Ordinary post")
bp.use_case("Celebrity", "posts a tweet to tens of millions of followers", mode="write", flow="Celebrity post")
bp.use_case("User", "reads the home timeline, newest first", mode="read", flow="Read home timeline")
bp.use_case("Dormant user", "returns and gets a full timeline", mode="read", flow="Rebuild dormant user")
bp.out_of_scope(
    "Ranking and the algorithmic timeline",
    "Search indexing (Earlybird)",
    "Push notifications",
    "Media upload",
    "Deletes and edits (a tombstone filtered at hydration)",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target("Post latency", flow="Ordinary post", p50="60 ms", p99="300 ms", note="Until the 201; fan-out is async")
bp.target("Timeline read latency", flow="Read home timeline", p50="60 ms", p99="250 ms")
bp.target(
    "Fan-out throughput",
    flow="Ordinary post",
    throughput="3600000 entries/s",
    capacity="list_capacity",
    note="Peak list writes over all 3 replicas",
)
bp.target(
    "Delivery time",
    "p99 < 5 s from the 201 to the last active follower's list",
    note="Holds for authors under the threshold by construction: {push_threshold} / {per_tweet_rate}",
)
bp.target("Read availability", flow="Read home timeline", availability="99.95%")
bp.target(
    "Tweet durability",
    flow="Ordinary post",
    rpo="0 s",
    rto="30 s",
    note="The tweet store acks at quorum; lists are derived and rebuildable",
    accepted_miss="The social graph's standby is asynchronous, but this flow only reads it; the lists it "
    "writes are a cache rebuilt from the tweet store and author lists",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "home_timeline",
    primary_key="home:{user_id} (Redis list)",
    fields=[
        ("tweet_id", "Snowflake int64", 8),
        ("author_id", "int64", 8),
        ("flags", "retweet / reply bits + source", 4),
    ],
    indexes=[
        ("list position (newest first)", "LRANGE 0 199 is the whole read; LTRIM 0 799 caps the length"),
    ],
    per="entry",
    note="packed entries, no tweet text: bodies are hydrated from the tweet store",
)
bp.table(
    "tweets",
    primary_key="tweet_id",
    fields=[
        ("tweet_id", "Snowflake int64", 8),
        ("author_id", "int64", 8),
        ("text", "UTF-8, 280 chars avg 70", 140),
        ("created_at", "derived from the id", 0),
        ("reply_to / quote_of", "int64 x 2", 16),
        ("media_refs", "up to 4 x 8 B", 32),
        ("metadata", "lang, source, geo", 60),
    ],
    indexes=[
        ("(author_id, tweet_id DESC)", "rebuilds an author list after a Redis loss; profile pages beyond 200"),
    ],
    per="tweet",
)
bp.api(
    "posts a tweet to their followers",
    'POST /2/tweets\n{"text": "shipping the new timeline today"}',
    '201 Created\n{"data": {"id": "1593612233178271744", "text": "shipping the new timeline today"}}',
)
bp.api(
    "posts a tweet to tens of millions of followers",
    'POST /2/tweets\n{"text": "new album out friday"}',
    '201 Created\n{"data": {"id": "1593612233178271745"}}  (fan-out: pull)',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("active_users", "150e6 users", "Active users", basis="Twitter, Timelines at Scale talk (2012-13)")
bp.quantity("avg_tweets", "4600 tweets/s", "Average tweet rate", basis="Twitter 2013: ~400 M tweets/day")
bp.quantity("peak_factor", "2.6", "Peak over average", basis="Twitter 2013: 12 K/s peak over 4.6 K/s average")
bp.quantity("read_rate", "300e3 req/s", "Home timeline reads", basis="Twitter 2013, timeline QPS")
bp.quantity("followers_push", "200 users/tweet", "Mean followers, push authors", basis="Assumption for 2013 accounts")
bp.quantity("active_share", "50 %", "Followers active in 30 days", basis="Assumption; dormant lists are not written")
bp.quantity("celeb_share", "1 %", "Tweets by pull authors", basis="Assumption: accounts over the threshold")
bp.quantity("copies", "3", "Redis replicas per list", basis="Twitter 2013: each list on 3 machines")
bp.quantity("list_len", "800 entries/user", "List cap", basis="Twitter 2013: home list trimmed to 800")
bp.quantity("gaga_followers", "31e6 users", "Largest 2013 fan-out", basis="31 M followers, up to 5 min to fan out")
bp.quantity("gaga_time", "300 s", "Its fan-out time", basis="Twitter 2013 talk: 'up to 5 minutes'")
bp.quantity("delivery_target", "5 s", "Delivery target", basis="Twitter 2013 goal: tweets delivered within 5 s")
bp.quantity(
    "node_ops", "150e3 entries/s/node", "Redis list writes per node", basis="Pipelined LPUSH+LTRIM, to load test"
)
bp.quantity("node_ram", "64 GB/node", "Usable RAM per Redis node", basis="96 GB hosts at 2/3 fill (assumption)")
bp.quantity("headroom", "50 %", "Usable share of a node", basis="Room for a replica loss and a peak")
bp.quantity("celebs_followed", "8", "Pull authors followed per reader", basis="Assumption for the median reader")
bp.quantity("local_hit", "95 %", "Mixer in-process hit rate", basis="Celebrity lists cached 1 s; few thousand keys")
bp.quantity("hydrate_n", "50 tweets/req", "Bodies per read", basis="One page of the timeline")

bp.derive("peak_tweets", "avg_tweets * peak_factor", "Peak tweets", unit="tweets/s")
bp.derive(
    "deliveries",
    "peak_tweets * (1 - celeb_share) * followers_push * active_share * entries / users",
    "Peak list inserts, one replica",
    unit="entries/s",
)
bp.derive("list_writes", "deliveries * copies", "Peak list writes, 3 replicas", unit="entries/s")
bp.derive("per_tweet_rate", "gaga_followers / gaga_time", "One tweet's fan-out rate", unit="users/s")
bp.derive("push_threshold", "per_tweet_rate * delivery_target", "Push threshold", unit="users", section="rates")
bp.derive(
    "celeb_reads",
    "read_rate * celebs_followed * (1 - local_hit)",
    "Author-list reads reaching Redis",
    unit="req/s",
)
bp.derive("hydrations", "read_rate * hydrate_n", "Tweet bodies hydrated", unit="tweets/s")
bp.derive(
    "redis_ram",
    "active_users * list_len * home_timeline_record * copies",
    "Home timelines RAM, 3 replicas",
    unit="TB",
    section="memory",
)
bp.derive(
    "nodes_ops",
    "ceil(list_writes / (node_ops * headroom))",
    "Redis nodes for writes",
    unit="nodes",
    section="fleet",
)
bp.derive("nodes_ram", "ceil(redis_ram / node_ram)", "Redis nodes for memory", unit="nodes", section="fleet")
bp.derive("list_capacity", "nodes_ram * node_ops * headroom", "List write capacity", unit="entries/s")
bp.derive(
    "tweet_growth",
    "avg_tweets * tweets_record",
    "Tweet store growth, one copy",
    unit="GB/day",
    section="storage",
)
bp.derive("tweet_3y", "tweet_growth * 3 * year * copies", "Tweet store over 3 years, 3 copies", unit="TB")
bp.derive(
    "celeb_push_cost",
    "gaga_followers * active_share * copies * entries / users",
    "Writes one celebrity push would cost",
    unit="entries",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Who gets pushed",
    chosen="Push for authors under {push_threshold}; pull and merge at read time above it",
    rejected="Push to every follower (pure fan-out-on-write), as Twitter did until 2013",
    why=(
        "One tweet fans out at about {per_tweet_rate}, so 31 M followers took up to 5 min; above "
        "{push_threshold} the 5 s delivery goal cannot hold, and pushing one such tweet would cost "
        "{celeb_push_cost} of list writes"
    ),
    cost="Every read merges about 8 celebrity lists ({celeb_reads} reach Redis) and two code paths must agree",
    revisit_when="Per-tweet fan-out passes 1 M writes/s (threshold 5 M), or merge time passes 20 ms at p99",
)
bp.tradeoff(
    decision="What a list holds",
    chosen="Ids only (20 B: tweet id, author id, flags); bodies hydrated from the tweet store",
    rejected="Copies of the tweet (about 300 B) in every follower's list",
    why=(
        "Lists already need {redis_ram} of RAM over 3 replicas; 300 B copies would need 15x that, and "
        "an edit or delete would have to touch every copy"
    ),
    cost="Every read multigets 50 bodies ({hydrations} at peak), which the tweet store's cache absorbs",
    revisit_when="Hydration passes 30% of read p99, or RAM drops below $1 per GB-month",
)
bp.tradeoff(
    decision="Whom the fan-out skips",
    chosen="Only followers active in the last 30 days; dormant lists are rebuilt on login",
    rejected="Write every follower's list",
    why=(
        "Only {active_share} of followers are active; writing the dormant too would need 2 x {list_writes} "
        "and twice the RAM"
    ),
    cost="A returning user's first read is a pull of about 200 author lists (one rebuild, about 200 ms)",
    revisit_when="Rebuilds pass 5% of timeline reads, or the active share passes 80%",
)
bp.tradeoff(
    decision="List length",
    chosen="Cap at 800 entries per user (LTRIM)",
    rejected="Unbounded lists, or a disk-backed store for deep history",
    why="800 x 20 B is 16 KB per user; unbounded lists grow with followees' output and blow the {redis_ram} budget",
    cost="Scrolling past 800 falls back to a slower search-backed timeline",
    revisit_when="More than 1% of sessions scroll past entry 800",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A Redis timeline node dies",
    detection="Node health check fails for 10 s; mixer replica-fallback rate > 1%",
    blast_radius="Lists on that node lose one of 3 copies; reads move to the other two, no user-visible loss",
    mitigation="The mixer reads another replica at once; a new node is refilled by the rebuilder within 30 min",
)
bp.failure(
    failure="Fan-out lags behind at a traffic peak (breaking news, a final's last minute)",
    detection="Queue lag > 30 s or time-to-deliver p99 > 5 s for 2 min",
    blast_radius="Followers of ordinary authors see tweets late; celebrity tweets, pulled on read, are on time",
    mitigation="Autoscale workers; lower the threshold to 100 K followers so more authors are pulled; drains in 10 min",
)
bp.failure(
    failure="An account crosses the threshold (a viral newcomer)",
    detection="Follower count read at fan-out crosses 520 K; > 50 reclassifications per hour alerts",
    blast_radius="Only that author: old tweets are in lists, new ones are pulled; a follower could see a gap",
    mitigation="Reclassify at once; the mixer dedupes by id so an overlap shows once; consistent within 1 min",
)
bp.failure(
    failure="The tweet store loses a replica or a zone",
    detection="Manhattan quorum errors > 0.5% for 1 min",
    blast_radius="Writes and hydration on affected key ranges fail; lists survive",
    mitigation="Quorum of 2 of 3 keeps serving; a new replica streams from peers; read errors recover in 10 s",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (46 K tweets/s average, 120 K peak)",
    breaks="List writes reach 10 x {list_writes} and memory 10 x {redis_ram}: about 1,000 Redis nodes",
    next_move="Raise the active window cut to 14 days and the length cap to 400; keep the threshold derived",
)
bp.scaling(
    at="100x",
    breaks="Push cannot keep 5 s even for mid-size authors; read merges pass 50 celebrities per user",
    next_move=(
        "Move lists to a disk-backed store (Manhattan) with Redis for the active tenth; "
        "pre-merge celebrities per cohort"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "High Scalability: The Architecture Twitter Uses to Deal with 150M Active Users, 300K QPS",
    "Summary of Raffi Krikorian's Timelines at Scale: 800-entry lists, 3 replicas, 31 M followers in 5 min",
    url="http://highscalability.com/blog/2013/7/8/the-architecture-twitter-uses-to-deal-with-150m-active-users.html",
)
bp.reference(
    "InfoQ: Timelines at Scale (Raffi Krikorian, QCon SF 2012)",
    "The talk: fan-out, the Redis timeline cluster and the celebrity problem",
    url="https://www.infoq.com/presentations/Twitter-Timeline-Scalability/",
)
bp.reference(
    "Twitter Engineering: Announcing Snowflake",
    "Time-ordered 64-bit ids that let lists merge by id",
    url="https://blog.twitter.com/engineering/en_us/a/2010/announcing-snowflake",
)
bp.reference(
    "System Design Primer: Design the Twitter timeline and search",
    "The 6 K tweets/s x fan-out 10 = 60 K deliveries/s estimate",
    url="https://github.com/donnemartin/system-design-primer/blob/master/solutions/system_design/twitter/README.md",
)
bp.reference("Redis documentation: LTRIM", "Capping a list after each push", url="https://redis.io/commands/ltrim/")
bp.reference(
    "FlockDB (Twitter)",
    "The sharded MySQL social graph store of the period",
    url="https://github.com/twitter-archive/flockdb",
)

bp.key_numbers("peak_tweets", "list_writes", "push_threshold", "redis_ram", "nodes_ram")

BLUEPRINT = bp.build()
