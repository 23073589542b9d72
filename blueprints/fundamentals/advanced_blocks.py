"""Advanced blocks (part 2 of 3): what to do when work arrives faster than it can be done, or fails.
Merchants create shipping labels through an async API: a token bucket at the gateway sheds load with 429,
an idempotency record makes every retry safe, Kafka is the one durable buffer, delivery workers cap their
in-flight calls and trip a circuit breaker when the carrier fails, and failures step through delayed retry
topics to a dead-letter topic that an operator redrives. Part 1 (building-blocks) explained the log and
the consumer group this uses; this part is about the paths a request takes when things go wrong. Part 3
(operational-blocks) adds the alerting and autoscaling around it.
"""

from kit import Blueprint, quorum

bp = Blueprint(
    "advanced-blocks",
    title="Unlocking Scalability: Advanced Blocks (p2)",
    category="fundamentals",
    learn="Backpressure, DLQs, API reliability patterns",
    promise=(
        "Accept shipping-label requests at 5K req/s (bursts to 30K req/s) with a 202 in p99 < 150 ms, "
        "absorb a 60 s spike and drain it in 4 min, apply each request at most once, and lose none: a "
        "request either succeeds, waits in a retry topic, or sits in a dead-letter topic."
    ),
)

# -- components ------------------------------------------------------------------------------------

merchants = bp.component(
    "merchants",
    "external-client",
    "Merchant systems",
    tech="Shop platforms, REST",
    responsibility="Create labels with an Idempotency-Key; honour 429 Retry-After; poll or receive status",
)

with bp.group("API", kind="tier"):
    gateway = bp.component(
        "gateway",
        "api-gateway",
        "Edge gateway",
        tech="Envoy, local + global rate limit",
        replicas=6,
        responsibility="Token bucket per merchant (1K req/s, burst 2K) and 30K req/s overall; 429 + Retry-After",
    )
    ingest = bp.component(
        "ingest",
        "service",
        "Ingest API",
        tech="Go",
        replicas=10,
        responsibility="Validates, records the key, produces to Kafka from a bounded buffer; answers 202 or 503",
    )

requests = bp.component(
    "requests",
    "key-value-store",
    "Request store",
    tech="DynamoDB, TTL 30 days",
    managed="AWS",
    availability=0.9999,
    lane="external",
    responsibility="One item per idempotency key: request hash, status, attempts, result; conditional writes",
)

with bp.group("Kafka topics (RF 3)", kind="cluster"):
    main = bp.component(
        "main",
        "stream",
        "labels.main",
        tech="Kafka, 64 partitions",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="The durable buffer: absorbs spikes as lag instead of memory; keyed by merchant id",
    )
    retry = bp.component(
        "retry",
        "stream",
        "Retry topics",
        tech="Kafka, retry-1m and retry-10m",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Delayed retries: each record carries attempt and not_before headers",
    )
    dlq = bp.component(
        "dlq",
        "stream",
        "labels.dlq",
        tech="Kafka, 30 days retention",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="Requests that failed 3 times or cannot succeed; kept with the error and stack trace",
    )

with bp.group("Delivery", kind="tier"):
    workers = bp.component(
        "workers",
        "worker",
        "Label workers",
        tech="Go, resilience: breaker + bulkhead",
        replicas=45,
        lane="data",
        responsibility="At most 64 calls in flight each; pause partitions when full; breaker per carrier",
    )
    retriers = bp.component(
        "retriers",
        "worker",
        "Retry workers",
        tech="Go consumer per retry topic",
        replicas=6,
        lane="data",
        responsibility="Wait until not_before, retry the call, then forward to the next retry topic or the DLQ",
    )

carrier = bp.component(
    "carrier",
    "external-service",
    "Carrier API",
    tech="Parcel carrier REST API",
    lane="ops",
    accepted_risk="A third party we cannot make redundant; accepted requests wait in Kafka while it is down",
    responsibility="Creates a label and tracking number; 12K req/s contracted limit; fails in bursts",
)

