"""Online forum, part 1: the write, read, live and moderation paths of a discussion forum with 1 M posts and
500 M page views a day. A reply is committed with an outbox row in the same Postgres transaction (sharded by
community); one change stream then drives three independent consumers: a live publisher that pushes the post
to everyone watching the thread over SSE (Centrifugo channels with history, so a reconnecting browser
recovers what it missed), a purger that soft-purges the thread's CDN surrogate keys (debounced per key), and a
moderation worker that scores the post with a toxicity model and an image-hash match and hides it for human
review when flagged. Anonymous readers, 80% of views, get whole pages from the CDN; new accounts are
pre-moderated, trusted ones post-moderated. Search and notifications are part 2.
"""

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "online-forum",
    title="Online Forum (Part 1)",
    category="domain",
    learn="Real-time, caching & moderation flows",
    promise=(
        "Serve 20 K page views/s at peak with 90% of anonymous views answered by the CDN, accept a reply in "
        "< 400 ms at p99, show it to live readers of the thread within 2 s, and hide a flagged post within "
        "60 s, without pre-moderating trusted members."
    ),
)

# -- components -----------------------------------------------------------------------------------

readers = bp.component(
    "readers",
    "users",
    "Anonymous readers",
    tech="Browsers, search crawlers",
    responsibility="Read thread pages without signing in; 80% of page views",
)
members = bp.component(
    "members",
    "web-client",
    "Members' browsers",
    tech="Web app + EventSource",
    responsibility="Read, post and vote signed in; keep one SSE stream open per tab for live replies",
)
moderators = bp.component(
    "moderators",
    "operator",
    "Moderators",
    tech="Mod console",
    responsibility="Work the review queue oldest-first and restore, delete or ban, each decision audited",
)

with bp.group("Delivery edge", kind="tier"):
    cdn = bp.component(
        "cdn",
        "cdn",
        "Page CDN",
        tech="Fastly",
        managed="Fastly",
        responsibility=(
            "Caches whole anonymous pages for 60 s tagged with surrogate keys (thread:{id}, community:{id}); "
            "serves stale while one request revalidates"
        ),
    )
    live = bp.component(
        "live",
        "realtime-gateway",
        "Live gateway",
        tech="Centrifugo, SSE",
        replicas=15,
        responsibility=(
            "Holds ~50 K SSE connections per node; one channel per thread with a 300-message, 10 min history "
            "so a client resumes from its last offset"
        ),
    )

with bp.group("Forum app", kind="tier"):
    gate = bp.component(
        "gate",
        "rate-limiter",
        "Write gate",
        tech="Go, rules + spam model",
        replicas=4,
        responsibility=(
            "In < 50 ms: per-member token buckets, link and duplicate rules, a spam score and the author's "
            "trust level decide publish, hold for review or reject"
        ),
    )
    api = bp.component(
        "api",
        "service",
        "Forum API",
        tech="Ruby on Rails, Puma",
        replicas=55,
        responsibility=(
            "Renders thread pages, accepts posts and votes, and commits each post with its outbox row in one "
            "transaction"
        ),
    )

with bp.group("Post-commit workers", kind="tier"):
    publisher = bp.component(
        "publisher",
        "worker",
        "Live publisher",
        tech="Go consumer",
        replicas=3,
        responsibility="Publishes each visible post to its thread channel, in order per thread",
    )
    purger = bp.component(
        "purger",
        "worker",
        "Cache purger",
        tech="Go consumer",
        replicas=2,
        responsibility=(
            "Deletes the thread's Redis page keys at once and soft-purges its CDN keys at most once per 5 s "
            "per key, batching up to 256 keys a call"
        ),
    )
    modworker = bp.component(
        "modworker",
        "worker",
        "Moderation worker",
        tech="Python consumer",
        replicas=4,
        responsibility=(
            "Scores every post; above the threshold it hides the post and files a review item, in one transaction"
        ),
    )
    classifier = bp.component(
        "classifier",
        "ml-model",
        "Classifiers",
        tech="Detoxify on GPU + PDQ hashes",
        replicas=3,
        responsibility=(
            "Toxicity scores for text and a perceptual-hash match of images against known-abuse lists, ~40 ms per post"
        ),
    )

