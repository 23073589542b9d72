"""Building blocks (part 1 of 3): the log and the queue. One Kafka topic of order events, 64 partitions
replicated three ways, read by two consumer groups that each keep their own offsets, next to an SQS work
queue doing the job a queue is good at. The question this part answers: how does a partitioned log let
one write be read by many teams, in order per key, at 100K messages/s, and what does a queue do
differently? Part 2 (advanced-blocks) adds backpressure, retries and dead letters on top of these
primitives; part 3 (operational-blocks) adds the alerting and scaling loops that keep them running.
"""

from kit import Blueprint, leaderless, quorum, single_writer

bp = Blueprint(
    "building-blocks",
    title="Unlocking Scalability: Building Blocks (p1)",
    category="fundamentals",
    learn="Queues, topics, partitions, consumer groups, offsets",
    promise=(
        "Carry 100K order events/s at peak through one partitioned, replicated log that two consumer groups "
        "read independently, in order per order id, with no acknowledged event lost (acks=all, RPO 0) "
        "and a publish p99 under 50 ms."
    ),
)

# -- components ------------------------------------------------------------------------------------

with bp.group("Producers", kind="tier"):
    checkout = bp.component(
        "checkout",
        "service",
        "Checkout service",
        tech="Java, idempotent Kafka producer",
        replicas=12,
        responsibility="Publishes OrderPlaced/Paid/Shipped keyed by order id with acks=all; enqueues receipt jobs",
    )
    registry = bp.component(
        "registry",
        "config",
        "Schema registry",
        tech="Confluent Schema Registry",
        replicas=2,
        lane="clients",
        responsibility="Stores Avro schemas in a compacted topic; rejects changes that break BACKWARD compatibility",
    )

with bp.group("Kafka cluster (KRaft, 6 brokers, 3 zones)", kind="cluster"):
    controllers = bp.component(
        "controllers",
        "coordination",
        "KRaft controllers",
        tech="Kafka KRaft quorum",
        replicas=3,
        lane="async",
        topology=quorum(3, failover="5 s"),
        responsibility="Raft quorum holding cluster metadata; fences dead brokers and elects partition leaders",
    )
    leader = bp.component(
        "leader",
        "stream",
        "Partition leaders",
        tech="Kafka 3.7, topic orders",
        replicas=6,
        # acks=all: a write is acknowledged once every in-sync replica has it, and min.insync.replicas=2.
        topology=single_writer(sync_standbys=2, failover="10 s"),
        responsibility="64 partitions spread over 6 brokers; each leader appends, assigns offsets, serves fetches",
    )
    followers = bp.component(
        "followers",
        "stream",
        "Follower replicas",
        tech="Kafka 3.7, RF 3",
        replicas=2,
        # Their durability role is in the leader's topology; either can become leader.
        topology=leaderless(2, needed=1),
        responsibility="Fetch from the leader in other zones; stay in the ISR while within 30 s of its log end",
    )
    offsets = bp.component(
        "offsets",
        "key-value-store",
        "Offsets + group coordinator",
        tech="Kafka __consumer_offsets",
        replicas=3,
        lane="async",
        topology=single_writer(sync_standbys=2, failover="10 s"),
        responsibility="Compacted topic (50 partitions) of committed offsets; its leader runs each group's membership",
    )
with bp.group("Group A: fulfilment", kind="tier"):
    fulfil = bp.component(
        "fulfil",
        "worker",
        "Fulfilment consumers",
        tech="Java consumer, cooperative-sticky",
        replicas=50,
        lane="data",
        responsibility="Each owns 1-2 partitions; reserves stock and creates shipments, then commits the offset",
    )
    fulfil_db = bp.component(
        "fulfil-db",
        "relational-db",
        "Fulfilment DB",
        tech="Postgres 16 + Patroni",
        replicas=2,
        lane="external",
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="Shipments and a processed_events table whose unique event id makes redelivery harmless",
    )

with bp.group("Group B: analytics", kind="tier"):
    sink = bp.component(
        "sink",
        "worker",
        "Lake sink",
        tech="Kafka Connect S3 sink",
        replicas=8,
        lane="data",
        backing_store="offsets",
        responsibility="Reads the same partitions at its own pace; writes Parquet files every 5 min or 100 MB",
    )
    lake = bp.component(
        "lake",
        "object-store",
        "Order lake",
        tech="S3, Parquet by hour",
        lane="external",
        managed="AWS",
        responsibility="Keeps every order event for years for analytics and back-fills",
    )

