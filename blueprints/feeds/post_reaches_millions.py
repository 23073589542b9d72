"""How a single post reaches millions: one post by an author with 5 M followers, followed stage by
stage with the bytes each stage moves and the time it takes. The 2 MB photo goes straight to S3 on a
pre-signed URL and a function cuts a 150 KB feed rendition; the 1 KB post commits to Postgres and one
1 KB event to Kafka (about 50 ms for the author); fan-out writes 5 M x 24 B = 120 MB of feed entries
in about 5 s; push notifications go to the most engaged 10%, paced by FCM's per-project quota; then
the read wave: a million opens in ten minutes, served from the feed cache and the CDN.

How it differs from its two neighbours in this category: `twitter-timeline-writes` decides which
authors are pushed and merges the rest at read time; `fan-out-on-write` draws the fan-out pipeline's
internals (lanes, backpressure, rebuild) and has no media, CDN or notifications. Here the fan-out is
one box among seven stages, and the subject is the end-to-end budget: payload and latency per stage,
and which stage sets the time a follower first sees the post.
"""

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "post-reaches-millions",
    title="How a Single Post Reaches Millions",
    category="feeds",
    learn="Per-stage payloads & latency math for fan-out",
    promise=(
        "Take one post from a 5 M-follower author to every follower's feed in about 5 s and to the 500 K "
        "most engaged phones in under 30 s, with the author waiting p99 < 300 ms and the million-open "
        "read wave served 99% from the CDN."
    ),
)

# -- components ------------------------------------------------------------------------------------

author = bp.component(
    "author",
    "mobile-client",
    "Author's app",
    tech="iOS / Android",
    responsibility="Uploads the photo to S3 itself, then posts 1 KB of JSON",
)
phones = bp.component(
    "phones",
    "mobile-client",
    "Followers' phones",
    tech="5 M devices",
    responsibility="Get a push or refresh the feed; load the image from the CDN",
)

with bp.group("Edge", kind="tier"):
    lb = bp.component(
        "lb",
        "load-balancer",
        "Load balancer",
        tech="AWS ALB",
        managed="AWS",
        availability=0.9999,
        responsibility="TLS, routes /posts and /feed to the API fleets",
    )
    cdn = bp.component(
        "cdn",
        "cdn",
        "CDN",
        tech="CloudFront + Origin Shield",
        managed="AWS",
        availability=0.9999,
        responsibility="Serves the 150 KB rendition; one shield region collapses edge misses",
    )

with bp.group("Write stage", kind="tier"):
    post_api = bp.component(
        "post-api",
        "service",
        "Post API",
        tech="Go",
        replicas=12,
        responsibility="Signs upload URLs; commits the post and produces its event",
    )
    posts_db = bp.component(
        "posts-db",
        "relational-db",
        "Posts DB",
        tech="Postgres 16",
        replicas=2,
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="The post row (1 KB) with the media key; sync standby",
    )
    resizer = bp.component(
        "resizer",
        "function",
        "Rendition maker",
        tech="AWS Lambda",
        managed="AWS",
        availability=0.9995,
        responsibility="On upload: 2 MB original to a 150 KB WebP feed rendition",
    )

with bp.group("Delivery stages", kind="tier"):
    events = bp.component(
        "events",
        "stream",
        "post-created",
        tech="Kafka, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="One 1 KB event per post; fan-out and notifier consume it independently",
    )
    fanout = bp.component(
        "fanout",
        "worker",
        "Fan-out workers",
        tech="Go",
        replicas=100,
        responsibility="Write the post id into each follower's feed at 1 M inserts/s",
    )
    notifier = bp.component(
        "notifier",
        "worker",
        "Notifier",
        tech="Go, HTTP/2",
        replicas=20,
        responsibility="Picks the most engaged 10%; sends APNs and FCM under their limits",
    )

with bp.group("Read stage", kind="tier"):
    feed_api = bp.component(
        "feed-api",
        "service",
        "Feed API",
        tech="Go",
        replicas=20,
        responsibility="Returns the newest 50 entries, hydrated: 30 KB of JSON",
    )
    feed_cache = bp.component(
        "feed-cache",
        "cache",
        "Feed caches",
        tech="Redis Cluster",
        replicas=40,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="feed:{user} sorted sets of 24 B entries; also follower lists by author",
    )

