"""Robust asynchronous operations (part 1): an e-invoice clearance API. Merchants' ERP systems submit
invoices that must be cleared by a tax-authority gateway that is slow (p50 0.8 s), rate-limited and
sometimes down. The API answers 202 Accepted with a job id as soon as the job row is durable; workers
then call the gateway with one retry policy (exponential backoff with full jitter, 6 retries, a 15 min
deadline, a 10% retry budget and a circuit breaker), park retries in SQS by stretching the message's
visibility timeout, dead-letter what still fails, and report the outcome by a signed webhook and a
status URL. Unlike advanced-blocks (Kafka retry topics behind a token bucket), the mechanism here is the
job lifecycle itself: one durable status record, one retrying layer, and an outcome the client can
always ask for.
"""

from kit import Blueprint, quorum

bp = Blueprint(
    "robust-async-operations",
    title="Designing Robust Asynchronous Operations (p1)",
    category="async",
    learn="End-to-end async flows, retries, backoffs",
    promise=(
        "Accept 930 invoice jobs/s at month-end peak with a 202 in p99 < 200 ms, clear each with the tax "
        "gateway at most once per transmission id within 15 min, and keep retry load under 1.1x the "
        "first-try load, even while the gateway is down."
    ),
)

# -- components ------------------------------------------------------------------------------------

erp = bp.component(
    "erp",
    "external-client",
    "Merchant ERP",
    tech="SAP / NetSuite connectors",
    responsibility="Submits invoices with an Idempotency-Key; polls the status URL or takes webhooks",
)
gateway = bp.component(
    "gateway",
    "api-gateway",
    "API gateway",
    tech="Envoy",
    replicas=3,
    responsibility="TLS, OAuth client credentials, 50 req/s per merchant; answers 429 with Retry-After",
)

with bp.group("Job intake", kind="tier"):
    api = bp.component(
        "api",
        "service",
        "Jobs API",
        tech="Go",
        replicas=6,
        responsibility="Validates the invoice, claims the idempotency key, writes the job, answers 202 + Location",
    )
    sweeper = bp.component(
        "sweeper",
        "worker",
        "Enqueue sweeper",
        tech="Go, every 30 s",
        replicas=2,
        role="background",
        responsibility="Re-sends jobs left in RECEIVED > 60 s (the API crashed between write and enqueue)",
    )

with bp.group("Job state", kind="cluster"):
    jobs = bp.component(
        "jobs",
        "key-value-store",
        "Job status store",
        tech="DynamoDB, on-demand",
        managed="AWS",
        availability=0.9999,
        topology=quorum(3, failover="0 s"),
        responsibility="One item per job (status, attempt, next try, result); idempotency items with a 24 h TTL",
    )
    payloads = bp.component(
        "payloads",
        "object-store",
        "Invoice payloads",
        tech="S3, 90-day lifecycle",
        managed="AWS",
        availability=0.9999,
        responsibility="Invoice XML in, clearance receipt out; the job item keeps only their keys",
    )

queue = bp.component(
    "queue",
    "queue",
    "Clearance queue",
    tech="SQS standard, visibility 30 s",
    managed="AWS",
    responsibility="One message per job; a retry is the same message made invisible for its backoff",
)
dlq = bp.component(
    "dlq",
    "queue",
    "Dead-letter queue",
    tech="SQS, 14-day retention",
    managed="AWS",
    responsibility="Jobs past maxReceiveCount 10 (crash loops); redriven to the main queue after a fix",
)

with bp.group("Execution", kind="tier"):
    workers = bp.component(
        "workers",
        "worker",
        "Clearance workers",
        tech="Go, 64 calls in flight each",
        replicas=20,
        lane="async",
        responsibility="Calls the gateway under one retry policy: full jitter, deadline, 10% budget, breaker",
    )
    notifier = bp.component(
        "notifier",
        "worker",
        "Webhook dispatcher",
        tech="Go on DynamoDB Streams",
        replicas=4,
        lane="async",
        responsibility="Sends a signed webhook per terminal status; retries on its own 8-step schedule for 24 h",
    )

