"""Exactly-once processing for distributed workflows: order fulfilment (reserve stock, charge the card,
book the shipment) run as a Temporal workflow. Delivery is at least once everywhere; the exactly-once
effect comes from keying every side effect by `workflow_id:step`: the inventory service dedupes in the
same transaction as its write, the PSP dedupes on its Idempotency-Key, and for the carrier, which has no
idempotency support, an idempotency table records intent and result around the call. Events leave
through an outbox, and the loyalty-points pipeline reads and writes Kafka inside one Kafka transaction.
Payment-wallet and ticket-booking also run Temporal sagas; here the orchestrator's replay, the
idempotency table and Kafka's transactions are the subject, so they are drawn and walked through.
"""

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "exactly-once-workflows",
    title="Exactly-Once Processing for Distributed Workflows",
    category="async",
    learn="Idempotency, orchestration & compensation",
    promise=(
        "Run 2,000 order workflows/s at peak (10,000 activities/s) so that each order reserves, charges "
        "and ships exactly once in effect, or is fully compensated, surviving any worker crash with "
        "RPO 0 and the order accepted in p99 < 250 ms."
    ),
)

# -- components ------------------------------------------------------------------------------------

shop = bp.component(
    "shop",
    "web-client",
    "Shop checkout",
    tech="Web / mobile",
    responsibility="Places the order with an Idempotency-Key; shows the order status",
)
orders = bp.component(
    "orders",
    "service",
    "Order API",
    tech="Go",
    replicas=6,
    responsibility="Starts one workflow per order with workflow id = order id; answers status queries",
)

with bp.group("Temporal cluster", kind="cluster"):
    temporal = bp.component(
        "temporal",
        "orchestrator",
        "Temporal server",
        tech="Temporal: frontend, history, matching",
        replicas=9,
        backing_store="history",
        responsibility="Appends every workflow event to history, then hands tasks to workers via task queues",
    )
    history = bp.component(
        "history",
        "wide-column-db",
        "History store",
        tech="Cassandra, RF 3, LOCAL_QUORUM",
        replicas=9,
        topology=quorum(3, failover="0 s"),
        responsibility="Event histories and timers in 4,096 history shards; a write is durable on 2 of 3 replicas",
    )

with bp.group("Fulfilment workers", kind="tier"):
    workers = bp.component(
        "workers",
        "worker",
        "Workflow + activity workers",
        tech="Temporal Go SDK",
        replicas=24,
        backing_store="history",
        responsibility="Replays workflow code deterministically; runs activities keyed wf_id:step",
    )
    idem = bp.component(
        "idem",
        "relational-db",
        "Idempotency table",
        tech="Postgres 16, 2 shards",
        replicas=4,
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="Unique (workflow_id, step) -> status, result; guards calls to APIs without keys",
    )

inventory = bp.component(
    "inventory",
    "service",
    "Inventory service",
    tech="Java",
    replicas=6,
    responsibility="Reserve / release stock; dedupes on the request key in the same transaction",
)
invdb = bp.component(
    "invdb",
    "relational-db",
    "Stock + outbox",
    tech="Postgres 16 + Patroni",
    replicas=2,
    topology=single_writer(sync_standbys=1, failover="30 s"),
    responsibility="Stock rows, reservations unique on request key, and outbox rows, one transaction each",
)
psp = bp.component(
    "psp",
    "payment-provider",
    "Card PSP",
    tech="Stripe",
    accepted_risk="Charges retry with the same key for up to 1 h; the workflow waits, it does not fail",
    responsibility="Charges and refunds; a repeated Idempotency-Key returns the first result for 24 h",
)
carrier = bp.component(
    "carrier",
    "external-service",
    "Carrier API",
    tech="Parcel carrier REST",
    accepted_risk="Shipment booking can wait hours; the activity retries on a 4 h schedule-to-close",
    responsibility="Books shipments; no idempotency key, but shipments are searchable by our reference",
)