media = bp.component(
    "media",
    "object-store",
    "Media bucket",
    tech="S3",
    managed="AWS",
    availability=0.9999,
    responsibility="Originals and renditions; the CDN's origin",
)
push = bp.component(
    "push",
    "push-provider",
    "APNs / FCM",
    tech="Apple and Google push",
    managed="Apple / Google",
    availability=0.999,
    responsibility="Deliver the notification to the device, 0.5-5 s later",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(author, media, "PUT 2 MB photo")
bp.link(author, lb, "POST /posts 1 KB")
bp.link(lb, post_api, "route")
bp.link(post_api, posts_db, "INSERT post")
bp.link(post_api, events, "1 KB event", nature="async")
bp.link(media, resizer, "ObjectCreated", nature="async")
bp.link(resizer, media, "150 KB WebP")
bp.link(events, fanout, "consume", nature="async")
bp.link(fanout, feed_cache, "ZADD 24 B x 5 M", figure="feed_bytes")
bp.link(events, notifier, "consume", nature="async")
bp.link(notifier, push, "HTTP/2 sends", figure="push_rate")
bp.link(push, phones, "notification", nature="async")
bp.link(phones, lb, "GET /feed", figure="wave_rps")
bp.link(lb, feed_api, "route")
bp.link(feed_api, feed_cache, "ZREVRANGE + bodies")
bp.link(phones, cdn, "GET 150 KB image", figure="cdn_bw")
bp.link(cdn, media, "miss to origin")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Upload photo",
    [
        (author, lb, "The app asks for an upload slot: POST /media returns a 5-min pre-signed URL.", "40 ms", "150 ms"),
        (lb, post_api, "The Post API signs a PUT for media/{uuid}.jpg; no bytes pass through it.", "3 ms", "10 ms"),
        (author, media, "The app PUTs the 2 MB photo straight to S3: about 1.6 s on a 10 Mbit/s uplink."),
        (media, resizer, "S3 emits ObjectCreated, which invokes the function."),
        (resizer, media, "It writes a 1080 px WebP of about 150 KB next to the original in about 400 ms."),
    ],
    mode="write",
    description="2 MB never crosses the API tier; the rendition is ready before the post is submitted.",
)

bp.flow(
    "Create post",
    [
        (author, lb, "The app sends POST /posts: text, media key, 1 KB of JSON.", "40 ms", "150 ms"),
        (lb, post_api, "The ALB routes it to a Post API replica.", "2 ms", "5 ms"),
        (post_api, posts_db, "The post row commits once the sync standby has its WAL.", "5 ms", "25 ms"),
        (post_api, events, "A 1 KB event is produced with acks=all; then the author gets 201.", "8 ms", "30 ms"),
    ],
    critical=True,
    mode="write",
    description="The only stage the author waits for: about 50 ms from the load balancer on.",
)

bp.flow(
    "Fan-out",
    [
        (events, fanout, "Fan-out workers pick up the event about 100 ms after the commit."),
        (
            fanout,
            feed_cache,
            "They page the 5 M followers and write a 24 B entry each: 120 MB in about 5 s at 1 M inserts/s.",
        ),
    ],
    description="Followers get the post in the order their page is processed: 0 to 5 s after the commit.",
)

bp.flow(
    "Notify",
    [
        (events, notifier, "The notifier reads the same event on its own consumer group."),
        (
            notifier,
            push,
            "It picks the 500 K most engaged followers and sends 1 KB each: iOS at 40 K/s, Android at 9 K/s.",
        ),
        (push, phones, "APNs and FCM deliver to the devices 0.5-5 s later; a 429 backs off with jitter."),
    ],
    description="FCM's per-project quota, not our senders, sets this stage's length: about 25 s.",
)