taxgw = bp.component(
    "taxgw",
    "external-service",
    "Tax clearance gateway",
    tech="Government e-invoicing API",
    accepted_risk="The law names one clearance gateway; jobs wait in the queue while it is down",
    responsibility="Clears or rejects an invoice; answers a repeated transmission id with the first result",
)
hook = bp.component(
    "hook",
    "external-service",
    "Merchant webhook URL",
    tech="HTTPS, HMAC-SHA256 signed",
    accepted_risk="The merchant's own endpoint; the status URL is always there as the fallback",
    responsibility="Receives job.cleared / job.rejected / job.failed events and dedupes on event id",
)
ops = bp.component(
    "ops",
    "monitoring",
    "Alarms + redrive",
    tech="CloudWatch + runbook",
    replicas=2,
    responsibility="Alarms on DLQ depth, oldest-message age and breaker state; starts the DLQ redrive",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(erp, gateway, "POST /jobs, GET /jobs/{id}")
bp.link(gateway, api, "authed call", figure="peak_jobs")
bp.link(api, payloads, "PUT invoice XML")
bp.link(api, jobs, "conditional put / get")
bp.link(api, queue, "SendMessage", nature="async")
bp.link(sweeper, jobs, "find stale")
bp.link(sweeper, queue, "re-send", nature="async")
bp.link(queue, workers, "receive (long poll)", nature="async")
bp.link(workers, taxgw, "POST /clearances", figure="gw_calls")
bp.link(workers, jobs, "status, attempt (CAS)")
bp.link(queue, dlq, "after 10 receives", nature="async")
bp.link(jobs, notifier, "status stream", nature="replication")
bp.link(notifier, hook, "signed webhook", nature="async", figure="peak_jobs")
bp.link(ops, dlq, "alarm / redrive")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Submit",
    [
        (
            erp,
            gateway,
            "The ERP sends POST /jobs with the invoice and a UUID Idempotency-Key.",
        ),
        (
            gateway,
            api,
            "The gateway checks the OAuth token and the merchant's 50 req/s limit, then forwards the call.",
            "4 ms",
            "15 ms",
        ),
        (
            api,
            payloads,
            "The Jobs API validates the XML against the schema and stores it under payloads/{job_id}.",
            "20 ms",
            "80 ms",
        ),
        (
            api,
            jobs,
            "One TransactWriteItems puts the idempotency item (condition: key absent) and the job item as "
            "RECEIVED; a repeated key returns the first job's 202 instead.",
            "8 ms",
            "30 ms",
        ),
    ],
    critical=True,
    mode="write",
    description="The 202 is sent once the job is durable; the queue is not on this path.",
)

bp.flow(
    "Clear and notify",
    [
        (
            api,
            queue,
            "After the write commits, the API sends {job_id} to the queue and answers 202 with "
            "Location: /jobs/{id}; if SendMessage fails, the sweeper re-sends it within 90 s.",
        ),
        (
            queue,
            workers,
            "A worker long-polls up to 10 messages; each stays invisible for 30 s, over 2x the 10 s "
            "p99 of one attempt.",
        ),
        (
            workers,
            taxgw,
            "The worker posts the invoice with transmission id = job id and a 10 s timeout; a "
            "repeated id returns the first result.",
        ),
        (
            workers,
            jobs,
            "It writes CLEARED and the receipt key, on condition that attempt still equals its own, "
            "then deletes the message.",
        ),
        (
            jobs,
            notifier,
            "DynamoDB Streams delivers the changed item to the webhook dispatcher within about 1 s.",
        ),
        (
            notifier,
            hook,
            "The dispatcher posts job.cleared, signed with HMAC-SHA256 over timestamp and body; "
            "a non-2xx answer is retried for 24 h.",
        ),
    ],
    description="Everything after the 202 runs off the request path, driven by the queue.",
)

bp.flow(
    "Read status",
    [
        (erp, gateway, "The ERP calls GET /jobs/{id}, as told by Retry-After, or after a missed webhook."),
        (gateway, api, "The gateway authenticates the merchant and forwards the read.", "4 ms", "15 ms"),
        (
            api,
            jobs,
            "A strongly consistent GetItem returns status, attempt, next try time and the receipt link.",
            "5 ms",
            "20 ms",
        ),
    ],
    mode="read",
    description="The status URL is the source of truth; webhooks only save the poll.",
)

bp.flow(
    "Retry, then dead-letter",
    [
        (
            queue,
            workers,
            "The gateway answers 503, 429 or times out: the worker spends a retry token (10% budget), "
            "sets the message's visibility to rand(0, min(20 s, 100 ms x 2^n)) and records attempt n.",
        ),
        (
            workers,
            taxgw,
            "After 5 failures in 10 s the breaker opens; every 5 s one probe call tests the gateway "
            "while messages wait, invisible, in the queue.",
        ),
        (
            workers,
            jobs,
            "A 4xx validation error, or the 15 min deadline, is terminal: the job becomes REJECTED or "
            "FAILED and the message is deleted.",
        ),
        (
            queue,
            dlq,
            "A message received 10 times without a delete (a worker crashing on it) moves to the DLQ.",
        ),
        (
            ops,
            dlq,
            "The DLQ-depth alarm pages on-call; after the fix, a redrive moves the messages back.",
        ),
    ],
    description="One layer retries; the queue holds the backoff, so a crash loses no job.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Merchant ERP", "submits an invoice for clearance and gets a job id", mode="write", flow="Submit")
