"""Auto-scaling worker pools for event processing: order events on a 64-partition Kafka topic are enriched
by a pool of I/O-bound workers that each hold 20 tax-engine calls in flight. The pool is sized by a
feedback loop on what the SLA is about, the backlog: KEDA turns consumer-group lag and Prometheus'
predicted drain time into the HPA's desired replicas, low-priority balloon pods keep a warm buffer so new
workers start in seconds, Karpenter refills that buffer with nodes, and scale-in waits 300 s and then
drains each pod gracefully. Operational-blocks scales a synchronous checkout service on CPU per pod; here
the signal is queue lag, the ceiling is the partition count and the downstream quota, and the subject is
how fast capacity arrives compared with how fast a backlog breaks the SLA.
"""

from kit import Blueprint, quorum

bp = Blueprint(
    "autoscaling-worker-pools",
    title="Auto-Scaling Worker Pools for Event Processing",
    category="async",
    learn="Feedback-driven elasticity, SLA-aware scaling",
    promise=(
        "Enrich 3,000 order events/s at peak with p99 under 60 s from produce to result, by scaling a "
        "worker pool from 10 to 60 pods on lag and drain time, adding capacity in under 30 s for a 2x "
        "burst, and never losing or double-applying an event on scale-in."
    ),
)

# -- components ------------------------------------------------------------------------------------

orders = bp.component(
    "orders",
    "service",
    "Order service",
    tech="Java, idempotent producer",
    replicas=6,
    responsibility="Publishes OrderPlaced events keyed by order id",
)
events = bp.component(
    "events",
    "stream",
    "Order events",
    tech="Kafka, 64 partitions, RF 3",
    replicas=6,
    topology=quorum(3, failover="10 s"),
    responsibility="Buffers events for 3 days; the consumer group's lag is the scaling signal",
)

with bp.group("Worker pool", kind="tier"):
    workers = bp.component(
        "workers",
        "worker",
        "Enrichment workers",
        tech="Go, 20 calls in flight per pod",
        replicas=10,
        lane="data",
        responsibility="Fetch, call the tax engine, upsert the result, commit offsets; drain on SIGTERM",
    )
    balloon = bp.component(
        "balloon",
        "worker",
        "Warm buffer",
        tech="Balloon pods, priority -10",
        replicas=10,
        lane="data",
        responsibility="Hold node capacity for 10 workers; preempted the instant a real worker is pending",
    )

results = bp.component(
    "results",
    "key-value-store",
    "Enriched orders",
    tech="DynamoDB, on-demand",
    managed="AWS",
    availability=0.9999,
    topology=quorum(3, failover="0 s"),
    responsibility="Order id -> tax, validated address, event offset; a replayed event overwrites itself",
)

tax = bp.component(
    "tax",
    "external-service",
    "Tax engine",
    tech="SaaS tax API",
    availability=0.9995,
    accepted_risk="One tax provider by contract; while it is down, events wait in Kafka for up to 3 days",
    responsibility="Quotes tax and validates the address; 0.2 s mean, 6,500 calls/s contracted",
)
ec2 = bp.component(
    "ec2",
    "external-service",
    "EC2 Fleet API",
    tech="AWS EC2, Spot + On-Demand",
    managed="AWS",
    role="background",
    responsibility="Launches and terminates worker nodes in 60-90 s",
)

with bp.group("Scaling control", kind="tier"):
    keda = bp.component(
        "keda",
        "policy",
        "KEDA ScaledObject",
        tech="KEDA 2, Kafka + Prometheus triggers",
        replicas=2,
        responsibility="desired = max(ceil(lag / 1,000), ceil(drain / 10 s) x current), 10..60 pods",
    )
    prom = bp.component(
        "prom",
        "monitoring",
        "Prometheus",
        tech="Prometheus + kafka-exporter",
        replicas=2,
        responsibility="Scrapes lag and per-pod throughput; computes drain time = lag / throughput",
    )
    hpa = bp.component(
        "hpa",
        "policy",
        "HPA",
        tech="HPA, behaviour policies",
        managed="AWS",
        availability=0.9995,
        responsibility="In the EKS control plane: up +100%/15 s, down after a 300 s window (-10%/min)",
    )
    karpenter = bp.component(
        "karpenter",
        "deployer",
        "Karpenter",
        tech="Karpenter NodePool",
        replicas=2,
        role="background",
        responsibility="Launches nodes for pending pods; consolidates empty nodes after 5 min",
    )