bp.flow(
    "Read wave",
    [
        (phones, lb, "1 M followers open the app over 10 min: about 1.7 K feed reads/s.", "40 ms", "150 ms"),
        (lb, feed_api, "Each read goes to the Feed API.", "2 ms", "5 ms"),
        (feed_api, feed_cache, "The top 50 ids and bodies come from Redis: 30 KB of JSON back.", "3 ms", "15 ms"),
        (phones, cdn, "The app loads the 150 KB rendition from the nearest edge.", "20 ms", "120 ms"),
        (cdn, media, "Only edge misses the shield cannot answer reach S3: under 1% of requests.", "30 ms", "120 ms"),
    ],
    mode="read",
    description="The herd the push creates: 150 GB of images in 10 min, 99% from the CDN.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Author", "uploads a photo for a post", mode="write", flow="Upload photo")
bp.use_case("Author", "publishes a post to 5 M followers", mode="write", flow="Create post")
bp.use_case("Follower", "finds the post in the home feed", mode="read", flow="Read wave")
bp.use_case("Engaged follower", "gets a push notification about the post", flow="Notify")
bp.use_case("Fan-out stage", "puts the post id into 5 M feeds", flow="Fan-out")
bp.out_of_scope("Ranking", "Video", "Comments and likes on the post", "Pull for authors over 10 M followers")

# -- targets ---------------------------------------------------------------------------------------