with bp.group("Work queue, for contrast", kind="tier"):
    jobs = bp.component(
        "jobs",
        "queue",
        "Receipt jobs",
        tech="SQS standard queue",
        managed="AWS",
        responsibility="One message per receipt; a received message hides for 60 s and is deleted on success",
    )
    mailer = bp.component(
        "mailer",
        "worker",
        "Receipt workers",
        tech="Go, long polling",
        replicas=4,
        lane="data",
        responsibility="Competing consumers: whichever worker receives a job renders and sends that receipt",
    )

lag = bp.component(
    "lag",
    "monitoring",
    "Lag monitor",
    tech="Prometheus + kafka-lag-exporter",
    replicas=2,
    role="background",
    responsibility="Tracks log-end minus committed offset per partition and group; alerts on lag and ISR shrink",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(checkout, registry, "schema id (cached)")
bp.link(checkout, leader, "produce, acks=all", figure="peak_msgs")
bp.link(leader, followers, "replica fetch", nature="replication")
bp.link(controllers, leader, "new leader + ISR", nature="async")
bp.link(fulfil, leader, "fetch from offset")
bp.link(fulfil, fulfil_db, "upsert + event id")
bp.link(fulfil, offsets, "heartbeat, commit")
bp.link(sink, leader, "fetch, own offset")
bp.link(sink, lake, "Parquet, 5 min")
bp.link(sink, offsets, "commit")
bp.link(checkout, jobs, "SendMessage", nature="async")
bp.link(mailer, jobs, "Receive / Delete")
bp.link(lag, offsets, "committed offsets")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Publish an event",
    [
        (
            checkout,
            registry,
            "The producer serialises OrderPlaced with Avro; the schema id comes from the registry once and is "
            "cached, so it costs nothing per message.",
            "0.1 ms",
            "1 ms",
        ),
        (
            checkout,
            leader,
            "murmur2(order id) mod 64 picks the partition, so all events of one order land in one log in order; "
            "the producer batches for 5 ms (linger.ms) and sends to that partition's leader.",
            "6 ms",
            "15 ms",
        ),
        (
            leader,
            followers,
            "The leader appends at the next offset; followers in two other zones fetch it, and the leader "
            "answers only when every in-sync replica has it (acks=all, at least 2 of 3).",
            "4 ms",
            "25 ms",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "The write path: one append to one partition, replicated before the acknowledgement. A retry after "
        "a lost ack is deduplicated by the idempotent producer's sequence numbers."
    ),
)

bp.flow(
    "Group A consumes",
    [
        (
            fulfil,
            leader,
            "Each fulfilment consumer polls the partitions the group assigned to it, from its committed offset, "
            "up to 500 records per poll.",
            "5 ms",
            "30 ms",
        ),
        (
            fulfil,
            fulfil_db,
            "It reserves stock and creates the shipment in one transaction that also inserts the event id; a "
            "duplicate id makes the whole transaction a no-op.",
            "8 ms",
            "40 ms",
        ),
        (
            fulfil,
            offsets,
            "Only after the batch is processed does it commit offset + 1 per partition, so a crash replays "
            "at most one batch and never skips one.",
            "3 ms",
            "20 ms",
        ),
    ],
    mode="write",
    description="At-least-once delivery plus an idempotent handler: the effect happens once.",
)

bp.flow(
    "Group B replays",
    [
        (
            sink,
            offsets,
            "A new analytics job resets group B's offsets to 3 days ago; group A's offsets are separate "
            "keys and do not move.",
        ),
        (
            sink,
            leader,
            "The sink fetches from those older offsets, reading the pages from disk while group A reads the "
            "newest data from the page cache.",
        ),
        (
            sink,
            lake,
            "It writes hourly Parquet files to S3, naming each file by topic, partition and start offset, so "
            "a rewrite after a crash replaces rather than duplicates.",
        ),
    ],
    mode="read",
    description="One write, many readers: a group is only a name and a set of offsets on the same log.",
)

bp.flow(
    "Consumer dies: rebalance",
    [
        (
            fulfil,
            offsets,
            "A consumer's node dies; its heartbeats stop and after session.timeout.ms (45 s) the group "
            "coordinator removes it from the group.",
        ),
        (
            fulfil,
            offsets,
            "With cooperative-sticky assignment only the dead member's 1-2 partitions move; the other 49 "
            "consumers keep processing during the rebalance.",
        ),
        (
            fulfil,
            leader,
            "The new owner fetches from the last committed offset and re-processes the uncommitted batch; "
            "the event-id check in the DB turns those duplicates into no-ops.",
        ),
    ],
    description="Recovery from the consumer side: position lives in the log, not in the dead process.",
)

bp.flow(
    "Broker dies: election",
    [
        (
            controllers,
            leader,
            "A broker misses its heartbeats to the KRaft controller (broker.session.timeout.ms, 9 s) and is "
            "fenced; for each partition it led, the controller promotes a follower from the ISR.",
        ),
        (
            checkout,
            leader,
            "Producers get NOT_LEADER errors, refresh metadata and resend to the new leader; the idempotent "
            "producer's sequence numbers stop the resend from writing twice.",
        ),
    ],
    description="Only an in-sync replica may lead, so every acknowledged event survives the broker.",
)

bp.flow(
    "Queue job",
    [
        (
            checkout,
            jobs,
            "After a successful publish, checkout also sends a receipt job to the SQS queue.",
        ),
        (
            mailer,
            jobs,
            "A worker long-polls and receives the job; SQS hides it from every other worker for the 60 s "
            "visibility timeout.",
        ),
        (
            mailer,
            jobs,
            "The worker sends the email and deletes the message; if it crashes first, the job reappears after "
            "60 s and another worker takes it.",
        ),
    ],
    mode="write",
    description="A queue spreads jobs over competing workers and forgets each one once it is acknowledged.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case(
    "Checkout service",
    "publishes every order state change once, in order per order",
    mode="write",
    flow="Publish an event",
)
bp.use_case("Fulfilment", "turns each order event into exactly one shipment", mode="write", flow="Group A consumes")
bp.use_case(
    "Analytics team",
    "replays the last 3 days of orders into the lake without touching fulfilment",
    mode="read",
    flow="Group B replays",
)
bp.use_case("Receipt worker", "takes one receipt job at a time from a shared queue", mode="write", flow="Queue job")
bp.use_case("Platform team", "loses a consumer or a broker without losing position or data")
bp.out_of_scope(
    "Retries, dead-letter topics and backpressure (part 2, advanced-blocks)",
    "Alerting, autoscaling and self-healing (part 3, operational-blocks)",
    "Exactly-once stream processing with Kafka transactions",
    "Cross-region replication (MirrorMaker 2)",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Publish latency",
    flow="Publish an event",
    p50="15 ms",
    p99="50 ms",
    note="From send() to the acks=all acknowledgement, including 5 ms of linger",
)
bp.target(
    "Group A processing latency",
    flow="Group A consumes",
    p50="30 ms",
    p99="100 ms",
    note="Poll, transaction and commit for one batch; end-to-end lag is watched separately (< 2 s)",
)
bp.target(
    "Publish availability",
    flow="Publish an event",
    availability="99.95%",
    note="22 min a month; a leader election pauses 1/6 of partitions for about 10 s",
)
bp.target(
    "Durability",
    flow="Publish an event",
    rpo="0 s",
    rto="10 s",
    note="acks=all with min.insync.replicas=2 and unclean leader election off",
)
bp.target(
    "Ingest throughput",
    flow="Publish an event",
    throughput="100000 messages/s",
    capacity="topic_capacity",
    note="64 partitions at the planning budget of 5 MB/s each",
)
bp.target(
    "Ordering",
    "0 out-of-order events per order id; no order promised across partitions",
    note="Holds while the partition count is fixed; adding partitions remaps keys",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "orders topic",
    primary_key="(partition, offset)",
    fields=[
        ("key: order_id", "uuid bytes", 16),
        ("value: OrderEvent", "Avro, ~5 lines and totals", 880),
        ("headers", "trace id, event type", 60),
        ("schema id prefix", "magic byte + 4-byte id", 5),
        ("record framing", "varint lengths, offset and time deltas", 15),
        ("batch header share", "61 B per batch of ~16 records", 4),
    ],
    indexes=[
        ("offset index (sparse, every 4 KB)", "a consumer's fetch from offset N finds its file position in O(log n)"),
        ("time index", "offsetsForTimes finds '3 days ago' for group B's reset"),
    ],
    per="message",
    note="append-only; the key picks the partition, the offset is the position within it",
)
bp.table(
    "processed_events",
    primary_key="event_id",
    fields=[
        ("event_id", "uuid", 16),
        ("partition_offset", "int + bigint", 12),
        ("processed_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("PRIMARY KEY (event_id)", "a redelivered event hits the key and its transaction does nothing")],
    per="message",
    note="pruned after 8 days, one day past the topic's retention",
)
bp.api(
    "publishes every order state change once, in order per order",
    'producer.send(ProducerRecord("orders", key=order_id, value=OrderPlaced{...}))  # acks=all, idempotent',
    'RecordMetadata{topic: "orders", partition: 17, offset: 48213377, timestamp: 1764561600000}',
)
bp.api(
    "turns each order event into exactly one shipment",
    "INSERT INTO processed_events (event_id, ...) ON CONFLICT DO NOTHING; ... ; commitSync({orders-17: 48213378})",
    "1 row inserted (new) or 0 (duplicate, skip the work); OffsetCommitResponse{error: NONE}",
)
bp.api(
    "takes one receipt job at a time from a shared queue",
    'ReceiveMessage{QueueUrl: ".../receipts", WaitTimeSeconds: 20, VisibilityTimeout: 60}',
    '{"Messages": [{"MessageId": "…", "ReceiptHandle": "AQEB…", "Body": "{order_id…}"}]}',
)

# -- assumptions and load model --------------------------------------------------------------------

bp.quantity(
    "avg_msgs",
    "25e3 messages/s",
    "Average order events",
    basis="Planning value (Dec 2026) for a large retailer: ~2.2 bn order, payment and shipment events a day",
)
bp.quantity("peak_factor", "4", "Peak over average", basis="Sale-hour peak over the daily mean (planning value)")
bp.quantity(
    "partition_bw",
    "5 MB/s",
    "Write budget per partition",
    basis="Planning value, well under what one partition "
    "sustains, to leave room for consumer fetches and catch-up reads",
)
bp.quantity("consumer_rate", "2000 messages/s", "One fulfilment consumer", basis="Load test: batched Postgres writes")
bp.quantity("partitions", "64", "Partitions chosen", basis="Above both minimums below, a power of two for growth")
bp.quantity("rf", "3", "Replication factor", basis="One copy per availability zone")
bp.quantity("groups", "2", "Consumer groups reading the topic", basis="Fulfilment and analytics")
bp.quantity("merchant_share", "5 %", "Largest merchant's share", basis="Planning value for a marketplace")
bp.quantity("retention", "7 days", "Topic retention", basis="Replay window for back-fills and bug fixes")
bp.quantity("broker_disk", "15 TB", "Disk per broker", basis="AWS i4i.16xlarge: 4 x 3,750 GB NVMe")
bp.quantity("disk_fill", "50 %", "Usable disk share", basis="Room to re-replicate a failed broker's data")
bp.quantity("session_timeout", "45 s", "Consumer session timeout", basis="Kafka 3.x default session.timeout.ms")
bp.quantity("lag_target", "2 s", "Allowed end-to-end lag", basis="Fulfilment starts picking within seconds")
bp.quantity("dedup_window", "8 days", "processed_events kept", basis="Retention plus one day")

bp.derive("peak_msgs", "avg_msgs * peak_factor", "Peak order events", unit="messages/s")
bp.derive("peak_bw", "peak_msgs * orders_topic_record", "Peak produce bandwidth", unit="MB/s", section="bandwidth")
bp.derive("parts_for_bw", "ceil(peak_bw / partition_bw)", "Partitions for bandwidth", unit="", section="fleet")
bp.derive("consumers", "ceil(peak_msgs / consumer_rate)", "Fulfilment consumers needed", unit="", section="fleet")
bp.derive(
    "topic_capacity",
    "partitions * partition_bw / orders_topic_record",
    "Topic capacity",
    unit="messages/s",
    section="fleet",
)
bp.derive("hot_merchant", "peak_msgs * merchant_share", "Largest merchant at peak", unit="messages/s")
bp.derive("hot_merchant_bw", "hot_merchant * orders_topic_record", "Largest merchant's bytes", unit="MB/s")
bp.derive("per_partition", "peak_msgs / partitions", "Peak per partition", unit="messages/s", section="rates")
bp.derive(
    "cluster_egress",
    "peak_bw * (rf - 1 + groups)",
    "Broker egress (replicas + groups)",
    unit="MB/s",
    section="bandwidth",
)
bp.derive(
    "kafka_disk",
    "avg_msgs * orders_topic_record * retention * rf",
    "Topic on disk, 7 days x RF 3",
    unit="TB",
    section="storage",
)
bp.derive("brokers", "ceil(kafka_disk / (broker_disk * disk_fill))", "Brokers for storage", unit="", section="fleet")
bp.derive(
    "dedup_storage",
    "avg_msgs * processed_events_record * dedup_window",
    "processed_events table",
    unit="GB",
    section="storage",
)
bp.derive("max_lag", "peak_msgs * lag_target", "Lag bound (Little's law)", unit="messages", section="queues")
bp.derive(
    "rebalance_backlog",
    "per_partition * session_timeout",
    "Backlog on a dead consumer's partition",
    unit="messages",
    section="queues",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Log or queue for order events",
    chosen="A Kafka topic: retained 7 days, each consumer group keeps its own offset",
    rejected="SNS fan-out to one SQS queue per consuming team",
    why=(
        "Two groups read {peak_msgs} each, and back-fills must re-read days of history; a queue deletes a "
        "message on ack, so a replay needs a second copy, and each new team needs a new queue"
    ),
    cost=(
        "Order only per partition, head-of-line blocking behind a slow record, {kafka_disk} of disk, and a "
        "cluster to run"
    ),
    revisit_when=(
        "Under 1K messages/s with a single consumer, or jobs needing per-message delays or priorities "
        "(then a queue, as the receipt jobs use)"
    ),
)
bp.tradeoff(
    decision="When to commit the offset",
    chosen="Commit after processing (at-least-once) with an idempotent handler keyed by event id",
    rejected="Auto-commit every 5 s, or commit before processing (at-most-once)",
    why=(
        "Auto-commit can mark records done that a crash never processed: up to 5 s x {per_partition} "
        "lost per partition; commit-after only repeats work, and the unique event id absorbs the repeat"
    ),
    cost="One extra insert per event and a {dedup_storage} dedup table; replays redo up to 500 records",
    revisit_when=(
        "Handlers write only to Kafka (Kafka transactions then remove the dedup table), or duplicates pass 0.1% "
        "of events"
    ),
)
bp.tradeoff(
    decision="Partition key",
    chosen="order_id, so an order's events stay in one partition, in order",
    rejected="merchant_id (locality) or no key (sticky partitioner, best balance)",
    why=(
        "Without a key, Paid can be processed before Placed on another consumer; by merchant, a merchant "
        "with 5% of traffic sends {hot_merchant}, about {hot_merchant_bw}, one partition's whole budget"
    ),
    cost="No ordering across orders of one customer or merchant; joins by merchant happen downstream",
    revisit_when="One order emits > 100 events, or a consumer needs per-customer order (re-key a derived topic)",
)
bp.tradeoff(
    decision="Partition count",
    chosen="64 partitions from day one",
    rejected="The bandwidth minimum ({parts_for_bw}) or a generous 512",
    why=(
        "Parallelism in a group is capped by partitions: {consumers} consumers need at least that many; "
        "512 would multiply open files, election work and rebalance time by 8 for no present need"
    ),
    cost=(
        "Adding partitions later remaps hash(key) mod N, breaking per-order ordering during the change, "
        "so growth means a new topic and a migration"
    ),
    revisit_when="Peak passes 120K messages/s (60 consumers at 2K/s each, near the 64-partition ceiling)",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A broker dies (partition leaders for 1/6 of the topic)",
    detection="Offline partitions > 0 (page at once); under-replicated partitions > 0 for 5 min",
    blast_radius="Writes and reads of ~11 of 64 partitions pause; other partitions and groups carry on",
    mitigation=(
        "The controller elects in-sync followers within ~10 s; producers resend idempotently (RPO 0); "
        "a replacement broker re-copies its ~7.4 TB share at a 1 GB/s throttle in about 2 h"
    ),
)
bp.failure(
    failure="A fulfilment consumer crashes or stalls in a long GC pause",
    detection="Group lag > {max_lag} or any partition's lag growing for 2 min; rebalances > 3 per 10 min",
    blast_radius="Only that member's 1-2 partitions in group A (~{rebalance_backlog} queued each); group B unaffected",
    mitigation=(
        "The coordinator evicts it after 45 s and reassigns its partitions cooperatively; duplicates of "
        "the uncommitted batch are absorbed by event id; caught up within ~2 min"
    ),
)
bp.failure(
    failure="A poison record: valid Avro that the handler throws on every time",
    detection="Same partition and offset failing > 3 times; that partition's lag rising while others fall",
    blast_radius="One partition of one group stops (head-of-line blocking); the other 63 keep flowing",
    mitigation=(
        "The registry already blocks incompatible schemas at produce time; the handler skips to a "
        "dead-letter topic after 3 tries (part 2), unblocking the partition within 1 min"
    ),
)
bp.failure(
    failure="Offsets + group coordinator leader lost (__consumer_offsets partition moves)",
    detection="OffsetCommit errors COORDINATOR_NOT_AVAILABLE > 1% for 1 min; Connect task restarts",
    blast_radius="Commits and rebalances of groups mapped to that partition; processing continues, commits retry",
    mitigation=(
        "A follower of the offsets partition becomes leader within ~10 s and loads the group state; "
        "commits resume; at worst one batch is reprocessed"
    ),
)
bp.failure(
    failure="Broker disks fill (retention underestimated or a consumer pinned old data in tiered storage)",
    detection="Any broker disk > 70% for 30 min; log-end growth beyond the storage model by > 20%",
    blast_radius="The whole cluster: a full disk takes the broker offline, and its partitions move",
    mitigation=(
        "Lower retention.bytes on the topic within minutes, then add brokers and reassign partitions "
        "(hours); the topic needs {kafka_disk} of the 6 brokers' raw NVMe"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (1M events/s peak, ~1 GB/s)",
    breaks=(
        "64 partitions cap a group at 64 consumers (128K events/s); 7 days take ~450 TB over 3 copies, "
        "60 brokers for disk alone"
    ),
    next_move=(
        "A new 512-partition topic, with producers switched and old partitions drained; tiered storage "
        "(KIP-405) keeps 1 day local and 7 days on S3, so brokers size for throughput, not retention"
    ),
)
bp.scaling(
    at="100x (10M events/s peak, ~10 GB/s)",
    breaks="One cluster's controller, rebalances across thousands of partitions and a single failure domain",
    next_move=(
        "Split by domain and region into several clusters (cells), each under ~2 GB/s, with MirrorMaker 2 "
        "for the few topics read across cells"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Jay Kreps: The Log: What every software engineer should know about real-time data's unifying abstraction",
    "Why an ordered, replayable log is the integration primitive",
    url="https://engineering.linkedin.com/distributed-systems/log-what-every-software-engineer-should-know-about-real-time-datas-unifying",
)
bp.reference(
    "Apache Kafka documentation",
    "Partitions, replication and the ISR, acks and min.insync.replicas, consumer groups and offsets",
    url="https://kafka.apache.org/documentation/",
)
bp.reference(
    "KIP-500: Replace ZooKeeper with a Self-Managed Metadata Quorum",
    "The KRaft controller quorum used here",
    url="https://cwiki.apache.org/confluence/display/KAFKA/KIP-500%3A+Replace+ZooKeeper+with+a+Self-Managed+Metadata+Quorum",
)
bp.reference(
    "Kreps, Narkhede, Rao: Kafka: a Distributed Messaging System for Log Processing (NetDB 2011)",
    "The original design: pull consumers, offsets instead of per-message acks",
)
bp.reference(
    "Amazon SQS Developer Guide: Visibility timeout",
    "How a received message hides from other consumers and reappears",
    url="https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-visibility-timeout.html",
)
bp.reference(
    "Confluent: How to choose the number of topics/partitions in a Kafka cluster",
    "Partition count against throughput, open files and failover time",
    url="https://www.confluent.io/blog/how-choose-number-topics-partitions-kafka-cluster/",
)

bp.key_numbers("peak_msgs", "peak_bw", "consumers", "kafka_disk", "max_lag")

BLUEPRINT = bp.build()