# -- links -----------------------------------------------------------------------------------------

bp.link(orders, events, "produce, key order id", nature="async", figure="peak_events")
bp.link(events, workers, "fetch (consumer group)", nature="stream")
bp.link(workers, tax, "quote tax", figure="peak_calls")
bp.link(workers, results, "upsert result")
bp.link(prom, events, "scrape group lag")
bp.link(prom, workers, "scrape throughput")
bp.link(keda, prom, "lag, drain time")
bp.link(hpa, keda, "external metric")
bp.link(hpa, workers, "set replicas")
bp.link(workers, balloon, "preempt")
bp.link(karpenter, ec2, "launch / terminate")
bp.link(karpenter, balloon, "place pending pods")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Enrich",
    [
        (
            orders,
            events,
            "The order service produces OrderPlaced with acks=all, keyed by order id.",
            "5 ms",
            "25 ms",
        ),
        (
            events,
            workers,
            "The worker that owns the partition fetches it; up to 20 events per pod are in flight, "
            "ordered per order id.",
            "10 ms",
            "150 ms",
        ),
        (workers, tax, "It asks the tax engine for a quote and an address check.", "200 ms", "900 ms"),
        (
            workers,
            results,
            "It upserts the result keyed by order id, then commits the partition's offset past it.",
            "8 ms",
            "40 ms",
        ),
    ],
    critical=True,
    mode="write",
    description="The work being scaled: I/O-bound, so CPU stays low while the pool is saturated.",
)

bp.flow(
    "Scale out",
    [
        (prom, events, "kafka-exporter reports consumer-group lag every 15 s: it jumps to 180K events."),
        (prom, workers, "It also scrapes completions per pod (100 events/s each at 20 in flight / 0.2 s)."),
        (
            keda,
            prom,
            "KEDA polls every 15 s: lag 180K / 1,000 gives 180, capped at 60; drain time 60 s breaks the 10 s goal.",
        ),
        (hpa, keda, "The HPA reads that external metric from KEDA's metrics server; its policy allows +100% per 15 s."),
        (hpa, workers, "The HPA raises replicas from 40 to 60: 6,000 events/s, 3,000 over the arrival rate."),
        (
            workers,
            balloon,
            "10 pending workers preempt the 10 balloon pods and start in ~15 s on nodes already running.",
        ),
        (
            karpenter,
            balloon,
            "The evicted balloon pods and 20 more workers are pending; Karpenter picks instance types.",
        ),
        (karpenter, ec2, "It launches nodes; they are ready in 60-90 s and the buffer is whole again."),
    ],
    description="Fast up: the buffer covers the first seconds, new nodes the next 90 s.",
)

bp.flow(
    "Scale in and drain",
    [
        (
            hpa,
            workers,
            "Lag stays under the target for the 300 s window, so the HPA removes 10% of pods per minute.",
        ),
        (
            workers,
            results,
            "A pod gets SIGTERM: it stops fetching, finishes its in-flight calls (p99 0.9 s), upserts them "
            "and commits offsets within the 30 s grace period.",
        ),
        (
            events,
            workers,
            "It leaves the group; the cooperative-sticky assignor moves only its partitions, and the new "
            "owner resumes at the committed offset.",
        ),
        (karpenter, ec2, "Karpenter consolidates under-used nodes after 5 min and terminates them."),
    ],
    description="Slow down: no flapping, and no event lost or applied twice at a rebalance.",
)