with bp.group("Forum state", kind="cluster"):
    events = bp.component(
        "events",
        "stream",
        "Post events",
        tech="Kafka, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Outbox rows captured from the WAL, 32 partitions keyed by thread id so a thread stays in order",
    )
    hot = bp.component(
        "hot",
        "cache",
        "Hot cache",
        tech="Redis Cluster 7",
        replicas=6,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility=(
            "Rendered page JSON per (thread, page), vote counters, rate-limit buckets, and the live "
            "gateway's channel history"
        ),
    )
    posts = bp.component(
        "posts",
        "relational-db",
        "Posts DB",
        tech="Postgres 16 + Patroni, 8 shards",
        replicas=24,
        topology=single_writer(sync_standbys=1, async_standbys=1, failover="30 s"),
        responsibility=(
            "Communities, threads, posts, review items and the outbox, sharded by community id; each shard "
            "commits to a synchronous standby and reads go to an async replica"
        ),
    )

audit = bp.component(
    "audit",
    "audit-log",
    "Mod audit log",
    tech="S3 Object Lock",
    managed="AWS",
    responsibility="Append-only record of every hide, restore, delete and ban with actor and reason, kept 2 years",
)

# -- links ----------------------------------------------------------------------------------------

bp.link(readers, cdn, "GET thread page", figure="peak_views")
bp.link(cdn, api, "miss / revalidate", figure="origin_rps")
bp.link(members, api, "HTTPS: pages, posts")
bp.link(members, live, "SSE subscribe", figure="connections")
bp.link(moderators, api, "POST decision")
bp.link(api, gate, "check(post)")
bp.link(gate, hot, "token bucket")
bp.link(api, hot, "page JSON")
bp.link(api, posts, "post + outbox tx", figure="peak_posts")
bp.link(api, audit, "decision record", nature="async")
bp.link(posts, events, "outbox CDC", nature="replication")
bp.link(events, publisher, "post events", nature="stream")
bp.link(events, purger, "post events", nature="stream")
bp.link(events, modworker, "post events", nature="stream")
bp.link(publisher, live, "publish thread:{id}")
bp.link(live, hot, "channel history")
bp.link(purger, cdn, "soft purge keys")
bp.link(purger, hot, "DEL page keys")
bp.link(modworker, classifier, "score text + images")
bp.link(modworker, posts, "hide + review item")

# -- flows ----------------------------------------------------------------------------------------

bp.flow(
    "Read a thread",
    [
        (
            readers,
            cdn,
            "A signed-out reader opens /t/{slug}/{id}; the CDN answers 9 in 10 of these from a whole-page copy "
            "at most 60 s old.",
            "20 ms",
            "80 ms",
        ),
        (
            cdn,
            api,
            "On a miss, or when a soft purge marked the copy stale, one request per POP goes to origin while the "
            "others get the stale page (request collapsing).",
            "25 ms",
            "100 ms",
        ),
        (
            api,
            hot,
            "The API looks up the rendered page JSON for (thread, page); 85% are hits.",
            "1 ms",
            "5 ms",
        ),
        (
            api,
            posts,
            "On a Redis miss it reads 20 posts from the shard's async replica by (thread_id, post_number), "
            "renders the page and stores it in Redis for 5 min.",
            "4 ms",
            "30 ms",
        ),
    ],
    mode="read",
    description=(
        "The cache ladder for the 80% of views that carry no cookie: CDN, then Redis, then a Postgres replica. "
        "Signed-in members skip the CDN and get the shared page JSON plus their own read position and votes."
    ),
)