with bp.group("Operations", kind="tier"):
    redrive = bp.component(
        "redrive",
        "batch-processor",
        "Redrive tool",
        tech="CLI + runbook",
        lane="services",
        accepted_risk="An operator's tool run by hand after a fix; if it dies, the run is restarted from the DLQ",
        responsibility="Reads DLQ records by error class, and republishes the fixed ones to labels.main at 500/s",
    )

alerts = bp.component(
    "alerts",
    "monitoring",
    "Reliability alerts",
    tech="Prometheus + Alertmanager",
    replicas=2,
    responsibility="DLQ rate and age, breaker state, lag in seconds, 429 share; pages on change, not on count",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(merchants, gateway, "POST /labels + key")
bp.link(gateway, ingest, "admitted", figure="peak_req")
bp.link(ingest, main, "produce, acks=all")
bp.link(ingest, requests, "put if absent / get")
bp.link(main, workers, "poll, paused when full")
bp.link(workers, carrier, "create label", figure="capacity")
bp.link(workers, requests, "status = DONE")
bp.link(workers, retry, "attempt + 1", nature="async")
bp.link(retry, retriers, "due records")
bp.link(retriers, carrier, "retry call")
bp.link(retriers, dlq, "after 3 tries", nature="async")
bp.link(dlq, alerts, "DLQ rate, age", nature="stream")
bp.link(redrive, dlq, "read by error")
bp.link(redrive, main, "republish", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Accept or shed",
    [
        (
            merchants,
            gateway,
            "A merchant sends POST /labels with an Idempotency-Key; if its token bucket is empty, the gateway "
            "answers 429 with Retry-After at once, before any work is done.",
        ),
        (
            gateway,
            ingest,
            "Admitted requests go to an Ingest API pod, which refuses with 503 when its bounded buffer of "
            "2,000 requests is full rather than queueing without limit.",
            "2 ms",
            "10 ms",
        ),
        (
            ingest,
            requests,
            "It writes the key with a conditional put (attribute_not_exists); if the key exists with the same "
            "request hash, it returns the stored status instead of doing the work again.",
            "6 ms",
            "25 ms",
        ),
        (
            ingest,
            main,
            "It produces the request to labels.main with acks=all and answers 202 Accepted with a status URL "
            "once Kafka has it.",
            "8 ms",
            "40 ms",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "Shed early and cheaply, then make the accepted request durable. Latency is counted from the gateway; "
        "the merchant's own hop is outside the budget."
    ),
)

bp.flow(
    "Deliver under a breaker",
    [
        (
            main,
            workers,
            "Each worker polls its partitions and keeps at most 64 carrier calls in flight; when all are busy "
            "it pauses fetching, so backlog stays in Kafka as lag, not in memory.",
        ),
        (
            workers,
            carrier,
            "With the breaker closed, it calls the carrier with a 2 s timeout and the request's key, so a "
            "timed-out call that did succeed is not charged twice.",
        ),
        (
            workers,
            requests,
            "It records DONE with the tracking number, then commits the offset.",
        ),
    ],
    mode="write",
    description="The normal path: bounded concurrency per worker turns overload into lag.",
)

bp.flow(
    "Retry, then dead-letter",
    [
        (
            workers,
            retry,
            "A 5xx, a timeout or an open breaker republishes the request to retry-1m with attempt=1 and "
            "not_before = now + 60 s plus jitter, and the worker moves on: the partition never blocks.",
        ),
        (
            retry,
            retriers,
            "A retry worker reads the record and sleeps until not_before; since a topic's records share one "
            "delay, they are due in order.",
        ),
        (
            retriers,
            carrier,
            "It retries the call; a second failure goes to retry-10m, so each topic holds one delay.",
        ),
        (
            retriers,
            dlq,
            "After the third failure, or at once for a 4xx that cannot succeed, the request goes to "
            "labels.dlq with its last error, and its status becomes FAILED_RETRYABLE.",
        ),
        (
            dlq,
            alerts,
            "Alerts fire on the DLQ rate changing (over 3x its 7-day baseline) or the oldest record passing "
            "24 h, not on a fixed count.",
        ),
    ],
    description="No failed request is dropped or retried forever; the poison ones leave the main path.",
)

bp.flow(
    "Redrive after a fix",
    [
        (
            redrive,
            dlq,
            "After the cause is fixed (a deploy, or the carrier back), the operator selects DLQ records by "
            "error class and time range.",
        ),
        (
            redrive,
            main,
            "The tool republishes them to labels.main at 500 msg/s with their original keys; the request "
            "store turns any already-applied one into a no-op.",
        ),
    ],
    mode="write",
    description="A controlled replay, rate-limited so the redrive cannot become the next spike.",
)

bp.flow(
    "Read status",
    [
        (merchants, gateway, "The merchant polls GET /labels/{key} (or waits for the webhook)."),
        (gateway, ingest, "The gateway applies the same token bucket to reads.", "2 ms", "10 ms"),
        (
            ingest,
            requests,
            "The Ingest API reads the item by key: ACCEPTED, DONE with the label URL, or FAILED_RETRYABLE.",
            "5 ms",
            "20 ms",
        ),
    ],
    mode="read",
    description="Status is one key lookup; it never touches Kafka or the carrier.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Merchant", "requests a shipping label and gets 202 or a clear 429", mode="write", flow="Accept or shed")
bp.use_case(
    "Label worker", "creates the label at the carrier at most once", mode="write", flow="Deliver under a breaker"
)
bp.use_case("Merchant", "checks a label's status by its key", mode="read", flow="Read status")
bp.use_case("Operator", "replays dead-lettered requests after a fix", mode="write", flow="Redrive after a fix")
bp.use_case("Platform team", "keeps a carrier outage from blocking partitions or exhausting workers")
bp.out_of_scope(
    "Kafka partitions, groups and offsets themselves (part 1, building-blocks)",
    "Paging, autoscaling and self-healing (part 3, operational-blocks)",
    "Webhook delivery to merchants",
    "Multi-carrier routing and rate shopping",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Accept latency",
    flow="Accept or shed",
    p50="30 ms",
    p99="150 ms",
    note="From the gateway to the 202; a 429 returns in under 5 ms because it does no work",
)
bp.target("Status read latency", flow="Read status", p50="20 ms", p99="100 ms")
bp.target(
    "Accept availability",
    flow="Accept or shed",
    availability="99.95%",
    note="22 min a month; carrier outages do not count, because accepted requests wait in Kafka",
)
bp.target(
    "No accepted request lost",
    flow="Accept or shed",
    rpo="0 s",
    rto="30 s",
    note="202 only after acks=all; the request store is a managed multi-zone table",
)
bp.target(
    "Delivery throughput",
    flow="Deliver under a breaker",
    throughput="10000 req/s",
    capacity="capacity",
    note="Sized below the carrier's 12K req/s limit, so retries fit under it",
)
bp.target(
    "Spike drain time",
    "p99 label within 5 min, including a 30K req/s spike lasting 60 s",
    note="The spike leaves a backlog that the spare capacity drains in 240 s (see back of the envelope)",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "label requests",
    primary_key="idempotency_key",
    fields=[
        ("idempotency_key", "string (merchant id + client UUID)", 48),
        ("request_hash", "SHA-256 of the body", 32),
        ("status", "ACCEPTED / DONE / FAILED_RETRYABLE", 12),
        ("attempts", "number", 3),
        ("tracking_no + label_url", "strings", 140),
        ("created_at, updated_at", "epoch ms", 16),
        ("expires_at", "TTL attribute", 8),
        ("item overhead", "DynamoDB per-item and attribute names", 100),
    ],
    indexes=[
        ("PK idempotency_key", "the conditional put that makes a retried POST a read, and the status lookup"),
        ("GSI (status, updated_at), sparse", "finds FAILED_RETRYABLE items for the redrive and the daily report"),
    ],
    per="req",
    note="expires after 30 days; status moves only forward",
)
bp.table(
    "retry record headers",
    primary_key="(topic, partition, offset)",
    fields=[
        ("key: merchant id", "bytes", 16),
        ("value: label request", "JSON", 1400),
        ("attempt", "header", 12),
        ("not_before", "header, epoch ms", 24),
        ("last_error", "header, class + message", 120),
        ("record framing", "Kafka record overhead", 20),
    ],
    indexes=[("offset index", "retry workers resume from their committed offset after a restart")],
    per="req",
    note="the same record on labels.main, retry-1m, retry-10m and labels.dlq; headers say where it has been",
)
bp.api(
    "requests a shipping label and gets 202 or a clear 429",
    'POST /labels\nIdempotency-Key: m42-7f3c...\n{"carrier": "acme", "from": {...}, "to": {...}, "parcel": {...}}',
    '202 Accepted\nLocation: /labels/m42-7f3c...\n{"status": "ACCEPTED"}\n(or 429 Too Many Requests, Retry-After: 2)',
)
bp.api(
    "creates the label at the carrier at most once",
    'POST https://carrier.example/v2/labels\nIdempotency-Key: m42-7f3c...\n{"service": "ground", ...}',
    '201 Created\n{"tracking_no": "1Z999...", "label_url": "https://.../1Z999.pdf"}',
)
bp.api(
    "replays dead-lettered requests after a fix",
    "redrive --topic labels.dlq --error-class CARRIER_5XX --since 2026-12-01T02:00Z --rate 500/s",
    '{"selected": 41233, "republished": 41233, "skipped_already_done": 118}',
)

# -- assumptions and load model --------------------------------------------------------------------

bp.quantity(
    "avg_req",
    "5000 req/s",
    "Normal label requests",
    basis="Planning value (Dec 2026) for a multi-carrier shipping API: ~430 M labels/day across merchants",
)
bp.quantity(
    "peak_factor",
    "6",
    "Spike over normal",
    basis="Flash-sale burst: 30K req/s for 60 s when a marketplace releases orders in one batch",
)
bp.quantity("spike_time", "60 s", "Spike duration", basis="Observed burst length (planning value)")
bp.quantity("capacity", "10000 req/s", "Delivery capacity", basis="Worker fleet sized to stay under the carrier limit")
bp.quantity("call_time", "0.2 s", "Carrier call, mean", basis="Carrier's published p50 for label creation")
bp.quantity("max_in_flight", "64 req", "In-flight cap per worker", basis="Bulkhead: connection pool per worker")
bp.quantity("worker_headroom", "70 %", "Target worker utilisation", basis="Room for a slow carrier doubling call time")
bp.quantity("max_wait", "2 s", "Longest a request may wait in a worker", basis="Well under the 5 min delivery target")
bp.quantity(
    "poison_share", "0.01 %", "Requests that can never succeed", basis="Last quarter's 4xx rate after validation"
)
bp.quantity("transient_share", "2 %", "Calls failing transiently", basis="Carrier 5xx and timeouts on a normal day")
bp.quantity("retention", "30 days", "Request store TTL", basis="Merchants may query or redrive for a month")
bp.quota(
    "carrier_limit",
    "12000 req/s",
    "Carrier API limit",
    basis="Contracted rate limit (assumption for this case); above it the carrier answers 429",
    load="carrier_load",
)

bp.derive("peak_req", "avg_req * peak_factor", "Spike arrival rate", unit="req/s")
bp.derive("backlog", "(peak_req - capacity) * spike_time", "Backlog after the spike", unit="req", section="queues")
bp.derive("drain_time", "backlog / (capacity - avg_req)", "Drain time at the spare rate", unit="s", section="queues")
bp.derive("in_flight", "capacity * call_time", "Carrier calls in flight (Little's law)", unit="req", section="queues")
bp.derive(
    "workers_needed", "ceil(in_flight / (max_in_flight * worker_headroom))", "Label workers", unit="", section="fleet"
)
bp.derive("buffer_bound", "capacity * max_wait", "Bound on in-memory queues", unit="req", section="queues")
bp.derive("retry_rate", "capacity * transient_share", "Retry traffic", unit="req/s")
bp.derive("carrier_load", "capacity + retry_rate", "Load on the carrier at full drain", unit="req/s")
bp.quantity("tries", "3", "Tries per request without a breaker", basis="1 call + 2 retries, a common client default")
bp.derive("storm_load", "capacity * tries", "Carrier load in a retry storm", unit="req/s")
bp.derive("dlq_rate", "capacity * poison_share", "Dead-letter rate at capacity", unit="req/s")
bp.derive("dlq_daily", "dlq_rate", "Dead letters a day at capacity", unit="req/day")
bp.derive(
    "backlog_bytes", "backlog * retry_record_headers_record", "Spike backlog in Kafka", unit="GB", section="storage"
)
bp.derive(
    "store_size",
    "avg_req * label_requests_record * retention",
    "Request store over its TTL",
    unit="TB",
    section="storage",
)
bp.derive("ingest_bw", "peak_req * retry_record_headers_record", "Produce bandwidth in the spike", unit="MB/s")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Where failed calls wait",
    chosen="Republish to delayed retry topics (1 min, 10 min), then a DLQ",
    rejected="Retry in place with backoff, holding the partition",
    why=(
        "One record retried in place for 11 min blocks its partition: at 156 req/s per partition "
        "(10K over 64) that is ~100K requests stuck behind it, while retry topics keep main flowing"
    ),
    cost="Per-merchant order is lost for retried requests; three more topics and consumers to run",
    revisit_when="A use case needs strict per-key order, or retries pass 10% of traffic (then fix the cause)",
)
bp.tradeoff(
    decision="What to do with excess load",
    chosen="Shed early: token bucket 429s at the gateway, bounded buffers (503) in pods, lag in Kafka",
    rejected="Unbounded in-memory queues that accept everything",
    why=(
        "A spike of {peak_req} against {capacity} leaves {backlog}, {backlog_bytes} of requests: in pod "
        "memory that is an OOM away from losing all of it, in Kafka it is replicated disk"
    ),
    cost="Merchants above their bucket see 429s and must retry; 2,000 buffered requests per pod at most",
    revisit_when="429s exceed 1% of requests for a week, or spikes outgrow the 5 min drain budget",
)
bp.tradeoff(
    decision="Requests that keep failing",
    chosen="A dead-letter topic with alerts on rate change and a rate-limited redrive tool",
    rejected="Drop after N retries, or retry forever",
    why=(
        "At capacity, 0.01% poison is {dlq_daily}: dropping loses paid labels silently, retrying forever "
        "spends carrier quota on requests that cannot succeed"
    ),
    cost="Operator toil: triage by error class, fix, redrive; a 30-day DLQ to store",
    revisit_when="DLQ inflow passes 0.1% of requests, or the oldest record is regularly over 24 h old",
)
bp.tradeoff(
    decision="Calling a failing carrier",
    chosen="Circuit breaker per carrier (open at 50% errors over 10 s, probe after 30 s) plus 64-call bulkheads",
    rejected="Plain retries with exponential backoff on every worker",
    why=(
        "With 3 tries per request, a carrier outage turns our {capacity} into {storm_load} of calls, past "
        "its {carrier_limit} limit, while {in_flight} held in flight wait out 2 s timeouts"
    ),
    cost="During the open state every call goes straight to retry-1m; a flapping breaker delays good calls",
    revisit_when="One breaker covers several carrier regions with different error rates (> 2x apart); split it",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="Carrier API outage or brown-out",
    detection="Breaker open, or carrier 5xx + timeouts > 50% over 10 s; lag on labels.main > 60 s",
    blast_radius="Label creation for that carrier; accepting still answers 202 and status reads still work",
    mitigation=(
        "The breaker fails fast to retry-1m; half-open probes every 30 s close it when calls succeed; "
        "a 10 min outage leaves 3 M requests, drained in 10 min at the 5K req/s spare rate"
    ),
)
bp.failure(
    failure="A poison request (bad address the validator missed, carrier rejects it every time)",
    detection="DLQ inflow > 3x its 7-day baseline for 15 min, or oldest DLQ record > 24 h",
    blast_radius="One request and its merchant; the partition and the other 99.99% keep flowing",
    mitigation=(
        "4xx goes straight to the DLQ with its error; the merchant sees FAILED_RETRYABLE; a fix plus redrive "
        "at 500 msg/s clears 40K records in under 2 min"
    ),
)
bp.failure(
    failure="Retry storm after the carrier recovers",
    detection="Carrier 429s > 1% while retry-10m lag falls fast; carrier load above {carrier_limit}",
    blast_radius="Every merchant's labels slow down again; the carrier may throttle us as a whole",
    mitigation=(
        "Retries carry random jitter, retry workers are few (6) and rate-limited, and the breaker lets "
        "only 10 probe calls through when half-open; load back under the limit within 1 min"
    ),
)
bp.failure(
    failure="Request store (DynamoDB) throttles or errors",
    detection="ThrottledRequests > 0 for 1 min, or conditional-put p99 > 100 ms",
    blast_radius="New POSTs get 503 (the key cannot be recorded); labels in flight still complete",
    mitigation=(
        "On-demand capacity absorbs most bursts; merchants retry with the same key, which stays safe; "
        "recovered in < 5 min when the table's partitions split"
    ),
)
bp.failure(
    failure="Spike beyond the global bucket (30K req/s)",
    detection="429 share > 1% over 5 min; Ingest API 503s from full buffers > 0.1%",
    blast_radius="Only the excess requests are refused; accepted ones keep their p99",
    mitigation=(
        "Clients back off per Retry-After with jitter; if sustained, raise worker count (part 3) "
        "and the bucket together, within 15 min"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (50K req/s normal)",
    breaks=(
        "The carrier's 12K req/s contract, far below the 100K req/s of delivery 10x needs; the global bucket "
        "and 64 partitions per topic"
    ),
    next_move=(
        "Per-carrier topics and quotas with several carriers and regional accounts; 256 partitions; "
        "global limits in a shared rate-limit service instead of per-pod buckets"
    ),
)
bp.scaling(
    at="100x (500K req/s normal)",
    breaks="One Kafka cluster and one DynamoDB table per region; redrives of millions of records",
    next_move=(
        "Cells by merchant hash, each with its own topics, request table and breaker state; batch label "
        "APIs with the carriers; automated redrive for known error classes"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Uber Engineering: Building Reliable Reprocessing and Dead Letter Queues with Apache Kafka",
    "Delayed retry topics and a DLQ that keep the main topic flowing",
    url="https://www.uber.com/blog/reliable-reprocessing/",
)
bp.reference(
    "Google SRE book: Handling Overload",
    "Per-client limits, shedding early and why accepting everything fails",
    url="https://sre.google/sre-book/handling-overload/",
)
bp.reference(
    "Google SRE book: Addressing Cascading Failures",
    "Retry amplification, bounded queues and load shedding",
    url="https://sre.google/sre-book/addressing-cascading-failures/",
)
bp.reference(
    "AWS Builders' Library: Timeouts, retries, and backoff with jitter",
    "Capped retries with jitter and why retries amplify load",
    url="https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/",
)
bp.reference(
    "AWS Builders' Library: Avoiding insurmountable queue backlogs",
    "Backlogs, drain time and shedding old work",
    url="https://aws.amazon.com/builders-library/avoiding-insurmountable-queue-backlogs/",
)
bp.reference(
    "Stripe: Designing robust and predictable APIs with idempotency",
    "Idempotency keys that make client retries safe",
    url="https://stripe.com/blog/idempotency",
)
bp.reference(
    "Martin Fowler: CircuitBreaker",
    "Closed, open and half-open states",
    url="https://martinfowler.com/bliki/CircuitBreaker.html",
)
bp.reference(
    "RFC 6585: Additional HTTP Status Codes",
    "429 Too Many Requests and Retry-After",
    url="https://www.rfc-editor.org/rfc/rfc6585",
)

bp.key_numbers("peak_req", "backlog", "drain_time", "in_flight", "dlq_daily")

BLUEPRINT = bp.build()