bp.use_case("Merchant ERP", "reads a job's status and clearance receipt", mode="read", flow="Read status")
bp.use_case("Merchant ERP", "receives a signed webhook when a job ends", mode="read", flow="Clear and notify")
bp.use_case("Operator", "inspects and redrives dead-lettered jobs", flow="Retry, then dead-letter")
bp.out_of_scope(
    "Invoice rendering and PDF archiving",
    "Incoming invoices from suppliers",
    "Per-country tax rules and schema mapping",
    "Billing merchants for jobs",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target("Accept latency", flow="Submit", p50="50 ms", p99="200 ms", note="Gateway to 202, at the gateway")
bp.target("Status read latency", flow="Read status", p50="20 ms", p99="80 ms")
bp.target(
    "Accept availability",
    flow="Submit",
    availability="99.95%",
    note="21.6 min a month; the queue and the tax gateway are not on this path",
)
bp.target(
    "Durability of accepted jobs",
    flow="Submit",
    rpo="0 s",
    rto="60 s",
    note="A 202 means the job item is written to 3 zones",
)
bp.target(
    "Completion",
    "p99 < 15 min from 202 to a terminal status while the gateway is up",
    note="Worst-case backoff is {worst_backoff} over 6 retries; the deadline covers queue wait and calls",
)
bp.target(
    "Retry load",
    "gateway calls <= 1.1x first attempts",
    note="{gw_calls} at peak against the {gw_quota} quota",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "jobs",
    primary_key="job_id",
    fields=[
        ("job_id", "ULID string", 26),
        ("merchant_id", "string", 12),
        ("idempotency_key", "UUID string", 36),
        ("status", "string enum", 10),
        ("attempt", "number", 2),
        ("next_try_at", "epoch ms", 8),
        ("deadline_at", "epoch ms", 8),
        ("payload_key", "S3 key", 48),
        ("receipt_key", "S3 key", 48),
        ("last_error", "string, truncated", 64),
        ("created_at", "epoch ms", 8),
        ("attribute names + item overhead", "DynamoDB", 130),
    ],
    indexes=[
        ("GSI (merchant_id, created_at)", "lists a merchant's jobs for GET /jobs?since="),
        ("GSI (status, created_at), sparse on RECEIVED", "lets the sweeper find jobs that never reached the queue"),
    ],
    per="task",
    note="idempotency items (merchant_id#key -> job_id, 24 h TTL) live in the same table",
)
bp.api(
    "submits an invoice for clearance and gets a job id",
    "POST /jobs\nIdempotency-Key: 6f1d...\nContent-Type: application/xml\n<Invoice>...</Invoice>",
    '202 Accepted\nLocation: /jobs/01J9...\nRetry-After: 5\n{"job_id": "01J9...", "status": "RECEIVED"}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity(
    "jobs_day", "10e6 tasks/day", "Invoice jobs per day", basis="Planning value: a mid-size e-invoicing provider, 2026"
)
bp.quantity("peak_factor", "8", "Peak over daily average", basis="Month-end close: ERPs batch-submit in business hours")
bp.quantity("calls_per_job", "1 calls/task", "Gateway calls per job, first try", basis="One POST per invoice")
bp.quantity("retry_budget", "10 %", "Retry budget", basis="Retries may add at most 10% to first attempts (SRE book)")
bp.quantity("retries", "6", "Retries per job", basis="Retry policy: 1 try + 6 retries (7 attempts) within the deadline")
bp.quantity("base", "100 ms", "Backoff base", basis="Retry policy")
bp.quantity("cap", "20 s", "Backoff cap", basis="Retry policy")
bp.quantity("call_time", "0.8 s", "Gateway call time, mean", basis="Gateway's published p50; p99 10 s (timeout)")
bp.quantity("per_worker", "64 calls", "Calls in flight per worker", basis="Go HTTP client pool size")
bp.quantity("utilisation", "70 %", "Target worker utilisation", basis="30% headroom for retries and a lost zone")
bp.quantity("xml_size", "20 KB/task", "Invoice XML", basis="UBL invoice with 10-20 lines")
bp.quantity("retention", "90 day", "Job and payload retention", basis="Merchant support window")
bp.quantity("outage", "30 min", "Gateway outage to absorb", basis="Longest outage in the planning year (assumption)")
gw_quota = bp.quota(
    "gw_quota",
    "1500 calls/s",
    "Gateway rate limit for our client id",
    basis="Contracted limit with the clearance gateway (assumption); 429 above it",
    load="gw_calls",
)

bp.derive("avg_jobs", "jobs_day", "Average jobs", unit="tasks/s")
bp.derive("peak_jobs", "avg_jobs * peak_factor", "Peak jobs", unit="tasks/s")
bp.derive(
    "gw_calls", "peak_jobs * calls_per_job * (1 + retry_budget)", "Peak gateway calls with budget", unit="calls/s"
)
bp.derive(
    "storm_calls", "peak_jobs * calls_per_job * (1 + retries)", "Peak gateway calls, retries unbudgeted", unit="calls/s"
)
bp.derive("worst_backoff", "base * (2**retries - 1)", "Sum of backoff caps, 6 retries", unit="s", section="time")
bp.derive("mean_backoff", "worst_backoff / 2", "Expected backoff with full jitter", unit="s", section="time")
bp.derive("in_flight", "gw_calls * call_time", "Calls in flight (Little's law)", unit="calls", section="queues")
bp.derive("workers_needed", "ceil(in_flight / (per_worker * utilisation))", "Workers", unit="", section="fleet")
bp.derive("backlog", "peak_jobs * outage", "Backlog after a peak-hour outage", unit="tasks", section="queues")
bp.derive("drain_time", "backlog / (gw_quota / calls_per_job - peak_jobs)", "Drain time at quota", unit="min")
bp.derive("job_storage", "jobs_day * retention * jobs_record", "Job items over 90 days", unit="GB", section="storage")
bp.derive("xml_storage", "jobs_day * retention * xml_size", "Invoice XML over 90 days", unit="TB", section="storage")
bp.derive("ingress_bw", "peak_jobs * xml_size", "Peak ingress", unit="MB/s")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Backoff shape",
    chosen="Exponential backoff with full jitter: sleep rand(0, min(20 s, 100 ms x 2^n))",
    rejected="Fixed 1 s retries, or exponential backoff without jitter",
    why=(
        "After a gateway blip, {peak_jobs} of failed calls retry in lockstep without jitter and hit the "
        "gateway as one wave; full jitter spreads them over the whole window, expected {mean_backoff} "
        "over 6 retries"
    ),
    cost="A single unlucky job can wait up to {worst_backoff} of backoff; retries are not in order",
    revisit_when="The gateway publishes Retry-After on > 90% of 429/503s: honour it instead of guessing",
)
bp.tradeoff(
    decision="Where retries happen",
    chosen="Only the clearance workers retry; the API, SDKs and the gateway's client make one attempt",
    rejected="Retries at every layer (ERP SDK, Jobs API, worker HTTP client), 3 tries each",
    why=(
        "3 layers x 3 tries multiply to 27 calls per job when the gateway fails; even one layer with "
        "no budget sends {storm_calls}, over the {gw_quota} quota; a 10% budget holds it to {gw_calls}"
    ),
    cost="A client sees a slower terminal answer, and the worker owns all error classification",
    revisit_when=(
        "A second downstream joins the job, or client-side retries exceed 5% of submits; budget each hop, add no layers"
    ),
)
bp.tradeoff(
    decision="Request style",
    chosen="202 Accepted + Location status URL, a signed webhook at the end",
    rejected="A synchronous POST that waits for clearance",
    why=(
        "Clearance takes 0.8 s at p50 and 10 s at p99, and an outage lasts {outage}; holding "
        "connections would keep {in_flight} open and turn every outage into client timeouts and retries"
    ),
    cost="Clients must poll or host a webhook endpoint; two extra components (dispatcher, status reads)",
    revisit_when="Gateway p99 falls under 1 s and outages under 1 min: a sync API would then be simpler",
)
bp.tradeoff(
    decision="Where a waiting retry lives",
    chosen="In SQS: ChangeMessageVisibility to the jittered delay, attempt in the job item",
    rejected="Sleeping in the worker process, or a separate retry topic per delay",
    why=(
        "A sleeping worker loses the job when it crashes and holds a slot for up to 20 s; the queue "
        "keeps it durable and lets {workers_needed} workers share a {backlog} backlog"
    ),
    cost="SQS standard may deliver twice, so the CAS on attempt and the gateway's transmission id dedupe",
    revisit_when="A delay must exceed SQS's 12 h visibility limit; then move waiting jobs to a timer store",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="Tax gateway outage (all calls 503 or time out)",
    detection="Breaker open on > 50% of workers for 1 min; oldest message age > 5 min",
    blast_radius="Every job waits; 202s keep flowing, so the queue grows to {backlog} after {outage}",
    mitigation=(
        "Breakers hold calls to probes; on recovery the backlog drains at the quota: recovered < 1 h "
        "after the gateway ({drain_time})"
    ),
)
bp.failure(
    failure="Worker crashes mid-call (OOM, deploy, lost node)",
    detection="ECS task exits; ApproximateNumberOfMessagesNotVisible stuck while completions drop 20%",
    blast_radius="Only the jobs in flight on that worker, up to 64; none is lost",
    mitigation=(
        "Messages reappear after their 30 s visibility; the retry re-sends the same transmission id, "
        "so a call that did reach the gateway returns its first result; recovered in 30 s"
    ),
)
bp.failure(
    failure="Poison job: a payload that crashes the worker on every try",
    detection="Any message in the DLQ; receive count >= 5 on one message",
    blast_radius="One job, plus the worker restarts it causes: 10 restarts at most",
    mitigation="SQS moves it to the DLQ after 10 receives; on-call fixes the parser and redrives within 4 h",
)
bp.failure(
    failure="Merchant webhook endpoint down",
    detection="Per-merchant webhook failure rate > 50% for 15 min",
    blast_radius="That merchant's notifications only; jobs and status reads are unaffected",
    mitigation=(
        "8 jittered retries over 24 h, then the endpoint is paused and the merchant emailed; the "
        "status URL stays correct; recovered when the merchant fixes it"
    ),
)
bp.failure(
    failure="API crashes between the job write and SendMessage",
    detection="Sparse RECEIVED index holds a job older than 60 s",
    blast_radius="The jobs accepted by that process in its last second",
    mitigation="The sweeper re-sends them within 90 s; a duplicate message is deduped by the attempt CAS",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (9.3K jobs/s at peak)",
    breaks="The gateway quota first: 10 x {gw_calls} is about 7x the {gw_quota} limit",
    next_move=(
        "Negotiate a higher limit or per-country gateways; meanwhile a token bucket in the workers "
        "paces calls to the quota and the queue absorbs the rest; ~190 workers"
    ),
)
bp.scaling(
    at="100x (93K jobs/s at peak)",
    breaks=(
        "One SQS queue and one DynamoDB table still scale, but one noisy merchant's month-end batch "
        "delays all others behind it in FIFO-ish order"
    ),
    next_move=(
        "Shard queues per country and per merchant tier with weighted fair polling; partition the "
        "job table key by merchant to keep hot merchants off shared partitions"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "AWS Architecture Blog: Exponential Backoff And Jitter",
    "Full jitter against equal and decorrelated jitter in a contended-retry simulation",
    url="https://aws.amazon.com/blogs/architecture/exponential-backoff-and-jitter/",
)
bp.reference(
    "Amazon Builders' Library: Timeouts, retries, and backoff with jitter",
    "Retrying at one layer, retry budgets and timeouts set from latency percentiles",
    url="https://aws.amazon.com/builders-library/timeouts-retries-and-backoff-with-jitter/",
)
bp.reference(
    "Google SRE book: Handling Overload",
    "Per-request retry caps and a per-client retry budget of 10%",
    url="https://sre.google/sre-book/handling-overload/",
)
bp.reference(
    "Amazon SQS Developer Guide: Visibility timeout",
    "ChangeMessageVisibility and the 12 h maximum used to park retries",
    url="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html",
)
bp.reference(
    "Amazon SQS Developer Guide: Dead-letter queues",
    "maxReceiveCount redrive policy and moving messages back with a redrive",
    url="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
)
bp.reference(
    "Stripe: Designing robust and predictable APIs with idempotency",
    "Idempotency keys kept 24 h, and client retries with backoff",
    url="https://stripe.com/blog/idempotency",
)
bp.reference(
    "Microsoft Azure Architecture Center: Asynchronous Request-Reply pattern",
    "202 Accepted with a status endpoint and Retry-After",
    url="https://learn.microsoft.com/en-us/azure/architecture/patterns/async-request-reply",
)
bp.reference(
    "Standard Webhooks specification",
    "Signed webhooks: id, timestamp and HMAC signature headers, and retry schedules",
    url="https://www.standardwebhooks.com/",
)

bp.key_numbers("peak_jobs", "gw_calls", "workers_needed", "worst_backoff", "drain_time")

BLUEPRINT = bp.build()