bp.flow(
    "Post a reply",
    [
        (
            members,
            api,
            "The member sends POST /threads/{id}/posts with the Markdown body and an Idempotency-Key.",
            "40 ms",
            "150 ms",
        ),
        (
            api,
            gate,
            "The API asks the write gate for a verdict before touching the database.",
            "3 ms",
            "15 ms",
        ),
        (
            gate,
            hot,
            "The gate takes a token from the member's bucket (6 posts/min, 1 for new accounts), then scores "
            "the text; publish, hold for review (new accounts, score 0.5-0.9) or reject (> 0.9).",
            "10 ms",
            "35 ms",
        ),
        (
            api,
            posts,
            "One transaction on the community's shard inserts the post (visible or held), bumps the thread's "
            "reply count and inserts an outbox row; the commit waits for the synchronous standby.",
            "8 ms",
            "60 ms",
        ),
        (
            posts,
            events,
            "Debezium's outbox router reads the outbox row from the WAL and publishes it keyed by thread id, "
            "about 300 ms after the commit.",
        ),
        (
            events,
            publisher,
            "The live publisher consumes the event; held posts stop here.",
        ),
        (
            publisher,
            live,
            "It publishes the rendered post to channel thread:{id}; the gateway appends it to the channel "
            "history and writes it down every open stream on that channel.",
        ),
        (
            events,
            purger,
            "The purger consumes the same event in its own consumer group.",
        ),
        (
            purger,
            hot,
            "It deletes the thread's last page JSON in Redis at once, so signed-in readers see the reply on "
            "their next load.",
        ),
        (
            purger,
            cdn,
            "It soft-purges thread:{id} and community:{id} at the CDN, at most once per 5 s per key, so a thread "
            "taking 5 replies/s still costs origin one render per POP every 5 s.",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "The member gets 201 once the post is durable (steps 5-8); the live push, the Redis delete and the "
        "CDN purge run after the commit, each in its own consumer group, so a slow CDN API never delays "
        "the live push."
    ),
)

bp.flow(
    "Moderate a post",
    [
        (
            events,
            modworker,
            "The moderation worker consumes every post event, including held posts from new accounts.",
        ),
        (
            modworker,
            classifier,
            "It gets toxicity scores for the text and matches each image's PDQ hash against known-abuse lists.",
        ),
        (
            modworker,
            posts,
            "A toxicity score over 0.8 or a hash match sets the post to hidden and inserts a review item in one "
            "transaction; the hide's own outbox row purges the caches through steps 9-14 again.",
        ),
        (
            moderators,
            api,
            "A moderator takes the oldest review item and sends restore, delete or delete-and-ban with a reason.",
        ),
        (
            api,
            posts,
            "The API applies the decision and closes the review item, guarded by its version so two moderators "
            "cannot both decide it.",
        ),
        (
            api,
            audit,
            "The decision, actor, reason and scores are appended to the audit log.",
        ),
    ],
    mode="write",
    description=(
        "Post-moderation for trusted members, pre-moderation for new ones: both pass the same classifiers, "
        "and a human decides anything they flag. Off the reply's critical path."
    ),
)

bp.flow(
    "Reconnect and catch up",
    [
        (
            members,
            live,
            "A live gateway node dies and its ~50 K streams drop; each browser reconnects after a jittered "
            "1-10 s delay to another node, sending the thread channel's last offset and epoch.",
        ),
        (
            live,
            hot,
            "The gateway reads the channel history after that offset; if the offset is still inside the "
            "300-message, 10 min window it replays the missed posts and resumes the stream.",
        ),
        (
            members,
            api,
            "If the history no longer reaches back (epoch changed or the gap is too old), the client refetches "
            "the thread's last page instead.",
        ),
        (
            api,
            hot,
            "The page comes from Redis like any other read, so a reconnect storm lands on the cache, not on Postgres.",
        ),
    ],
    description=(
        "Recovery, not retry: no post is lost by a dropped stream, because the history or the page "
        "fills the gap, and the jitter spreads 50 K reconnects over 9 s."
    ),
)

# -- scope ----------------------------------------------------------------------------------------

bp.use_case("Reader", "opens a thread page, signed in or not", mode="read", flow="Read a thread")
bp.use_case("Member", "posts a reply to a thread", mode="write", flow="Post a reply")
bp.use_case(
    "Member", "sees new replies appear in an open thread without reloading", mode="read", flow="Reconnect and catch up"
)
bp.use_case("Moderator", "restores or removes a post the classifiers hid", mode="write", flow="Moderate a post")
bp.use_case("Community admin", "sets a community's moderation thresholds and trust rules")
bp.out_of_scope(
    "Search over posts (part 2)",
    "Notifications, mentions and email digests (part 2)",
    "Private messages",
    "Image upload and transcoding pipeline (images arrive as stored URLs)",
    "Ranking of front pages and hot threads",
)

bp.api(
    "posts a reply to a thread",
    "POST /threads/88123/posts\nIdempotency-Key: 6a1f...\n"
    '{"raw": "Same here on 2.4.1, the fix is in #4410", "reply_to_post_number": 57}',
    '201 Created\n{"post_number": 58, "status": "visible"}  ("held" for new accounts; 429 over the rate)',
)
bp.api(
    "restores or removes a post the classifiers hid",
    'POST /review_items/553201/decision\n{"action": "delete_and_ban", "reason": "spam link farm", "version": 3}',
    '200 OK\n{"post_status": "deleted", "author": "banned"}  (409 if already decided)',
)

# -- targets --------------------------------------------------------------------------------------

bp.target(
    "Thread page",
    flow="Read a thread",
    p50="60 ms",
    p99="250 ms",
    note="The full miss path; a CDN hit ends at step 1 (20 ms p50)",
)
bp.target("Reply accepted", flow="Post a reply", p50="100 ms", p99="400 ms", note="201 after the durable commit")
bp.target(
    "Live delivery",
    "a reply reaches open streams on its thread within 2 s (p99)",
    note="CDC 0.3 s + Kafka 0.05 s + publisher 0.05 s + gateway fan-out 0.2 s = 0.6 s at p50",
)
bp.target(
    "Flagged post hidden",
    "within 60 s of posting (p99)",
    note="CDC 0.3 s + classifier 0.04 s + hide commit, then a purge the debounce delays by at most 5 s",
)
bp.target("Posting availability", flow="Post a reply", availability="99.9%", note="43 min a month")
bp.target(
    "Reading availability",
    flow="Read a thread",
    availability="99.8%",
    note="The CDN's own 99.9% caps it; stale pages served while origin is down are not counted, so readers see more",
)
bp.target(
    "Post durability",
    flow="Post a reply",
    rpo="0 s",
    rto="60 s",
    note="Each shard commits to a synchronous standby",
    accepted_miss="The write gate's rate-limit buckets live in Redis and may reset on a failover: members "
    "briefly get a fresh bucket, no post is lost",
)
bp.target(
    "Review wait",
    "p50 < 1 h, p99 < 8 h from hide to human decision",
    note="Little's law over the review queue; staffed to keep ~{review_backlog} items waiting",
)

# -- assumptions and load model -------------------------------------------------------------------

bp.quantity(
    "views",
    "500e6 pages/day",
    "Page views",
    basis="Planning value for a large forum network (tens of millions of monthly readers), 2025",
)
bp.quantity(
    "view_peak",
    "3.5",
    "Peak factor, page views",
    basis="Evening peak ~2x the daily mean, x ~1.75 when a breaking-news thread goes viral; planning value",
)
bp.quantity(
    "anon_share", "80 %", "Anonymous share of views", basis="Planning value: forums are read far more than posted"
)
bp.quantity("cdn_hit", "90 %", "CDN hit ratio, anonymous pages", basis="60 s TTL with stale-while-revalidate")
bp.quantity("redis_hit", "85 %", "Redis hit ratio for page JSON", basis="5 min TTL, deleted on each new reply")
bp.quantity(
    "posts_day", "1e6 messages/day", "Posts (replies and new threads)", basis="Planning value; 1 post per 500 views"
)
bp.quantity(
    "post_peak",
    "8",
    "Peak factor, posts",
    basis="Posts burst harder than reads: live events and outages draw reply storms; planning value",
)
bp.quantity(
    "api_node",
    "150 req/s/node",
    "Forum API capacity per node",
    basis="Puma, 4 processes x 5 threads, ~130 ms of CPU per rendered miss; load test value",
)
bp.quantity("headroom", "70 %", "Target utilisation", basis="Leaves room for one AZ of nodes to fail")
bp.quantity(
    "connections",
    "500e3 sessions",
    "Open SSE streams at peak",
    basis="Planning value: ~5% of the peak hour's distinct readers keep a thread open",
)
bp.quantity(
    "per_gateway",
    "50e3 sessions/node",
    "Streams per gateway node",
    basis="Centrifugo's 2020 benchmark: 1 M WebSocket connections on 20 pods",
)
bp.quantity(
    "watchers", "40 sessions/message", "Live watchers per post", basis="Mean open streams on a thread that gets a reply"
)
bp.quantity(
    "req_per_page", "1 req/page", "Origin requests per missed page", basis="One HTML request; assets are static"
)
bp.quantity("page_bytes", "60 KB/page", "Thread page, compressed", basis="20 posts of HTML + markup, gzip")
bp.quantity("flag_share", "2 %", "Posts hidden for review", basis="Classifier threshold set to flag ~2% of posts")
bp.quantity(
    "review_time", "30 s/message", "Human time per review item", basis="Median moderator handling time; planning value"
)
bp.quantity("review_wait", "1 h", "Mean wait in the review queue", basis="The review-wait target at p50")
bp.quantity("retention", "3 year", "Horizon for post storage", basis="Posts are kept forever; sized for 3 years")
bp.quantity("copies", "3", "Copies of each shard", basis="Primary, synchronous standby, async read replica")
bp.quantity(
    "hot_threads", "200e3 keys", "Page-JSON keys kept hot", basis="Threads with a reply in the last 24 h x ~1 page"
)
bp.quantity("page_json", "30 KB/key", "Page JSON in Redis", basis="20 rendered posts, uncompressed")

bp.table(
    "posts",
    primary_key="(community_id, thread_id, post_number)",
    fields=[
        ("community_id", "int, shard key", 4),
        ("thread_id", "bigint", 8),
        ("post_number", "int", 4),
        ("author_id", "bigint", 8),
        ("reply_to", "int", 4),
        ("status", "smallint: visible, held, hidden, deleted", 2),
        ("score", "int (votes)", 4),
        ("created_at", "timestamptz", 8),
        ("edited_at", "timestamptz", 8),
        ("raw", "Markdown, mean", 600),
        ("cooked", "rendered HTML, mean", 900),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("(author_id, created_at)", "a member's history for profiles, bans and mass-delete of a spammer"),
        (
            "(community_id, created_at) WHERE status = 'held'",
            "the pre-moderation queue of one community without scanning its visible posts",
        ),
    ],
    per="message",
    note="The primary key serves the thread page: 20 consecutive post_numbers in one index range",
)
bp.table(
    "review items",
    primary_key="(community_id, review_id)",
    fields=[
        ("community_id", "int", 4),
        ("review_id", "bigint", 8),
        ("thread_id, post_number", "bigint + int", 12),
        ("reason", "smallint: toxicity, hash, report, new account", 2),
        ("scores", "jsonb", 120),
        ("status", "smallint", 2),
        ("version", "int, optimistic lock", 4),
        ("created_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("(status, created_at)", "moderators take the oldest pending item first")],
    per="entry",
)

bp.derive("avg_views", "views", "Page views, average", unit="pages/s")
bp.derive("peak_views", "views * view_peak", "Page views, peak", unit="pages/s")
bp.derive(
    "origin_rps",
    "peak_views * (anon_share * (1 - cdn_hit) + (1 - anon_share)) * req_per_page",
    "Requests reaching the Forum API at peak",
    unit="req/s",
)
bp.derive("db_reads", "origin_rps * (1 - redis_hit)", "Page reads reaching Postgres replicas", unit="req/s")
bp.derive("api_nodes", "ceil(origin_rps / (api_node * headroom))", "Forum API nodes", unit="nodes", section="fleet")
bp.derive("avg_posts", "posts_day", "Posts, average", unit="messages/s")
bp.derive("peak_posts", "posts_day * post_peak", "Posts, peak", unit="messages/s")
bp.derive(
    "gateways", "ceil(connections / (per_gateway * headroom))", "Live gateway nodes", unit="nodes", section="fleet"
)
bp.derive("pushes", "peak_posts * watchers", "Live deliveries at peak", unit="sessions/s")
bp.derive(
    "cdn_bw",
    "peak_views * anon_share * page_bytes",
    "Anonymous page bandwidth at peak",
    unit="B/s",
    section="bandwidth",
)
bp.derive(
    "post_storage",
    "posts_day * posts_record * retention * copies",
    "Posts over 3 years, 3 copies",
    unit="TB",
)
bp.derive("hot_memory", "hot_threads * page_json", "Redis page JSON", unit="GB", section="memory")
bp.derive("flagged", "posts_day * flag_share", "Posts hidden for review", unit="messages/day")
bp.derive("review_hours", "flagged * review_time", "Human review time", unit="h/day")
bp.derive(
    "review_backlog",
    "flagged * review_wait",
    "Items waiting for review (Little's law)",
    unit="messages",
    section="queues",
)

# -- trade-offs -----------------------------------------------------------------------------------

bp.tradeoff(
    decision="When posts are moderated",
    chosen="Risk tiers: pre-moderate new accounts the gate is unsure of, post-moderate trusted members",
    rejected="Pre-moderate every post, or post-moderate everyone",
    why=(
        "Pre-moderating all 1 M posts/day at 30 s each is ~8,300 review-hours/day against {review_hours} for "
        "the flagged 2%; post-moderating everyone leaves a new account's spam live for the {review_wait} review wait"
    ),
    cost="A new member's first posts wait for review; a trusted account that turns abusive is caught after the fact",
    revisit_when="held posts from new accounts exceed 10% of all posts, or their median wait passes 4 h",
)
bp.tradeoff(
    decision="How live replies reach open threads",
    chosen="Push over SSE through Centrifugo channels with history and offset recovery",
    rejected="Each open page polls the thread for new posts every 10 s",
    why=(
        "{connections} polling every 10 s is 50 K req/s, 2.5x the page-view peak, with 5 s mean delay; push "
        "costs {gateways} and {pushes}"
    ),
    cost="A stateful tier to run, reconnect storms when a node dies, and channel history in Redis",
    revisit_when="open streams fall under 50 K (polling then costs 5 K req/s) or a node tops 100 K streams",
)
bp.tradeoff(
    decision="What the CDN caches",
    chosen="Whole pages for anonymous readers only (60 s TTL, soft purge by surrogate key, debounced 5 s)",
    rejected="Per-user fragment assembly at the edge (ESI) for every reader",
    why=(
        "Anonymous views are 80% of {peak_views}; whole-page hits cut origin to {origin_rps}, while "
        "fragments would add a per-user origin call to every view"
    ),
    cost="Signed-in readers always reach origin; anonymous readers may see a page up to 5 s behind",
    revisit_when="signed-in views pass 50% of traffic, or origin requests pass 10 K/s",
)
bp.tradeoff(
    decision="How a committed post reaches the consumers",
    chosen="Transactional outbox row, captured from the WAL into Kafka",
    rejected="The API publishes to Redis pub/sub and calls the CDN right after commit (dual write)",
    why=(
        "A crash between commit and publish loses the push, the purge and the moderation check; at "
        "{peak_posts} even a 0.01% loss is one unchecked post every ~2 min"
    ),
    cost="About 300 ms more to live delivery, and a CDC pipeline (Debezium, Kafka) to operate",
    revisit_when="live delivery p99 must fall under 500 ms, or posts exceed 10 K/s per shard",
)

# -- failure modes --------------------------------------------------------------------------------

bp.failure(
    failure="A live gateway node dies",
    detection="open streams on a node drop > 20% in 10 s; reconnects fleet-wide > 5 K/s",
    blast_radius="~50 K open threads freeze until their browsers reconnect; posting and reading are unaffected",
    mitigation=(
        "jittered 1-10 s reconnects to the other nodes, recovery from channel history or a page refetch; "
        "streams whole again in < 15 s"
    ),
)
bp.failure(
    failure="Classifier outage or slowdown",
    detection="moderation consumer lag > 60 s, or classifier error rate > 5% for 2 min",
    blast_radius=(
        "trusted members' posts stay visible unchecked; new accounts' held posts stay held; the flagged-post "
        "target is missed"
    ),
    mitigation=(
        "fail open for trusted members, closed for new accounts; tighten the gate's spam threshold; the "
        "4 workers drain 1 h of backlog at 10x the post rate in ~6 min after recovery"
    ),
)
bp.failure(
    failure="A Posts DB shard primary fails",
    detection="Patroni loses the leader key; commit errors on the shard > 1% for 10 s",
    blast_radius=(
        "posts and moderation decisions in that shard's communities (1 in 8) fail for the failover; "
        "pages keep coming from the CDN and Redis"
    ),
    mitigation=(
        "Patroni promotes the synchronous standby, no post lost, in ~30 s; clients retry with the same Idempotency-Key"
    ),
)
bp.failure(
    failure="Purge storm on a viral thread",
    detection="origin requests for one thread > 500/s, or CDN hit ratio < 70% for 5 min",
    blast_radius="origin render load for that thread's community; other communities keep their hit ratio",
    mitigation=(
        "the 5 s per-key debounce and soft purge keep one revalidation per POP; raise the debounce to 30 s "
        "for the thread by flag, effective in < 1 min"
    ),
)
bp.failure(
    failure="Hot cache (Redis) shard fails over",
    detection="Redis errors > 1% for 10 s; Postgres replica reads > 3x baseline",
    blast_radius=(
        "page JSON and channel history on that shard are cold; rate-limit buckets reset; replicas take the misses"
    ),
    mitigation=(
        "replica promoted in ~15 s; misses refill the keys within one 5 min TTL; recovering clients "
        "fall back to a page refetch"
    ),
)

# -- scaling path ---------------------------------------------------------------------------------

bp.scaling(
    at="10x (200 K page views/s, 5 M open streams)",
    breaks=(
        "origin first: 10 x {origin_rps} needs ~10 x {api_nodes}; the live tier needs ~10 x {gateways} and "
        "Centrifugo's Redis broker carries 10 x {pushes}"
    ),
    next_move=(
        "cache signed-in pages for 5 s per (thread, page) and fetch user state separately; shard "
        "Centrifugo's Redis by channel; add classifier GPUs with the post rate"
    ),
)
bp.scaling(
    at="100x (10 K posts/s at peak)",
    breaks=(
        "8 Postgres shards each take ~1,000 post transactions/s plus reply-count updates on hot threads; "
        "human review reaches 100 x {review_hours}"
    ),
    next_move=(
        "split to 64 shards by community with a directory, move reply counts to Redis counters flushed "
        "every 10 s, and auto-remove at classifier scores > 0.98 so humans see only the uncertain band"
    ),
)

# -- references -----------------------------------------------------------------------------------

bp.reference(
    "Discourse: trust levels",
    "The model for risk tiers: new users are limited and reviewed, trusted ones are not.",
    url="https://blog.discourse.org/2018/06/understanding-discourse-trust-levels/",
)
bp.reference(
    "Centrifugo documentation: history and recovery",
    "Channel history with offset and epoch that lets a reconnecting client get missed publications.",
    url="https://centrifugal.dev/docs/server/history_and_recovery",
)
bp.reference(
    "Centrifugo: Million connections with Centrifugo (2020)",
    "1 M WebSocket connections on 20 pods with a sharded Redis engine; the per-node figure here.",
    url="https://centrifugal.dev/blog/2020/02/10/million-connections-with-centrifugo",
)
bp.reference(
    "Fastly: Purging with surrogate keys",
    "Tagging pages with keys and purging a thread's pages in one call; soft purge marks them stale.",
    url="https://www.fastly.com/documentation/guides/full-site-delivery/purging/purging-with-surrogate-keys",
)
bp.reference(
    "Debezium: Outbox Event Router",
    "Routes outbox rows captured from the WAL to Kafka topics, keyed by aggregate id.",
    url="https://debezium.io/documentation/reference/stable/transformations/outbox-event-router.html",
)
bp.reference(
    "Unitary: Detoxify",
    "Open-source toxicity classifiers trained on the Jigsaw toxic-comment data sets.",
    url="https://github.com/unitaryai/detoxify",
)
bp.reference(
    "Meta ThreatExchange: PDQ perceptual hash",
    "Image hashing for matching uploads against lists of known abusive images.",
    url="https://github.com/facebook/ThreatExchange/tree/main/pdq",
)
bp.reference(
    "MDN: Server-sent events",
    "EventSource, automatic reconnection and Last-Event-ID.",
    url="https://developer.mozilla.org/en-US/docs/Web/API/Server-sent_events",
)

bp.key_numbers("peak_views", "origin_rps", "peak_posts", "connections", "review_hours")

BLUEPRINT = bp.build()