bp.flow(
    "Downstream throttles",
    [
        (
            workers,
            tax,
            "The tax engine answers 429 above its contracted rate: each pod halves its in-flight limit "
            "(AIMD) and retries with jitter.",
        ),
        (
            keda,
            prom,
            "Drain time rises, but maxReplicaCount 60 keeps the pool under the quota, so adding pods cannot add calls.",
        ),
    ],
    description="Scaling out against a throttled downstream only adds 429s, so the cap holds.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Order service", "publishes order events for enrichment", mode="write", flow="Enrich")
bp.use_case("Worker pool", "grows within 30 s when lag breaks the drain goal", flow="Scale out")
bp.use_case("Worker pool", "shrinks without losing or repeating events", flow="Scale in and drain")
bp.use_case("Operator", "sees drain time against the 60 s SLA", flow="Downstream throttles")
bp.out_of_scope("Scaling the Kafka cluster itself", "GPU or CPU-bound jobs", "Multi-region failover")

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Event latency, no backlog",
    flow="Enrich",
    p50="300 ms",
    p99="2 s",
    note="Produce to upsert while lag is under one poll",
)
bp.target(
    "Event latency SLA",
    "p99 < 60 s from produce to result, including bursts",
    note="A 2x burst must be absorbed before {burst_backlog} waits longer than that",
)
bp.target(
    "Enrichment availability",
    "99.9% of minutes a month with p99 event latency under 60 s",
    note="The path is asynchronous, so the model has no synchronous chain to compose; while the tax engine "
    "is down events wait in Kafka, late but not lost",
)
bp.target("Durability", flow="Enrich", rpo="0 s", rto="60 s", note="acks=all, min.insync.replicas 2")
bp.target(
    "Capacity lead time",
    "new worker running in < 30 s; new node in < 120 s",
    note="The warm buffer holds {buffer_pods} pods' worth of nodes",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "enriched_orders",
    primary_key="order_id",
    fields=[
        ("order_id", "string", 20),
        ("tax_minor", "number", 8),
        ("currency", "string", 3),
        ("address_status", "string", 10),
        ("tax_quote_id", "string", 32),
        ("source_offset", "partition:offset", 16),
        ("enriched_at", "epoch ms", 8),
        ("attribute names + item overhead", "DynamoDB", 100),
    ],
    indexes=[("none beyond the key", "readers fetch by order id; a replay overwrites the same item")],
    per="event",
)
bp.api(
    "publishes order events for enrichment",
    'Kafka produce topic=order-events key="o_5d..."\n{"order_id": "o_5d...", "ship_to": {...}, "lines": [...]}',
    "RecordMetadata{partition: 17, offset: 88123410}  (acks=all)",
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("avg_events", "1000 events/s", "Average order events", basis="Planning value: 86 M events/day")
bp.quantity("peak_factor", "3", "Peak over average", basis="Evening and promotion peaks (planning value)")
bp.quantity("call_time", "0.2 s", "Mean tax-engine call", basis="Vendor p50, checked in our traces")
bp.quantity("per_pod", "20 events", "Events in flight per pod", basis="Connection pool per pod")
bp.quantity("utilisation", "75 %", "Target pool utilisation", basis="25% headroom covers a 2 min lead time")
bp.quantity("partitions", "64", "Topic partitions", basis="Upper bound on consumers in one group")
bp.quantity("max_pods", "60", "maxReplicaCount", basis="Quota cap, below the partition count")
bp.quantity(
    "burst", "60 s", "Worker outage or burst to absorb", basis="Planning value: one minute of stalled consumption"
)
bp.quantity(
    "drain_goal", "60 s", "Time to drain that burst", basis="Half of the 60 s SLA each for waiting and draining"
)
bp.quantity("buffer_pods", "10", "Balloon pods", basis="One third of peak pods, sized to cover a node's 90 s launch")
bp.quantity("event_size", "1 KB/event", "Event size", basis="Order JSON with lines")
bp.quantity("retention", "3 day", "Kafka retention", basis="Covers a weekend-long downstream outage")
bp.quantity("copies", "3", "Replication factor", basis="RF 3")
bp.quantity("result_days", "90 day", "Result retention", basis="Audit window for tax quotes")
bp.quota(
    "tax_quota",
    "6500 events/s",
    "Tax engine contracted rate",
    basis="Vendor contract (assumption); 429 above it",
    load="max_calls",
)

bp.derive("peak_events", "avg_events * peak_factor", "Peak events", unit="events/s")
bp.derive("peak_calls", "peak_events", "Peak tax calls", unit="events/s")
bp.derive("in_flight", "peak_events * call_time", "Events in flight (Little's law)", unit="events", section="queues")
bp.derive("pods_needed", "ceil(in_flight / per_pod)", "Pods at 100% busy", unit="", section="fleet")
bp.derive("pods_target", "ceil(in_flight / (per_pod * utilisation))", "Pods at target utilisation", unit="")
bp.derive("pod_rate", "per_pod / call_time", "Throughput per pod", unit="events/s", section="fleet")
bp.derive("burst_backlog", "peak_events * burst", "Backlog after a 60 s stall", unit="events", section="queues")
bp.derive("extra_pods", "ceil(burst_backlog / drain_goal / pod_rate)", "Pods beyond the 30 busy ones", unit="")
bp.derive("max_calls", "max_pods * pod_rate", "Calls at maxReplicaCount", unit="events/s")
bp.derive(
    "kafka_disk", "avg_events * event_size * retention * copies", "Kafka disk, 3 days", unit="TB", section="storage"
)
bp.derive(
    "result_storage",
    "avg_events * result_days * enriched_orders_record",
    "Results, 90 days",
    unit="TB",
    section="storage",
)
bp.derive("ingress_bw", "peak_events * event_size", "Peak topic ingress", unit="MB/s")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Scaling signal",
    chosen="Consumer-group lag and predicted drain time (KEDA Kafka + Prometheus triggers)",
    rejected="CPU utilisation (plain HPA at 70% CPU)",
    why=(
        "Workers wait on the tax engine 0.2 s per event: at {peak_events} a saturated pool shows ~15% "
        "CPU, so a CPU rule never fires while lag breaks the SLA"
    ),
    cost="An exporter and KEDA to run; lag is 15 s stale and partition skew can mislead it",
    revisit_when="Work turns CPU-bound (above 60% CPU at saturation); then CPU tracks load",
)
bp.tradeoff(
    decision="Asymmetric speed",
    chosen="Up +100% per 15 s; down -10% per minute after a 300 s stabilisation window",
    rejected="Symmetric fast scaling both ways",
    why=(
        "Bursty lag flips every 15 s; scaling down fast would flap and rebalance 64 partitions each "
        "time, pausing all consumers; {pods_target} pods at peak cost little to keep 5 min longer"
    ),
    cost="About 5 min of idle pods after each burst, ~10% more pod-hours",
    revisit_when="Idle pod-hours after bursts exceed 20% of the pool's cost",
)
bp.tradeoff(
    decision="Pool ceiling",
    chosen="maxReplicaCount 60, under 64 partitions and under the tax quota",
    rejected="Unbounded pods on an SQS queue (no partition cap)",
    why=(
        "Extra consumers beyond 64 partitions idle, and 60 pods already send {max_calls} against the "
        "{tax_quota} contract; more pods would only add 429s"
    ),
    cost="Per-order ordering ties us to Kafka, and a burst over 60 pods' rate must wait",
    revisit_when="The tax quota rises above 10K calls/s: raise partitions to 128 first",
)
bp.tradeoff(
    decision="Warm capacity",
    chosen="10 balloon pods held on running nodes, refilled by Karpenter",
    rejected="Scale from zero spare capacity (wait for nodes)",
    why=(
        "A node takes 60-90 s; a 60 s stall leaves {burst_backlog}, and it takes {extra_pods} extra "
        "pods to drain it in {drain_goal}; balloon pods give the first 10 in ~15 s"
    ),
    cost="10 pods of idle nodes all day, about 25% of the peak pool",
    revisit_when="Bursts rise slower than 10% a minute, where node launch keeps up",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="Lag metric goes missing (exporter or Prometheus down)",
    detection="KEDA scaler errors; metric absent for 60 s",
    blast_radius="No scaling decisions: the pool keeps its size while load may grow",
    mitigation="KEDA's fallback holds 40 replicas after 3 failed polls; exporter restarted in 2 min",
)
bp.failure(
    failure="Rebalance storm on scale-in",
    detection="Consumer-group rebalances > 4 in 5 min; lag spikes with pods idle",
    blast_radius="All 64 partitions pause during eager rebalances",
    mitigation="Cooperative-sticky assignor moves only the leaving pod's partitions; settles in 30 s",
)
bp.failure(
    failure="Pod killed before it drains (grace period exceeded, Spot reclaim)",
    detection="Pods terminated with in-flight > 0; duplicate upserts counter",
    blast_radius="Up to 20 events re-processed by the new partition owner",
    mitigation="Offsets commit after the upsert, and the upsert is keyed by order id: replays are harmless; 30 s",
)
bp.failure(
    failure="Tax engine slows to 1 s per call",
    detection="Tax call p50 > 0.5 s for 5 min; drain time > 30 s",
    blast_radius="Throughput per pod falls 5x; at 60 pods the pool clears only 1.2K events/s",
    mitigation="Lag grows inside Kafka's 3-day retention; page the vendor; caught up within 1 h of recovery",
)
bp.failure(
    failure="No EC2 capacity for the instance types (Spot shortage)",
    detection="Pods pending > 120 s; Karpenter launch errors",
    blast_radius="Scale-out stops at the buffer: 10 extra pods",
    mitigation="Karpenter falls back to other families and On-Demand; capacity back in 5 min",
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (30K events/s)",
    breaks="300 pods needed, over 64 partitions and 4.6x the tax quota",
    next_move="256 partitions, a tax quota of 40K calls/s or a quote cache per (address, basket) hash",
)
bp.scaling(
    at="100x (300K events/s)",
    breaks="One consumer group and one cluster: rebalances of 3K pods take minutes",
    next_move="Split into per-region topics and pools, each its own KEDA loop; cache repeat quotes",
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "KEDA documentation: Apache Kafka scaler",
    "lagThreshold, and replicas capped at the partition count",
    url="https://keda.sh/docs/2.14/scalers/apache-kafka/",
)
bp.reference(
    "Kubernetes documentation: Horizontal Pod Autoscaling",
    "Scaling behaviour policies and the 300 s scale-down stabilisation window",
    url="https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
)
bp.reference(
    "Karpenter documentation: Disruption and consolidation",
    "How empty and under-used nodes are removed",
    url="https://karpenter.sh/docs/concepts/disruption/",
)
bp.reference(
    "Kubernetes documentation: Pod Priority and Preemption",
    "How low-priority balloon pods give way to workers",
    url="https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/",
)
bp.reference(
    "Apache Kafka: KIP-429 incremental cooperative rebalancing",
    "The cooperative-sticky assignor that moves only revoked partitions",
    url="https://cwiki.apache.org/confluence/display/KAFKA/KIP-429%3A+Kafka+Consumer+Incremental+Rebalance+Protocol",
)
bp.reference(
    "John D. C. Little: A Proof for the Queuing Formula L = lambda W (1961)",
    "Events in flight = arrival rate x time in system",
)

bp.key_numbers("peak_events", "in_flight", "pods_target", "burst_backlog", "extra_pods")

BLUEPRINT = bp.build()