bp.target("Author's wait", flow="Create post", p50="60 ms", p99="300 ms", note="Until the 201")
bp.target("Feed read in the wave", flow="Read wave", p50="120 ms", p99="450 ms", note="Feed JSON plus the image")
bp.target(
    "In every feed",
    "<= 6 s after the commit",
    note="{visible_worst}: commit, 100 ms queue, then {fanout_time} of fan-out",
)
bp.target("Engaged phones notified", "<= 30 s after the commit", note="{notify_time}, set by the FCM quota")
bp.target("Post availability", flow="Create post", availability="99.95%")
bp.target("Post durability", flow="Create post", rpo="0 s", rto="30 s", note="Sync standby; Kafka acks=all")
bp.target(
    "Fan-out throughput",
    flow="Fan-out",
    throughput="1000000 entries/s",
    capacity="fanout_capacity",
    note="Insert rate the 5 s figure assumes",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "feed_entry",
    primary_key="feed:{user_id}, member post_id",
    fields=[("post_id", "int64", 8), ("author_id", "int64", 8), ("created_at", "int64 ms", 8)],
    indexes=[("score = created_at", "newest-first range reads and trimming to 500")],
    per="entry",
)
bp.table(
    "posts",
    primary_key="post_id",
    fields=[
        ("post_id", "bigint", 8),
        ("author_id", "bigint", 8),
        ("text", "varchar, avg", 280),
        ("media_key", "text", 64),
        ("created_at", "timestamptz", 8),
        ("counters + flags", "ints", 40),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("(author_id, created_at DESC)", "the author's profile and feed rebuilds read newest posts first")],
    per="event",
)
bp.api(
    "uploads a photo for a post",
    'POST /media\n{"content_type": "image/jpeg", "bytes": 2097152}',
    '200 OK\n{"media_key": "media/7f3c.jpg", "upload_url": "https://...s3...?X-Amz-Signature=...", "expires_in": 300}',
)
bp.api(
    "publishes a post to 5 M followers",
    'POST /posts\n{"text": "tour dates are out", "media_key": "media/7f3c.jpg"}',
    '201 Created\n{"post_id": "1867001", "created_at": "2026-06-01T18:00:00Z"}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("followers", "5e6 users", "The author's followers", basis="Example account")
bp.quantity("insert_rate", "1e6 entries/s", "Fan-out insert rate for one post", basis="Cluster share, planning value")
bp.quantity("per_worker", "20e3 entries/s/node", "Inserts per fan-out worker", basis="Pipelined, load-test value")
bp.quantity("commit", "50 ms", "Author-side write", basis="API 20 + DB 5 + Kafka acks=all 5-10 ms, plus hops")
bp.quantity("queue_delay", "100 ms", "Consumer pick-up", basis="Kafka poll and batching")
bp.quantity("notify_share", "10 %", "Followers notified", basis="Most engaged decile (planning value)")
bp.quantity("push_bytes", "1 KB/pushes", "Notification payload", basis="APNs limit 4 KB; ours about 1 KB")
bp.quantity("android_share", "45 %", "Android share of the audience", basis="Assumption: a US audience, 2024")
bp.quantity("ios_rate", "40e3 pushes/s", "APNs send rate", basis="20 HTTP/2 connections x 2 K/s (planning value)")
bp.quantity("android_rate", "9e3 pushes/s", "FCM send rate", basis="Paced at 90% of the FCM quota")
bp.quota(
    "fcm_quota",
    "10e3 pushes/s",
    "FCM HTTP v1 quota",
    basis="Firebase default: 600 K messages per minute per project",
    load="android_rate",
)
bp.quantity("open_share", "20 %", "Followers opening in the wave", basis="Planning value")
bp.quantity("wave", "10 min", "Read wave length", basis="Most opens follow the push by minutes")
bp.quantity("feed_json", "30 KB/req", "Feed response", basis="50 entries with bodies, gzip")
bp.quantity("image_bytes", "150 KB/req", "Feed rendition", basis="1080 px WebP")
bp.quantity("hit_rate", "99 %", "CDN hit rate", basis="One object, Origin Shield; planning value")
bp.quantity("peak_factor", "1", "Peak over average within the wave", basis="The wave is already the peak")
bp.quantity("post_bytes", "1 KB", "Post JSON and event", basis="Text, ids, media key")

bp.derive("feed_bytes", "followers * feed_entry_record * entries / users", "Feed bytes written", unit="MB")
bp.derive("fanout_time", "followers * entries / users / insert_rate", "Fan-out stage", unit="s", section="time")
bp.derive("fanout_workers", "ceil(insert_rate / per_worker)", "Fan-out workers busy", unit="nodes", section="fleet")
bp.derive("fanout_capacity", "fanout_workers * per_worker", "Fan-out capacity", unit="entries/s")
bp.derive("visible_worst", "commit + queue_delay + fanout_time", "Last follower's feed", unit="s", section="time")
bp.derive("pushes", "followers * notify_share * pushes / users", "Notifications", unit="pushes")
bp.derive("push_volume", "pushes * push_bytes", "Notification bytes", unit="MB")
bp.derive("android_time", "pushes * android_share / android_rate", "Android sends", unit="s", section="time")
bp.derive("ios_time", "pushes * (1 - android_share) / ios_rate", "iOS sends", unit="s", section="time")
bp.derive("notify_time", "max(android_time, ios_time)", "Notify stage", unit="s", section="time")
bp.derive("push_rate", "android_rate + ios_rate", "Peak send rate", unit="pushes/s")
bp.derive("opens", "followers * open_share * req / users", "Opens in the wave", unit="req")
bp.derive("wave_rps", "opens / wave * peak_factor", "Feed reads in the wave", unit="req/s")
bp.derive("feed_bw", "wave_rps * feed_json", "Feed JSON egress", unit="MB/s")
bp.derive("cdn_bytes", "opens * image_bytes", "Image bytes from the CDN", unit="GB")
bp.derive("cdn_bw", "cdn_bytes / wave", "CDN egress", unit="Gbit/s")
bp.derive("origin_bytes", "cdn_bytes * (1 - hit_rate)", "Image bytes from S3", unit="GB")
bp.derive(
    "in_flight_reads", "wave_rps * 0.05 * s", "Feed reads in flight (Little, 50 ms)", unit="req", section="queues"
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Media path",
    chosen="Pre-signed PUT straight to S3; a function makes the rendition",
    rejected="Upload through the Post API",
    why="2 MB per post through the API tier is 2,000x the 1 KB post; it would hold a connection 1.6 s per upload",
    cost="A second request, orphaned uploads to expire with a 1-day lifecycle rule",
    revisit_when="Uploads need server-side scanning before they are stored, or photos fall under 100 KB",
)
bp.tradeoff(
    decision="Who gets a push",
    chosen="The most engaged 10% ({pushes}), paced under the FCM quota",
    rejected="Notify all 5 M followers",
    why="5 M pushes at 9 K/s on Android is over 4 min, and a herd 10x larger than the {wave_rps} wave",
    cost="90% of followers find the post only when they next open the app",
    revisit_when="FCM quota raised past 100 K/s, or push open rates fall under 2%",
)
bp.tradeoff(
    decision="CDN fill",
    chosen="Lazy fill behind Origin Shield",
    rejected="Pre-warming renditions at every edge",
    why=(
        "One object at {hit_rate} hit rate leaves {origin_bytes} for S3; pre-warming 400+ edges costs "
        "more than it saves"
    ),
    cost="The first viewer at each edge waits one shield fetch (about 30-120 ms)",
    revisit_when="Origin egress per post passes 20 GB, or first-view p99 passes 500 ms",
)
bp.tradeoff(
    decision="Fan-out for this author",
    chosen="Push all 5 M entries at 1 M inserts/s",
    rejected="Pull at read time (the celebrity hybrid)",
    why="{fanout_time} fits the in-every-feed goal and writes only {feed_bytes}; pull would add a merge to every read",
    cost="{fanout_workers} workers busy for 5 s per such post",
    revisit_when="Followers pass 10 M, where fan-out passes 10 s",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="FCM throttles (HTTP 429) mid-send",
    detection="429 rate > 1% of sends for 30 s",
    blast_radius="Android notifications only; feeds and iOS unaffected",
    mitigation="Honour Retry-After with jittered backoff and halve the rate; the send finishes within 2 min",
)
bp.failure(
    failure="Fan-out workers lag",
    detection="Consumer lag > 10 s on post-created",
    blast_radius="Followers see the post late; the author and the notifier are unaffected",
    mitigation="Autoscale workers from the lag; a 5 M-entry post completes within 30 s",
)
bp.failure(
    failure="The Posts DB primary fails",
    detection="Patroni leader key expires (30 s TTL)",
    blast_radius="New posts fail for up to 30 s; reads from caches continue",
    mitigation="Promote the sync standby (RPO 0); the app retries with the same post id; writes resume in 30 s",
)
bp.failure(
    failure="The rendition function fails on the photo",
    detection="Renditions missing 10 s after upload; Lambda errors > 1%",
    blast_radius="This post shows the 2 MB original, 13x the bytes, until retried",
    mitigation="The S3 event retries twice; a sweeper re-runs missing renditions within 5 min",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (a 50 M-follower author)",
    breaks="Fan-out takes 50 s at 1 M inserts/s; the wave is 17 K reads/s and 20 Gbit/s of images",
    next_move="Pull this author at read time instead of pushing; pre-position renditions at the shield",
)
bp.scaling(
    at="100x (many such posts at once)",
    breaks="Feed writes and push quotas are shared: simultaneous big posts queue behind each other",
    next_move="Per-author fan-out budgets, multiple FCM projects by region, and a push digest",
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Amazon S3: Uploading objects with presigned URLs",
    "Direct client uploads",
    url="https://docs.aws.amazon.com/AmazonS3/latest/userguide/PresignedUrlUploadObject.html",
)
bp.reference(
    "Amazon CloudFront: Using Origin Shield",
    "One regional cache in front of the origin",
    url="https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/origin-shield.html",
)
bp.reference(
    "Firebase: Throttling and quotas for FCM",
    "Per-project send quota and 429 handling",
    url="https://firebase.google.com/docs/cloud-messaging/throttling-and-quotas",
)
bp.reference(
    "Apple: Sending notification requests to APNs",
    "HTTP/2 provider API and its 4 KB payload limit",
    url="https://developer.apple.com/documentation/usernotifications/sending-notification-requests-to-apns",
)
bp.reference(
    "High Scalability: The Architecture Twitter Uses to Deal with 150M Active Users",
    "Fan-out of a 31 M-follower account took up to 5 min",
    url="http://highscalability.com/blog/2013/7/8/the-architecture-twitter-uses-to-deal-with-150m-active-users.html",
)

bp.key_numbers("feed_bytes", "fanout_time", "notify_time", "wave_rps", "cdn_bw")

BLUEPRINT = bp.build()
