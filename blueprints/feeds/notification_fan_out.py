"""Notification fan-out to 10M devices: a campaign is a segment, not a loop. A resolver streams a precomputed
segment file, drops opted-out and quiet-hours devices, and writes 1,000-token batches (the payload template
once, the tokens after it) to per-platform Kafka topics; sender pools keep long-lived HTTP/2 connections to
APNs and FCM and pace themselves under FCM's 600K messages/min project quota, so a broadcast is spread over
10 minutes instead of fired in one. Provider answers drive three loops: 429/503 into a delayed retry topic,
410 / UNREGISTERED into a token janitor, and every outcome into a delivery log the campaign stats read.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "notification-fan-out",
    title="Scaling Notification Fan-Out to 10M Devices",
    category="feeds",
    learn="Mobile push, batching, delivery guarantees",
    promise=(
        "Hand a campaign for 10M devices to APNs and FCM within 10 min without crossing FCM's 10K messages/s "
        "quota, and a single-user push to the provider in p99 < 5 s, with each device notified at most once "
        "per campaign."
    ),
)

# -- components ------------------------------------------------------------------------------------

marketer = bp.component(
    "marketer",
    "operator",
    "Campaign console",
    tech="Internal web app",
    responsibility="Marketers pick a segment, a template and a send window, then watch delivery stats",
)
backends = bp.component(
    "backends",
    "external-client",
    "Product backends",
    tech="Orders, chat, payments",
    responsibility="Trigger one-user pushes (order shipped, new message) with a dedupe key",
)
devices = bp.component(
    "devices",
    "mobile-client",
    "10M devices",
    tech="iOS 50% / Android 50%",
    responsibility="Register a push token at launch; receive notifications; open the app from them",
)

with bp.group("Notify services", kind="tier"):
    api = bp.component(
        "api",
        "service",
        "Notify API",
        tech="Go",
        replicas=4,
        responsibility="Accepts campaigns, one-user pushes and token updates; serves campaign stats",
    )
    resolver = bp.component(
        "resolver",
        "worker",
        "Audience resolver",
        tech="Go, 16 shards",
        replicas=16,
        responsibility="Expands a job (a segment shard or one user) to tokens, filters prefs and dedupe, emits batches",
    )
    janitor = bp.component(
        "janitor",
        "worker",
        "Token janitor",
        tech="Go",
        replicas=2,
        responsibility="Deletes tokens the providers report dead (410 Unregistered, UNREGISTERED)",
    )

with bp.group("Delivery", kind="tier"):
    batches = bp.component(
        "batches",
        "stream",
        "Send batches",
        tech="Kafka, 2 topics x 32 partitions",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="apns.send and fcm.send topics keyed by device range; RF 3, min.insync.replicas 2",
    )
    retry = bp.component(
        "retry",
        "queue",
        "Retry + DLQ",
        tech="Kafka retry topics",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Delayed topics at 30 s and 5 min (not_before header), then a dead-letter topic",
    )
    apns_tx = bp.component(
        "apns-tx",
        "worker",
        "APNs senders",
        tech="Go, HTTP/2",
        replicas=4,
        lane="data",
        responsibility="Pool of HTTP/2 connections to APNs with a JWT provider token refreshed every 40 min",
    )
    fcm_tx = bp.component(
        "fcm-tx",
        "worker",
        "FCM senders",
        tech="Go, FCM HTTP v1",
        replicas=4,
        lane="data",
        responsibility="Paces itself with a shared token bucket under the project's 600K messages/min quota",
    )


with bp.group("Device state", kind="tier"):
    prefs = bp.component(
        "prefs",
        "cache",
        "Prefs + dedupe",
        tech="Redis Cluster",
        replicas=6,
        topology=single_writer(async_standbys=1, failover="15 s"),
        responsibility="Opt-outs, quiet hours and per-user caps; SET NX campaign:device keys kept 48 h",
    )
    segments = bp.component(
        "segments",
        "object-store",
        "Segment files",
        tech="S3, nightly Spark",
        managed="AWS",
        availability=0.9999,
        responsibility="Each segment as 16 sorted device-id files, rebuilt nightly from the user warehouse",
    )
    tokens = bp.component(
        "tokens",
        "wide-column-db",
        "Token registry",
        tech="Cassandra, RF 3",
        replicas=6,
        topology=leaderless(3, needed=2),
        responsibility="device_id -> platform, token, locale, time zone; a by-user and a by-token view",
    )
    log = bp.component(
        "log",
        "data-warehouse",
        "Delivery log",
        tech="ClickHouse, 2 replicas",
        replicas=2,
        topology=leaderless(2, needed=1),
        responsibility="One row per send attempt and outcome; feeds campaign stats and token hygiene",
    )


apns = bp.component(
    "apns",
    "push-provider",
    "APNs",
    tech="Apple Push Notification service",
    availability=0.999,
    accepted_risk="Apple runs it and publishes no SLA; when it is down iOS pushes wait in Kafka, Android is unaffected",
    responsibility="Delivers to iOS devices; answers 200, 410 Unregistered, 429 or 503 per push",
)
fcm = bp.component(
    "fcm",
    "push-provider",
    "FCM",
    tech="Firebase Cloud Messaging v1",
    availability=0.999,
    accepted_risk="Google runs it and publishes no SLA; when it is down Android pushes wait in Kafka",
    responsibility="Delivers to Android devices; 429 QUOTA_EXCEEDED above 600K messages/min",
)
monitoring = bp.component(
    "monitoring",
    "monitoring",
    "Metrics + alerts",
    tech="Prometheus + PagerDuty",
    replicas=2,
    role="background",
    responsibility="Consumer lag, provider error ratios, quota use and token churn per campaign",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(marketer, api, "POST /campaigns")
bp.link(backends, api, "POST /notifications")
bp.link(devices, api, "PUT token")
bp.link(api, resolver, "send job", nature="async")
bp.link(api, tokens, "upsert token")
bp.link(api, log, "stats query")
bp.link(resolver, segments, "stream shard")
bp.link(resolver, tokens, "multiget 1K")
bp.link(resolver, prefs, "filter 1K")
bp.link(resolver, batches, "1K-token batch", nature="async", figure="batch_rate")
bp.link(batches, apns_tx, "apns.send", nature="stream")
bp.link(batches, fcm_tx, "fcm.send", nature="stream", figure="fcm_rate")
bp.link(apns_tx, apns, "HTTP/2 POST", label_position="beside")
bp.link(fcm_tx, fcm, "messages:send", label_position="beside")
bp.link(apns, devices, "push", nature="async")
bp.link(fcm, devices, "push", nature="async")
bp.link(fcm_tx, retry, "429/503", nature="async")
bp.link(retry, fcm_tx, "after backoff", nature="stream")
bp.link(apns_tx, log, "outcomes", nature="async")
bp.link(janitor, log, "dead tokens")
bp.link(janitor, tokens, "DELETE token")
bp.link(log, monitoring, "error ratios", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Broadcast",
    [
        (
            marketer,
            api,
            "The marketer starts a campaign for segment 'active_30d' with a 10-minute send window and a "
            "collapse id; the API validates it and answers 202 with the campaign id.",
            "20 ms",
            "80 ms",
        ),
        (api, resolver, "Before answering, the API publishes one job per segment shard (16 jobs) to a jobs topic."),
        (
            resolver,
            segments,
            "Each resolver streams its shard's sorted device-id file (625K ids) in chunks of 1,000.",
        ),
        (
            resolver,
            tokens,
            "It fetches platform, token, locale and time zone for each chunk in one multiget.",
        ),
        (
            resolver,
            prefs,
            "It drops opted-out devices and those inside local quiet hours, and claims campaign:device with "
            "SET NX so a re-run never adds a second send.",
        ),
        (
            resolver,
            batches,
            "It writes one message per 1,000 survivors: the rendered payload once, then the tokens, to "
            "apns.send or fcm.send, paced to finish inside the window.",
        ),
        (
            batches,
            apns_tx,
            "An APNs sender consumes a batch and opens one HTTP/2 stream per token over its pooled connections.",
        ),
        (
            apns_tx,
            apns,
            "Each stream is a POST /3/device/<token> with apns-collapse-id and apns-expiration headers.",
        ),
        (apns, devices, "APNs delivers to the phone, or stores the latest push while it is offline."),
        (
            apns_tx,
            log,
            "The sender records each outcome and commits the batch's Kafka offset only when every token has an answer.",
        ),
    ],
    mode="write",
    description=(
        "The fan-out: one API call becomes 10K batches and 10M provider calls. Only step 1 waits for an "
        "answer; the rest is paced over the send window."
    ),
)

bp.flow(
    "One-user push",
    [
        (
            backends,
            api,
            "The orders service posts 'order shipped' for user 42 with dedupe key order-981:shipped.",
            "10 ms",
            "40 ms",
        ),
        (
            api,
            resolver,
            "The API validates it, writes a one-user job to the priority jobs partition and answers 202.",
            "5 ms",
            "30 ms",
        ),
        (
            resolver,
            prefs,
            "A resolver checks the user's opt-outs and claims the dedupe key with SET NX (48 h).",
            "1 ms",
            "5 ms",
        ),
        (resolver, tokens, "It reads the user's devices from the by-user view: 1.3 on average.", "3 ms", "15 ms"),
        (
            resolver,
            batches,
            "It produces one message per device to a priority partition with acks=all.",
            "5 ms",
            "30 ms",
        ),
        (
            batches,
            fcm_tx,
            "An FCM sender polls priority partitions before any broadcast batch.",
            "20 ms",
            "200 ms",
        ),
        (fcm_tx, fcm, "It calls messages:send with an OAuth 2 access token; FCM accepts.", "60 ms", "400 ms"),
        (fcm, devices, "FCM delivers over the device's persistent connection.", "300 ms", "3 s"),
    ],
    critical=True,
    mode="write",
    description="A transactional push shares the pipeline but jumps the queue: its own partitions, read first.",
)

bp.flow(
    "Throttled by FCM",
    [
        (
            fcm_tx,
            fcm,
            "FCM answers 429 QUOTA_EXCEEDED (quota minutes are rolling) or 503 UNAVAILABLE for part of a batch.",
        ),
        (
            fcm_tx,
            retry,
            "The sender halves its token-bucket rate and republishes only the failed tokens with attempt=2 "
            "and not_before = now + backoff (30 s, jittered +/-20%).",
        ),
        (
            retry,
            fcm_tx,
            "When not_before passes the retry consumer feeds them back; after 4 attempts a token goes to the "
            "dead-letter topic and the campaign counts it as failed.",
        ),
        (fcm_tx, fcm, "The resend succeeds; the rate creeps back up by 5% a minute."),
    ],
    description="Backpressure from the provider slows the sender; Kafka absorbs the rest, so nothing is dropped.",
)

bp.flow(
    "Dead token cleanup",
    [
        (
            apns_tx,
            apns,
            "APNs answers 410 Unregistered with a timestamp: the app was deleted or the token rotated.",
        ),
        (apns_tx, log, "The sender records the outcome as dead, with the token and the 410 timestamp."),
        (janitor, log, "Every minute the janitor reads the dead outcomes recorded since its last run."),
        (
            janitor,
            tokens,
            "The janitor deletes the token unless the device registered a newer one after that timestamp.",
        ),
    ],
    description="Dead tokens cost quota and skew stats: about 3% of a monthly audience goes stale (planning value).",
)

bp.flow(
    "Register token",
    [
        (devices, api, "At every launch the app sends PUT /devices/{id}/token with platform, locale and time zone."),
        (api, tokens, "The API upserts the row when the token or metadata changed.", "3 ms", "15 ms"),
    ],
    mode="write",
    description="Idempotent upsert; a launch that changes nothing costs one read.",
)

bp.flow(
    "Campaign stats",
    [
        (marketer, api, "The console asks for sent, failed, dead-token and open counts of a campaign."),
        (api, log, "A ClickHouse GROUP BY status over the campaign's partition answers in about 200 ms."),
    ],
    mode="read",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Marketer", "broadcasts a campaign to a segment of 10M devices", mode="write", flow="Broadcast")
bp.use_case("Product backend", "pushes one event to one user's devices", mode="write", flow="One-user push")
bp.use_case("App", "registers or refreshes its push token", mode="write", flow="Register token")
bp.use_case("Marketer", "reads a campaign's delivery stats", mode="read", flow="Campaign stats")
bp.out_of_scope(
    "Scheduling campaigns for later (the console holds the schedule)",
    "In-app inbox and email or SMS channels",
    "Segment building itself (the nightly Spark job)",
    "Web push (VAPID)",
    "Rich media hosting for notification images",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "One-user push, trigger to device",
    flow="One-user push",
    p50="500 ms",
    p99="5 s",
    note="The last hop is the provider's; our part (to provider accept) is p99 720 ms",
)
bp.target(
    "Broadcast rate",
    flow="Broadcast",
    throughput="17000 pushes/s",
    capacity="send_capacity",
    note="10M devices in a 10 min window plus the one-user peak",
)
bp.target(
    "Campaign acceptance",
    flow="Broadcast",
    p50="50 ms",
    p99="200 ms",
    availability="99.9%",
    note="202 once the 16 jobs are on the jobs topic, which shares the Kafka cluster (quorum of 3, 10 s failover)",
)
bp.target(
    "Delivery guarantee",
    "At most 1 push per device per campaign; 0 pushes lost between API and provider",
    note="SET NX on campaign:device before enqueue; Kafka RF 3 with acks=all; offsets committed after outcomes",
)
bp.target(
    "Pipeline durability",
    flow="One-user push",
    rpo="0 s",
    rto="15 s",
    accepted_miss="Only the Redis dedupe keys can lose their last writes in a failover, which risks a "
    "duplicate push for a few users, not a lost one; Kafka holds every accepted push",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "devices",
    primary_key="device_id",
    fields=[
        ("device_id", "uuid", 16),
        ("user_id", "bigint", 8),
        ("platform", "tinyint (ios, android)", 1),
        ("push_token", "text (APNs 64 hex, FCM ~163 chars)", 163),
        ("locale", "text", 8),
        ("tz_offset_min", "smallint", 2),
        ("app_version", "int", 4),
        ("updated_at", "timestamp", 8),
        ("row overhead", "Cassandra cell and row metadata", 40),
    ],
    indexes=[
        ("devices_by_user (user_id, device_id)", "a one-user push finds that user's 1-3 devices in one partition"),
        ("devices_by_token (push_token)", "a 410 carries only the token; the janitor maps it back to a device"),
    ],
    per="device",
    note="the two views are denormalised tables written in the same logged batch",
)
bp.table(
    "deliveries",
    primary_key="(campaign_id, device_id, attempt)",
    fields=[
        ("campaign_id", "uuid", 16),
        ("device_id", "uuid", 16),
        ("attempt", "tinyint", 1),
        ("platform", "tinyint", 1),
        ("status", "tinyint (sent, failed, dead, throttled)", 1),
        ("provider_code", "smallint (HTTP status)", 2),
        ("apns_id / fcm name", "uuid", 16),
        ("sent_at", "DateTime64", 8),
    ],
    indexes=[
        ("ORDER BY (campaign_id, status)", "campaign stats read one campaign's rows grouped by status"),
        ("PARTITION BY toDate(sent_at)", "dropping a day past the 90-day retention is a metadata operation"),
    ],
    per="push",
)
bp.api(
    "broadcasts a campaign to a segment of 10M devices",
    'POST /v1/campaigns\n{"segment": "active_30d", "template_id": "spring_sale", "send_window_s": 600,\n'
    ' "collapse_id": "spring-2026", "ttl_s": 3600}',
    '202 Accepted\n{"campaign_id": "c_8f2...", "devices_estimated": 10000000, "finish_by": "2026-04-02T18:10:00Z"}',
)
bp.api(
    "pushes one event to one user's devices",
    'POST /v1/notifications\n{"user_id": 42, "template_id": "order_shipped", "dedupe_key": "order-981:shipped",\n'
    ' "data": {"order_id": 981}}',
    '202 Accepted\n{"notification_id": "n_41c...", "devices": 2}',
)
bp.api(
    "registers or refreshes its push token",
    'PUT /v1/devices/6a1e.../token\n{"platform": "ios", "token": "80f1...c3", "locale": "en-GB", "tz_offset_min": 60}',
    "204 No Content",
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("devices", "10e6 devices", "Registered devices", basis="The case study's audience: one consumer app")
bp.quantity(
    "pushes_per_device",
    "3 pushes/device/day",
    "Pushes per device",
    basis="Planning value (topic notes) for a consumer app, campaigns and transactional together",
)
bp.quantity("peak_factor", "4", "One-user peak over average", basis="Evening peak of order and chat events (planning)")
bp.quantity("ios_share", "50 %", "iOS share of devices", basis="Planning value for a US/EU audience")
bp.quantity("per_campaign", "1 pushes/device", "Pushes per device per campaign", basis="Dedupe key allows one")
bp.quantity("window", "10 min", "Broadcast send window", basis="Set by the FCM quota and the open herd (trade-off 2)")
bp.quantity("batch_size", "1000 pushes/message", "Tokens per Kafka batch", basis="Keeps a batch near 200 KB")
bp.quantity("payload_bytes", "4 KB/push", "Rendered payload, at most", basis="APNs and FCM cap a payload at 4 KB")
bp.quantity("template_bytes", "4 KB/message", "Payload once per batch", basis="The same rendered payload, stored once")
bp.quantity("token_entry", "190 B/push", "Per-token entry in a batch", basis="Device id, token, locale, time zone")
bp.quantity("sender_cap", "4000 pushes/s/node", "One sender node", basis="8 vCPU, JSON + TLS; to confirm by load test")
bp.quantity("headroom", "60 %", "Usable share of a sender", basis="Room for retries and a lost node")
bp.quantity("provider_rtt", "100 ms", "Provider call time", basis="Planning value, us-east-1 to APNs/FCM, p50")
bp.quantity(
    "streams_per_conn",
    "500 pushes/session",
    "Concurrent streams per connection",
    basis="Planning value under APNs' advertised SETTINGS_MAX_CONCURRENT_STREAMS",
)
bp.quantity("open_share", "5 %", "Devices that open within a minute", basis="Planning value (topic notes)")
bp.quantity("open_window", "1 min", "Open window after receipt", basis="Planning value (topic notes)")
bp.quantity("open_calls", "1 req/device", "Backend calls per open", basis="One feed fetch on app open")
bp.quantity("retention", "90 days", "Delivery log retention", basis="Campaign reporting window")
bp.quantity("log_replicas", "2", "Delivery log copies", basis="ClickHouse ReplicatedMergeTree x 2")
bp.quantity("token_replicas", "3", "Token registry copies", basis="Cassandra RF 3")
bp.quota(
    "fcm_quota",
    "10000 pushes/s",
    "FCM downstream quota",
    basis="FCM HTTP v1 default: 600K messages/min per project (Firebase docs, 2025)",
    load="fcm_rate",
)

bp.derive("avg_rate", "devices * pushes_per_device", "Average pushes", unit="pushes/s", section="rates")
bp.derive("one_user_peak", "avg_rate * peak_factor", "One-user peak", unit="pushes/s")
bp.derive("broadcast_rate", "devices * per_campaign / window", "Broadcast rate", unit="pushes/s")
bp.derive("peak_rate", "broadcast_rate + one_user_peak", "Peak send rate", unit="pushes/s")
bp.derive("fcm_rate", "peak_rate * (1 - ios_share)", "Peak to FCM", unit="pushes/s")
bp.derive("apns_rate", "peak_rate * ios_share", "Peak to APNs", unit="pushes/s")
bp.derive("batch_rate", "broadcast_rate / batch_size", "Batches produced", unit="messages/s")
bp.derive("batch_count", "devices * per_campaign / batch_size", "Batches per broadcast", unit="messages")
bp.derive("batch_bytes", "template_bytes + batch_size * token_entry", "One batch", unit="KB/message", section="storage")
bp.derive("broadcast_bytes", "batch_count * batch_bytes", "One broadcast in Kafka", unit="GB")
bp.derive("naive_bytes", "devices * per_campaign * payload_bytes", "Same, payload per push", unit="GB")
bp.derive("token_storage", "devices * devices_record * token_replicas", "Token registry, 3 copies", unit="GB")
bp.derive(
    "log_storage",
    "devices * pushes_per_device * deliveries_record * retention * log_replicas",
    "Delivery log, 90 days x 2",
    unit="GB",
)
bp.derive("send_bw", "batch_rate * batch_bytes", "Kafka ingress at peak", unit="MB/s", section="bandwidth")
bp.derive(
    "apns_senders", "ceil(apns_rate / (sender_cap * headroom))", "APNs sender nodes", unit="nodes", section="fleet"
)
bp.derive("fcm_senders", "ceil(fcm_rate / (sender_cap * headroom))", "FCM sender nodes", unit="nodes")
bp.derive("send_capacity", "(apns_senders + fcm_senders) * sender_cap * headroom", "Sender capacity", unit="pushes/s")
bp.derive("in_flight", "peak_rate * provider_rtt", "Provider calls in flight", unit="pushes", section="queues")
bp.derive("connections", "ceil(in_flight / streams_per_conn)", "HTTP/2 connections needed", unit="sessions")
bp.derive(
    "herd_spread",
    "devices * open_share * open_calls / window",
    "Open herd, 10 min spread",
    unit="req/s",
    section="other",
)
bp.derive("herd_instant", "devices * open_share * open_calls / open_window", "Open herd, sent at once", unit="req/s")
bp.derive("fcm_drain", "devices * (1 - ios_share) * per_campaign / fcm_quota", "Android half at full quota", unit="min")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Addressing",
    chosen="One provider call per device token, rendered per locale, with a dedupe key per campaign and device",
    rejected="FCM topic messaging (one call per topic) and APNs broadcast channels",
    why=(
        "Per-device calls give each device its language, quiet hours and a recorded outcome; a topic is one "
        "call but no per-device status, no dead-token signal and topic fan-out that FCM itself throttles"
    ),
    cost="10M calls per campaign ({broadcast_rate} for 10 min) and {token_storage} of tokens we must keep clean",
    revisit_when="Over 80% of sends are identical, unlocalised broadcasts whose per-device stats nobody reads",
)
bp.tradeoff(
    decision="Send pace",
    chosen="Spread each broadcast over a 10 min window, paced by a token bucket per platform",
    rejected="Fire as fast as the senders can (about 1 min for 10M)",
    why=(
        "FCM allows {fcm_quota}; 5M Android pushes in 1 min would be 83K pushes/s, and a 5% open rate in the "
        "same minute sends {herd_instant} to the feed backend instead of {herd_spread}"
    ),
    cost="The last device hears about the sale up to 10 min after the first; flash sales shorter than that suffer",
    revisit_when="Google raises the project quota past 30K messages/s and the feed tier holds 8K req/s at p99 < 300 ms",
)
bp.tradeoff(
    decision="Audience resolution",
    chosen="Segments precomputed nightly as sorted device-id files in S3, prefs re-checked live at send time",
    rejected="A SQL query over the user table at send time",
    why=(
        "Streaming 16 files of 625K ids reads 160 MB sequentially; a send-time query scans 10M users with "
        "joins on the OLTP replica for minutes while campaigns wait"
    ),
    cost="Segment membership is up to 24 h stale: a user who joined today misses today's campaign",
    revisit_when="More than 20% of campaigns need segments fresher than 1 h (e.g. 'cart abandoned in the last hour')",
)
bp.tradeoff(
    decision="Delivery semantics",
    chosen="At-least-once Kafka plus a SET NX dedupe key per campaign and device before enqueue",
    rejected="Kafka exactly-once transactions from resolver to sender",
    why=(
        "The provider call sits outside any Kafka transaction, so EOS cannot stop a resend after a crash; the "
        "dedupe key does, at 1 Redis call per 1,000 tokens (pipelined) or {batch_rate} batches at peak"
    ),
    cost="A Redis failover can lose seconds of keys, so a re-run batch may push a few users twice",
    revisit_when="A duplicate costs money (paid SMS fallback) or complaints pass 1 per 100K pushes",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="FCM throttles the project (429 QUOTA_EXCEEDED) or is overloaded (503)",
    detection="429 + 503 share of FCM answers > 1% over 1 min; quota use > 90% on the Cloud console metric",
    blast_radius="Android sends of running campaigns slow down; iOS and one-user pushes on priority partitions go on",
    mitigation=(
        "Senders halve their rate (AIMD) and park failed tokens in the 30 s retry topic; quota refills each "
        "rolling minute, so the backlog clears within 2-3 min"
    ),
)
bp.failure(
    failure="A sender node dies mid-batch",
    detection="Consumer-group rebalance event; lag on apns.send or fcm.send > 50K pushes for 2 min",
    blast_radius="The batches that node held (up to 4 x 1,000 tokens) are re-read by another node",
    mitigation=(
        "Offsets commit only after every token in a batch has an outcome, so the batch is re-sent; tokens "
        "already answered are skipped by their delivery-log row; caught up in 30 s"
    ),
)
bp.failure(
    failure="A Redis (Prefs + dedupe) shard primary fails",
    detection="Sentinel/cluster failover event; SET NX error rate > 0.5% for 30 s",
    blast_radius="1 of 3 shards: resolvers and the API pause for those keys; async replication may lose the last ~1 s",
    mitigation=(
        "Resolvers back off and retry (Kafka is untouched); a replica is promoted in 15 s; a lost dedupe key "
        "risks one duplicate for users resolved in that second"
    ),
)
bp.failure(
    failure="APNs rejects every call with 403 ExpiredProviderToken",
    detection="403 share of APNs answers > 0.1% for 1 min",
    blast_radius="All iOS pushes stall in Kafka (half the audience); Android unaffected",
    mitigation=(
        "Senders sign a new JWT every 40 min (APNs accepts 20-60 min) and on any 403; a missing signing key "
        "pages on-call; backlog drains in minutes once calls succeed"
    ),
)
bp.failure(
    failure="Tokens rot faster than the janitor removes them",
    detection="410 + UNREGISTERED share of a campaign > 5%",
    blast_radius="Wasted quota and inflated 'failed' counts; no user impact",
    mitigation="Janitor deletes reported tokens within 1 min; devices unseen for 270 days are purged nightly",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (100M devices)",
    breaks=(
        "At the default quota 50M Android pushes take 83 min (10 x {fcm_drain}); token registry grows to "
        "10 x {token_storage} over 3 copies. Resolvers read 1.6 GB of segment files per campaign"
    ),
    next_move=(
        "Ask Google for a higher FCM quota, send by engagement tier (most active first), run 64 segment "
        "shards and 160 resolver tasks, and add APNs/FCM connections per region"
    ),
)
bp.scaling(
    at="100x (1bn devices)",
    breaks=(
        "One region's senders and Kafka carry 1.7M pushes/s in a 10 min window; a single project quota "
        "cannot be raised that far"
    ),
    next_move=(
        "Regional fan-out cells (device home region), campaign windows of hours with time-zone waves, and "
        "provider partnerships for negotiated quotas, as Meta-scale senders do"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Apple: Sending notification requests to APNs",
    "HTTP/2 request format, apns-collapse-id, apns-expiration and status codes such as 410",
    url="https://developer.apple.com/documentation/usernotifications/sending-notification-requests-to-apns",
)
bp.reference(
    "Apple: Establishing a token-based connection to APNs",
    "JWT provider tokens and how often to refresh them",
    url="https://developer.apple.com/documentation/usernotifications/establishing-a-token-based-connection-to-apns",
)
bp.reference(
    "Firebase: FCM throttling and quotas",
    "600K messages/min per project, 429 QUOTA_EXCEEDED on rolling minutes",
    url="https://firebase.google.com/docs/cloud-messaging/throttling-and-quotas",
)
bp.reference(
    "Firebase: FCM HTTP v1 error codes",
    "UNREGISTERED, QUOTA_EXCEEDED, UNAVAILABLE and how to retry them",
    url="https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode",
)
bp.reference(
    "RFC 9113: HTTP/2",
    "Multiplexed streams and SETTINGS_MAX_CONCURRENT_STREAMS",
    url="https://www.rfc-editor.org/rfc/rfc9113",
)
bp.reference(
    "Apache Kafka documentation: producer acks and min.insync.replicas",
    "Why an acknowledged batch survives a broker loss",
    url="https://kafka.apache.org/documentation/#producerconfigs_acks",
)

bp.key_numbers("broadcast_rate", "fcm_rate", "fcm_quota", "herd_spread", "connections")

BLUEPRINT = bp.build()