with bp.group("Event pipeline (Kafka EOS)", kind="cluster"):
    relay = bp.component(
        "relay",
        "worker",
        "Outbox relay",
        tech="Debezium, exactly.once.support",
        replicas=2,
        backing_store="events",
        lane="async",
        responsibility="Publishes committed outbox rows in Kafka transactions with its source offsets",
    )
    events = bp.component(
        "events",
        "stream",
        "Order events",
        tech="Kafka, RF 3, min.insync 2",
        replicas=6,
        topology=quorum(3, failover="10 s"),
        responsibility="Fulfilment events keyed by order id; readers use isolation.level=read_committed",
    )
    points = bp.component(
        "points",
        "stream-processor",
        "Points processor",
        tech="Kafka Streams, exactly_once_v2",
        replicas=6,
        lane="async",
        responsibility="Reads events, writes loyalty points and its input offsets in one Kafka transaction",
    )
    ledger = bp.component(
        "ledger",
        "stream",
        "Points topic",
        tech="Kafka, compacted",
        replicas=6,
        topology=quorum(3, failover="10 s"),
        responsibility="Loyalty-point credits per customer, each order counted once",
    )

# -- links -----------------------------------------------------------------------------------------

bp.link(shop, orders, "POST /orders, GET status")
bp.link(orders, temporal, "start / query", figure="peak_wf")
bp.link(temporal, history, "append events", figure="history_rate")
bp.link(temporal, workers, "task queues", nature="async", figure="peak_activities")
bp.link(workers, idem, "claim / record step")
bp.link(workers, inventory, "reserve / release")
bp.link(inventory, invdb, "1 tx: row + outbox")
bp.link(workers, psp, "charge / refund")
bp.link(workers, carrier, "book / find shipment")
bp.link(invdb, relay, "outbox via CDC", nature="replication")
bp.link(relay, events, "tx produce", nature="async")
bp.link(events, points, "read_committed", nature="stream")
bp.link(points, ledger, "tx: output + offsets", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Place order",
    [
        (shop, orders, "The shop sends POST /orders with the cart, payment method and an Idempotency-Key."),
        (
            orders,
            temporal,
            "The Order API starts workflow 'order-{id}' with id-reuse policy 'reject duplicate': a retried "
            "request finds the running workflow instead of starting a second one.",
            "10 ms",
            "40 ms",
        ),
        (
            temporal,
            history,
            "The history service writes WorkflowExecutionStarted at LOCAL_QUORUM before the API answers 202.",
            "8 ms",
            "60 ms",
        ),
    ],
    critical=True,
    mode="write",
    description="Accepting the order is one durable history write; the fulfilment runs after the 202.",
)

bp.flow(
    "Fulfil",
    [
        (temporal, workers, "The matching service hands the first activity, reserve, to a worker."),
        (
            workers,
            inventory,
            "The worker calls POST /reservations with key order-{id}:reserve.",
        ),
        (
            inventory,
            invdb,
            "One transaction inserts the reservation (unique on key), decrements stock and writes an "
            "outbox row; a repeated key returns the stored reservation.",
        ),
        (workers, psp, "Charge: the PSP call carries Idempotency-Key order-{id}:charge."),
        (
            workers,
            idem,
            "Ship: before calling the carrier, which has no keys, the worker inserts (order-{id}, ship) "
            "as STARTED; the unique key makes a second claim fail.",
        ),
        (workers, carrier, "It books the shipment with our reference order-{id}:ship in the payload."),
        (
            workers,
            idem,
            "It stores the tracking number as DONE, then completes the activity; Temporal appends the "
            "result to history.",
        ),
    ],
    description="Each effect is keyed by wf_id:step, so any redelivered activity changes nothing.",
)

bp.flow(
    "Compensate",
    [
        (
            workers,
            carrier,
            "The carrier rejects the address for good (a non-retryable 422): the activity fails and the "
            "workflow runs its compensations in reverse order.",
        ),
        (workers, psp, "Refund with Idempotency-Key order-{id}:refund, so a retried refund pays back once."),
        (workers, inventory, "Release with key order-{id}:release, which is a no-op if already released."),
        (inventory, invdb, "The release and its outbox row commit together; the order ends CANCELLED."),
    ],
    description="A saga: each forward step has an undo, keyed like the step itself.",
)

bp.flow(
    "Crash and replay",
    [
        (
            temporal,
            workers,
            "A worker dies after the PSP charged but before it reported; after the 30 s start-to-close "
            "timeout Temporal schedules the charge activity again on another worker.",
        ),
        (
            workers,
            psp,
            "The retry sends the same key, and the PSP returns the first charge instead of charging again.",
        ),
        (
            workers,
            idem,
            "For the ship step, a STARTED row with no result means 'outcome unknown': the worker searches "
            "the carrier by reference before it books.",
        ),
        (
            workers,
            carrier,
            "It finds the shipment booked before the crash, records it DONE and never books twice.",
        ),
    ],
    description="Workflow code replays from history; completed activities return their recorded results.",
)

bp.flow(
    "Publish events",
    [
        (invdb, relay, "Debezium reads committed outbox rows from the write-ahead log."),
        (
            relay,
            events,
            "It writes the events and its source offsets in one Kafka transaction, so a restart neither "
            "loses nor repeats a committed batch.",
        ),
        (events, points, "The points processor reads only committed records (read_committed)."),
        (
            points,
            ledger,
            "It writes the points credit and its consumer offsets in one transaction; an abort hides both.",
        ),
    ],
    description="Kafka's exactly-once holds from topic to topic; it ends where Kafka ends.",
)

bp.flow(
    "Read status",
    [
        (shop, orders, "The shop asks GET /orders/{id} while the order page is open."),
        (
            orders,
            temporal,
            "The Order API runs the workflow's 'status' query, answered from the workflow's state.",
            "15 ms",
            "80 ms",
        ),
    ],
    mode="read",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Customer", "places an order that is charged and shipped once", mode="write", flow="Place order")
bp.use_case("Customer", "sees the order's fulfilment status", mode="read", flow="Read status")
bp.use_case("Fulfilment", "cancels and refunds an order whose shipment fails", mode="write", flow="Compensate")
bp.use_case("Loyalty", "credits points once per fulfilled order", mode="write", flow="Publish events")
bp.out_of_scope("Returns and partial refunds", "Warehouse picking", "Fraud screening", "Multi-region active-active")

# -- targets ---------------------------------------------------------------------------------------

bp.target("Order accept latency", flow="Place order", p50="40 ms", p99="250 ms", note="Order API to 202")
bp.target("Status read latency", flow="Read status", p50="20 ms", p99="150 ms")
bp.target("Order accept availability", flow="Place order", availability="99.95%")
bp.target(
    "Durability",
    flow="Place order",
    rpo="0 s",
    rto="60 s",
    note="A 202 means the workflow start is on 2 of 3 Cassandra replicas",
)
bp.target(
    "Exactly-once effect",
    "0 duplicate charges or shipments per order",
    note="Checked daily: PSP charges per order and carrier shipments per reference, both must be <= 1",
)
bp.target(
    "Completion",
    "p99 < 10 s from accept to shipped while the PSP and carrier are up",
    note="{wf_in_flight} workflows are in flight at peak",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "step_results",
    primary_key="(workflow_id, step)",
    fields=[
        ("workflow_id", "text, 'order-' + uuid", 42),
        ("step", "smallint", 2),
        ("status", "smallint: STARTED / DONE", 2),
        ("result", "jsonb, tracking number", 64),
        ("created_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("PRIMARY KEY (workflow_id, step)", "the unique claim that makes a second attempt see the first"),
        ("(created_at) BRIN", "drops whole daily partitions after 7 days"),
    ],
    per="call",
    note="partitioned by day; one row per call to an API without idempotency keys",
)
bp.api(
    "places an order that is charged and shipped once",
    'POST /orders\nIdempotency-Key: 2b7c...\n{"cart_id": "c_81...", "payment_method": "pm_..."}',
    '202 Accepted\n{"order_id": "o_5d...", "status": "ACCEPTED"}',
)
bp.api(
    "cancels and refunds an order whose shipment fails",
    "(internal) Temporal activity RefundCharge\nIdempotency-Key: order-o_5d...:refund",
    '{"refund_id": "re_3...", "status": "succeeded"}',
)
bp.api(
    "credits points once per fulfilled order",
    'Kafka transaction: produce points{"customer": 77, "order": "o_5d...", "points": 120} + commit offsets',
    "commitTransaction() -> visible to read_committed readers",
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity(
    "avg_orders", "500 orders/s", "Average orders", basis="Planning value: a large marketplace, 43 M orders/day"
)
bp.quantity("peak_factor", "4", "Peak over average", basis="Evening and promotion peaks (planning value)")
bp.quantity("steps", "5 calls/orders", "Activities per workflow", basis="Reserve, charge, ship, confirm, notify")
bp.quantity("events_per_step", "3 events/calls", "History events per activity", basis="Scheduled, started, completed")
bp.quantity("wf_time", "3 s", "Mean workflow duration", basis="Charge 0.8 s + carrier 1.5 s + queueing")
bp.quantity("keyless_share", "20 %", "Activities needing the table", basis="1 of 5 steps (ship) lacks an API key")
bp.quantity("writes_per_claim", "2 tx/calls", "Table writes per guarded call", basis="Claim, then record result")
bp.quantity("pg_budget", "5000 tx/s", "Writes per Postgres primary", basis="Small sync-committed rows (load test)")
bp.quantity("headroom", "50 %", "Usable share of a primary", basis="Room for failover and replays")
bp.quantity("retention", "7 day", "Idempotency row retention", basis="Covers Temporal retries and the 24 h PSP window")
bp.quantity("history_bytes", "1 KB/events", "History event size", basis="Temporal payloads, compressed")
bp.quantity("copies", "3", "Cassandra replication factor", basis="RF 3 across zones")
psp_quota = bp.quota(
    "psp_quota",
    "3000 calls/s",
    "PSP write limit, negotiated",
    basis="Raised contract limit (assumption); Stripe's default is 100 ops/s",
    load="psp_rate",
)

bp.derive("peak_wf", "avg_orders * peak_factor", "Peak workflows", unit="orders/s")
bp.derive("peak_activities", "peak_wf * steps", "Peak activities", unit="calls/s")
bp.derive("history_rate", "peak_activities * events_per_step", "Peak history events", unit="events/s")
bp.quantity("charges", "1 calls/orders", "PSP charges per order", basis="One charge; refunds are rare")
bp.derive("psp_rate", "peak_wf * charges", "Peak PSP charges", unit="calls/s")
bp.derive("idem_writes", "peak_activities * keyless_share * writes_per_claim", "Idempotency writes", unit="tx/s")
bp.derive("idem_shards", "ceil(idem_writes / (pg_budget * headroom))", "Idempotency shards", unit="", section="fleet")
bp.derive(
    "idem_storage",
    "avg_orders * steps * keyless_share * retention * step_results_record",
    "Idempotency rows, 7 days",
    unit="GB",
    section="storage",
)
bp.derive(
    "history_storage",
    "avg_orders * steps * events_per_step * history_bytes * retention * copies",
    "History, 7 days closed, RF 3",
    unit="TB",
    section="storage",
)
bp.derive("wf_in_flight", "peak_wf * wf_time", "Workflows in flight (Little's law)", unit="orders", section="queues")
bp.derive("history_bw", "history_rate * history_bytes", "History write bandwidth", unit="MB/s")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Coordination",
    chosen="Orchestration: one Temporal workflow per order owns the sequence and the compensations",
    rejected="Choreography: services react to each other's Kafka events",
    why=(
        "5 steps with 2 compensations in reverse order at {peak_wf}: one history per order shows where "
        "each is stuck, while choreography spreads that state over 4 services' topics"
    ),
    cost="A cluster to run ({history_rate} into Cassandra) and workflow code that must stay deterministic",
    revisit_when="Workflows shrink to 2 steps with no compensation; events alone then suffice",
)
bp.tradeoff(
    decision="Atomicity across services",
    chosen="Saga: local commits with keyed compensations (refund, release)",
    rejected="Two-phase commit (XA) across inventory, PSP and carrier",
    why=(
        "The PSP and the carrier offer no XA; 2PC would hold stock locks over a 0.8 s charge, so a hot "
        "SKU at 100 orders/s would queue 80 waiters"
    ),
    cost="Intermediate states are visible (reserved, not charged) and every step needs a tested undo",
    revisit_when="All participants share one database, or compensations exceed 2% of orders",
)
bp.tradeoff(
    decision="Where duplicates are stopped",
    chosen="At each effect: request-key unique rows, PSP keys, and the (workflow_id, step) table",
    rejected="Trusting the orchestrator to deliver each activity once",
    why=(
        "Temporal activities are at least once: a crash after the effect but before the report "
        "retries it; at {peak_activities}, 0.1% timeouts mean 10 ambiguous retries/s"
    ),
    cost="{idem_writes} on {idem_shards} Postgres shards and {idem_storage} of rows for keyless calls",
    revisit_when="The carrier adds idempotency keys; then the table covers under 1% of calls and can go",
)
bp.tradeoff(
    decision="Event pipeline guarantee",
    chosen="Kafka transactions: transactional outbox relay and exactly_once_v2 in the points processor",
    rejected="At-least-once delivery with a dedupe table in the consumer",
    why=(
        "Points are Kafka to Kafka, so offsets and outputs commit together with ~100 ms commit interval, "
        "and no extra store takes {history_rate} of lookups"
    ),
    cost="About 100 ms more end-to-end latency and read_committed readers wait on open transactions",
    revisit_when="Over 50% of points output goes to a non-Kafka sink: then use idempotent upserts keyed by order",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="Activity worker crashes after the effect, before it reports",
    detection="Start-to-close timeout (30 s) fires; activity retry rate > 1% for 5 min pages",
    blast_radius="Activities in flight on that worker (up to 200); none is applied twice",
    mitigation="Temporal reschedules; keyed calls return the first result; recovered in 30 s",
)
bp.failure(
    failure="Non-deterministic workflow code is deployed",
    detection="Workflow task failures with NonDeterministicError > 0 for 1 min",
    blast_radius="Every open workflow of that type stalls; no effect runs twice, histories are intact",
    mitigation="Roll back the worker deploy, then re-release behind workflow.GetVersion; recovered in 10 min",
)
bp.failure(
    failure="Cassandra node of the History store lost",
    detection="Node down in gossip; history write p99 > 100 ms for 2 min",
    blast_radius="None while 2 of 3 replicas answer LOCAL_QUORUM; a second loss stalls its token ranges",
    mitigation="Replace the node and stream its data back; no failover pause; rebuilt in about 2 h",
)
bp.failure(
    failure="A compensation keeps failing (refund declined, PSP down)",
    detection="Workflows in COMPENSATING for > 1 h",
    blast_radius="That order: stock released, money still with us until refunded",
    mitigation="Refund retries with backoff for 24 h, then goes to a finance queue; resolved within 1 day",
)
bp.failure(
    failure="Idempotency shard primary fails",
    detection="Patroni leader key expires; claim errors > 1% for 30 s",
    blast_radius="Ship steps on 1 of 2 shards wait; charges and reservations carry on",
    mitigation="Patroni promotes the sync standby (RPO 0); activities retry; recovered in 30 s",
)
bp.failure(
    failure="Outbox relay stalls, or an Order events broker is lost",
    detection="Oldest unpublished outbox row > 30 s; under-replicated partitions > 0 for 5 min",
    blast_radius="Points lag; orders and fulfilment carry on",
    mitigation="Kafka elects new leaders in ~10 s; Debezium resumes from its committed offsets; drained in 2 min",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (20K workflows/s)",
    breaks="History writes reach 10 x {history_rate}; idempotency writes 10 x {idem_writes}; the PSP limit",
    next_move="Grow Cassandra to ~90 nodes, 16 idempotency shards, a second PSP; 4,096 history shards still fit",
)
bp.scaling(
    at="100x (200K workflows/s)",
    breaks="One Temporal cluster's history shards and one Cassandra ring become the limit",
    next_move="Cells: 8 to 10 Temporal clusters, orders routed by hash(order id), each with its own store",
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Temporal documentation: Workflow execution and deterministic replay",
    "Why workflow code must be deterministic and how history replays it",
    url="https://docs.temporal.io/workflow-execution",
)
bp.reference(
    "Temporal documentation: Activity execution and timeouts",
    "At-least-once activities, start-to-close and schedule-to-close timeouts",
    url="https://docs.temporal.io/activity-execution",
)
bp.reference(
    "Confluent: Exactly-Once Semantics Are Possible: Here's How Kafka Does It",
    "Idempotent producers, transactions and read_committed",
    url="https://www.confluent.io/blog/exactly-once-semantics-are-possible-heres-how-apache-kafka-does-it/",
)
bp.reference(
    "KIP-618: Exactly-Once Support for Source Connectors",
    "Kafka Connect source tasks writing records and offsets in one transaction",
    url="https://cwiki.apache.org/confluence/display/KAFKA/KIP-618%3A+Exactly-Once+Support+for+Source+Connectors",
)
bp.reference(
    "Hector Garcia-Molina and Kenneth Salem: Sagas (SIGMOD 1987)",
    "Long-lived transactions as steps with compensations",
)
bp.reference(
    "microservices.io: Transactional outbox",
    "Writing the event in the same transaction as the state change",
    url="https://microservices.io/patterns/data/transactional-outbox.html",
)
bp.reference(
    "Stripe API reference: Idempotent requests",
    "Keys kept 24 h; a repeated key returns the first result",
    url="https://docs.stripe.com/api/idempotent_requests",
)

bp.key_numbers("peak_wf", "peak_activities", "history_rate", "idem_writes", "wf_in_flight")

BLUEPRINT = bp.build()
