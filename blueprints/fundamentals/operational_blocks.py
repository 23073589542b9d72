"""Operational blocks (part 3 of 3): the control loops that keep a service inside its SLO without a
human in the inner loop. One checkout service on Kubernetes is wrapped in three loops: an alerting loop
(SLIs scraped into Prometheus, multi-window burn-rate rules, Alertmanager, PagerDuty, a human with a
runbook), a scaling loop (HPA on a per-pod metric, Karpenter adding nodes for pending pods) and a healing
loop (kubelet probes restart or unroute pods; a remediation bot acts on known alerts under hard caps).
Part 1 (building-blocks) and part 2 (advanced-blocks) built the data path; this part asks how that path is
watched, grown and repaired, and how each loop is kept from making an incident worse.
"""

from kit import Blueprint

bp = Blueprint(
    "operational-blocks",
    title="Beyond Resilience: Operational Blocks (p3)",
    category="fundamentals",
    learn="Alerting, auto-scaling, self-healing ops",
    promise=(
        "Keep checkout at 99.9% availability over 30 days (43.2 min of error budget) through a 3x peak: "
        "page a human within 2 min of a full outage and never for a healthy peak, add capacity within "
        "4 min of a ramp, and restart or unroute a broken pod within 1 min."
    ),
)

# -- components ------------------------------------------------------------------------------------

shoppers = bp.component(
    "shoppers",
    "users",
    "Shoppers",
    tech="Web and mobile",
    responsibility="Place orders; see errors and latency, which is what the SLO measures",
)
alb = bp.component(
    "alb",
    "load-balancer",
    "Load balancer",
    tech="AWS ALB, IP targets",
    managed="AWS",
    responsibility="Sends requests only to Ready pods; deregisters a pod as soon as it turns NotReady",
)

with bp.group("Alerting loop", kind="tier"):
    prom = bp.component(
        "prom",
        "monitoring",
        "Prometheus",
        tech="Prometheus, HA pair, 15 s scrape",
        replicas=2,
        lane="async",
        responsibility="Scrapes SLIs; recording rules turn them into error ratios over 5m, 30m, 1h, 6h and 3d",
    )
    am = bp.component(
        "am",
        "monitoring",
        "Alertmanager",
        tech="Alertmanager, 3-node gossip",
        replicas=3,
        lane="data",
        responsibility="Groups, dedupes and routes alerts: pages to PagerDuty, tickets to Jira, known ones to the bot",
    )
    pager = bp.component(
        "pager",
        "alerting",
        "PagerDuty",
        tech="PagerDuty",
        managed="PagerDuty",
        lane="external",
        responsibility="Pages the primary on-call and escalates to the secondary after 10 min without an ack",
    )
    oncall = bp.component(
        "oncall",
        "operator",
        "On-call engineer",
        tech="Runbook per alert",
        lane="ops",
        responsibility="Acks, follows the alert's runbook link, rolls back or fails over, writes the postmortem",
    )

with bp.group("Workload (EKS, 3 zones)", kind="cluster"):
    kubelet = bp.component(
        "kubelet",
        "service",
        "Kubelet probes",
        tech="kubelet, on every node",
        replicas=3,
        lane="gateways",
        responsibility="Every 10 s: liveness (3 fails: restart) and readiness (3 fails: remove from endpoints)",
    )
    pods = bp.component(
        "pods",
        "service",
        "Checkout pods",
        tech="Kubernetes Deployment, Go",
        replicas=15,
        responsibility="Serve checkout; expose RED metrics on /metrics; PDB keeps 80% available in a drain",
    )

orders = bp.component(
    "orders",
    "relational-db",
    "Orders DB",
    tech="Aurora PostgreSQL, Multi-AZ",
    managed="AWS",
    availability=0.9999,
    responsibility="Orders and payments state; its failover is Aurora's, outside these loops",
)

with bp.group("Scaling and healing control", kind="tier"):
    hpa = bp.component(
        "hpa",
        "service",
        "HPA",
        tech="Kubernetes HPA v2 + Prometheus Adapter",
        replicas=2,
        lane="data",
        responsibility="Every 15 s: desired = ceil(current x metric / target); scale-down waits 300 s",
    )
    karpenter = bp.component(
        "karpenter",
        "service",
        "Karpenter",
        tech="Karpenter",
        replicas=2,
        lane="external",
        responsibility="Sees unschedulable pods and launches right-sized nodes across 3 zones and 20 instance types",
    )
    bot = bp.component(
        "bot",
        "worker",
        "Remediation bot",
        tech="Go controller + action ledger",
        replicas=2,
        lane="external",
        responsibility="Runs a fixed action per known alert; 1 action per service per 10 min, 10% of pods at most",
    )
    api = bp.component(
        "api",
        "coordination",
        "Kubernetes API",
        tech="EKS control plane, etcd",
        managed="AWS",
        availability=0.9995,
        lane="ops",
        responsibility="Desired state for every loop: replicas, pods, nodes, endpoints; etcd is its quorum store",
    )

ec2 = bp.component(
    "ec2",
    "external-service",
    "EC2 capacity",
    tech="EC2 Fleet API",
    managed="AWS",
    availability=0.9999,
    lane="ops",
    responsibility="On-demand and spot instances; can run short of one type in one zone",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(shoppers, alb, "POST /checkout")
bp.link(alb, pods, "Ready pods only", figure="peak_rps")
bp.link(pods, orders, "SQL")
bp.link(kubelet, pods, "probe /livez, /readyz")
bp.link(prom, pods, "scrape /metrics")
bp.link(prom, am, "burn-rate alerts", nature="async")
bp.link(am, pager, "page", nature="async")
bp.link(pager, oncall, "phone + push", nature="async")
bp.link(oncall, api, "rollback (runbook)")
bp.link(am, bot, "webhook", nature="async")
bp.link(bot, api, "capped action")
bp.link(hpa, prom, "pod metric")
bp.link(hpa, api, "scale 10 -> 15")
bp.link(karpenter, api, "watch pending pods")
bp.link(karpenter, ec2, "CreateFleet")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Serve checkout",
    [
        (shoppers, alb, "A shopper submits the order."),
        (
            alb,
            pods,
            "The ALB forwards to a pod that is Ready; a pod failing readiness has already been deregistered.",
            "2 ms",
            "10 ms",
        ),
        (
            pods,
            orders,
            "The pod writes the order in one transaction and answers; its latency and status code are counted "
            "in the SLI histogram.",
            "25 ms",
            "150 ms",
        ),
    ],
    critical=True,
    mode="write",
    description="The path the SLO measures; every loop below exists to keep it healthy.",
)

bp.flow(
    "Burn-rate page",
    [
        (
            prom,
            pods,
            "Prometheus scrapes every pod's request counters every 15 s; recording rules compute the error ratio "
            "over 5 min, 1 h and 6 h.",
        ),
        (
            prom,
            am,
            "The fast rule fires when both the 1 h and the 5 min ratio exceed 14.4x the budget rate (1.44% "
            "errors): 2% of the month's budget is gone in an hour.",
        ),
        (
            am,
            pager,
            "Alertmanager groups the firing alerts for 30 s, drops duplicates and routes the page to "
            "checkout's PagerDuty service.",
        ),
        (
            pager,
            oncall,
            "The primary on-call is called and pushed; no ack in 10 min escalates to the secondary.",
        ),
        (
            oncall,
            api,
            "The engineer opens the runbook linked in the alert and, if a deploy is the cause, rolls back.",
        ),
    ],
    description="Symptom-based paging: it fires on what shoppers feel, fast for big burns, slow for small ones.",
)

bp.flow(
    "Scale out",
    [
        (
            hpa,
            prom,
            "Every 15 s the HPA reads CPU per pod through the Prometheus Adapter: 10 pods at 90% against a 60% target.",
        ),
        (
            hpa,
            api,
            "It sets replicas to ceil(10 x 90 / 60) = 15; the new pods are created and 3 stay Pending for "
            "lack of room.",
        ),
        (
            karpenter,
            api,
            "Karpenter sees the Pending pods within seconds and picks the cheapest instance type that fits "
            "them in the needed zone.",
        ),
        (
            karpenter,
            ec2,
            "It launches the node through the EC2 Fleet API; the node joins in about 60-90 s and the pods start.",
        ),
    ],
    mode="write",
    description="Reactive scaling with a lead time of ~3 min, covered by the 40% headroom the 60% target leaves.",
)

bp.flow(
    "Self-heal a pod",
    [
        (
            kubelet,
            pods,
            "A pod's readiness check fails 3 times in a row (e.g. its DB pool is exhausted): it is marked "
            "NotReady and the ALB stops sending it traffic, but it is not killed.",
        ),
        (
            kubelet,
            pods,
            "A pod whose liveness check fails 3 times (a deadlocked process) is restarted by the kubelet; "
            "repeated crashes back off exponentially up to 5 min.",
        ),
    ],
    description="Local and fast: no alert, no human; the probes only check the process, not its dependencies.",
)

bp.flow(
    "Capped auto-remediation",
    [
        (
            am,
            bot,
            "A known alert (a pod leaking memory past 90% of its limit) goes to the bot instead of a human.",
        ),
        (
            bot,
            api,
            "The bot checks its ledger: under 1 action per service per 10 min and 10% of pods, it deletes the "
            "pod and lets the Deployment replace it; over the cap it stops and pages instead.",
        ),
    ],
    mode="write",
    description="Automation for known fixes, rate-limited so it cannot turn one bad pod into a restart storm.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Shopper", "places an order inside the 99.9% SLO", mode="write", flow="Serve checkout")
bp.use_case("On-call engineer", "is paged only when the error budget burns fast", mode="read", flow="Burn-rate page")
bp.use_case("HPA and Karpenter", "add pods and nodes before a ramp breaks latency", mode="write", flow="Scale out")
bp.use_case("Remediation bot", "restarts a leaking pod within its caps", mode="write", flow="Capped auto-remediation")
bp.use_case("Kubelet", "restarts a hung pod and unroutes an unready one")
bp.out_of_scope(
    "Queues, retries and dead letters (parts 1 and 2)",
    "Orders DB failover (Aurora's own)",
    "Log pipelines and tracing",
    "Progressive delivery (canaries) beyond rollback",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target("Checkout latency", flow="Serve checkout", p50="80 ms", p99="400 ms", note="Measured at the load balancer")
bp.target(
    "Checkout availability",
    flow="Serve checkout",
    availability="99.9%",
    note="The SLO: {error_budget} of errors over a rolling 30 days",
)
bp.target(
    "Time to page",
    "< 2 min for a full outage; < 1 h at 2% errors",
    note="A full outage crosses the 1.44% threshold in {time_to_page}; at 2% errors the 1 h window takes ~43 min",
)
bp.target(
    "Scale-out lead time",
    "< 4 min from ramp to Ready pods on new nodes",
    note="Metric lag + HPA sync + node launch + pod start add to {lead_time}",
)
bp.target(
    "Pod recovery",
    "< 1 min to unroute or restart a broken pod",
    note="3 failed probes x 10 s = 30 s, plus ~20 s for the restart",
)
bp.target(
    "Alert precision",
    ">= 90% of pages need a human action; <= 2 pages per on-call week",
    note="Measured from PagerDuty ack notes each week",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "tsdb chunk",
    primary_key="(series_id, chunk_start)",
    fields=[
        ("series ref + time range", "ids and min/max time", 24),
        ("timestamps, delta-of-delta", "120 samples", 30),
        ("values, XOR encoded", "120 samples", 110),
        ("index share", "postings and symbols per chunk", 16),
    ],
    indexes=[
        ("postings: label=value -> series", "a rule's selector finds its series without scanning"),
        ("time range per block (2 h)", "a 6 h or 3 d query opens only the blocks it covers"),
    ],
    per="entry",
    note="one chunk holds 120 samples: 30 min of one series at a 15 s scrape",
)
bp.table(
    "remediation ledger",
    primary_key="(service, action_at)",
    fields=[
        ("service", "text", 32),
        ("action_at", "timestamptz", 8),
        ("alert fingerprint", "hash", 16),
        ("action + target pod", "text", 80),
        ("outcome", "enum", 4),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("(service, action_at DESC)", "the cap check counts one service's actions in the last 10 min")],
    per="entry",
    note="kept 90 days for audit and to tune the caps",
)
bp.api(
    "places an order inside the 99.9% SLO",
    'POST /checkout\nIdempotency-Key: 5c1e...\n{"cart_id": "c_881", "payment_method": "pm_..."}',
    '201 Created\n{"order_id": "o_7f2...", "status": "confirmed"}',
)
bp.api(
    "add pods and nodes before a ramp breaks latency",
    'PATCH /apis/apps/v1/namespaces/shop/deployments/checkout/scale\n{"spec": {"replicas": 15}}',
    '200 OK\n{"kind": "Scale", "spec": {"replicas": 15}, "status": {"replicas": 10}}',
)
bp.api(
    "restarts a leaking pod within its caps",
    "DELETE /api/v1/namespaces/shop/pods/checkout-7d9f-x2k4\n(after: SELECT count(*) FROM ledger "
    "WHERE service='checkout' AND action_at > now() - interval '10 min')",
    "200 OK (pod terminating; the ReplicaSet creates its replacement)\nor 429-equivalent: cap reached, page sent",
)

# -- assumptions and load model --------------------------------------------------------------------

bp.quantity(
    "avg_rps", "4000 req/s", "Average checkout requests", basis="Planning value (Dec 2026) for a large web shop"
)
bp.quantity("peak_factor", "3", "Peak over average", basis="Evening and promotion peaks (planning value)")
bp.quantity("slo", "99.9 %", "Availability SLO", basis="Checkout's product SLO")
bp.quantity("slo_window", "30 days", "SLO window", basis="Rolling 30 days, as in the SRE workbook")
bp.quantity("fast_burn", "14.4", "Fast burn-rate threshold", basis="SRE workbook: 2% of budget in 1 h")
bp.quantity("fast_window", "1 h", "Fast rule long window", basis="Paired with a 5 min short window")
bp.quantity("slow_burn", "6", "Slow burn-rate threshold", basis="SRE workbook: 5% of budget in 6 h")
bp.quantity("slow_window", "6 h", "Slow rule long window", basis="Paired with a 30 min short window")
bp.quantity("pod_capacity", "1000 req/s", "Requests a pod serves at 100% CPU", basis="Load test of one pod (2 vCPU)")
bp.quantity("cpu_target", "60 %", "HPA CPU target", basis="Leaves 40% headroom for the lead time")
bp.quantity("current_pods", "10", "Pods before the ramp", basis="HPA example: running at 90% CPU")
bp.quantity("current_cpu", "90 %", "Observed CPU before the ramp", basis="HPA example")
bp.quantity("metric_lag", "45 s", "Metric lag", basis="15 s scrape + 30 s rate window")
bp.quantity("hpa_sync", "15 s", "HPA sync period", basis="Kubernetes default --horizontal-pod-autoscaler-sync-period")
bp.quantity("node_launch", "90 s", "New node to Ready", basis="Karpenter on EC2, typical for a standard AMI")
bp.quantity("pod_start", "30 s", "Pod start to Ready", basis="Image cached; readiness after warm-up")
bp.quantity("ramp", "800 req/s/min", "Fastest organic ramp", basis="Observed: 4K to 12K req/s in 10 min")
bp.quantity("series", "500e3", "Active series", basis="~15 pods x 2K series + nodes, ingress, DB exporter, with margin")
bp.quantity("chunk_span", "30 min/entry", "One chunk's time span", basis="120 samples at a 15 s scrape")
bp.quantity(
    "tsdb_retention", "15 days", "Local TSDB retention", basis="Prometheus default; long-term in object storage"
)

bp.quantity("bad_deploy_errors", "20 %", "Error ratio of a bad deploy", basis="Example incident")
bp.quantity("bad_deploy_time", "10 min", "Bad deploy, start to rollback", basis="~4 min to page + ~5 min to roll back")
bp.derive("peak_rps", "avg_rps * peak_factor", "Peak checkout requests", unit="req/s")
bp.derive("error_budget", "slo_window * (1 - slo)", "Error budget per window", unit="min", section="time")
bp.derive("fast_share", "fast_burn * fast_window / slo_window", "Budget spent before a fast page", unit="%")
bp.derive("slow_share", "slow_burn * slow_window / slo_window", "Budget spent before a slow page", unit="%")
bp.derive("page_threshold", "fast_burn * (1 - slo)", "Error ratio that pages", unit="%")
bp.derive("time_to_page", "fast_window * page_threshold", "Time to page at 100% errors", unit="s", section="time")
bp.derive("deploy_burn", "bad_deploy_time * bad_deploy_errors", "Budget spent by the bad deploy", unit="min")
bp.derive("deploy_share", "deploy_burn / error_budget", "Share of the budget", unit="%", section="time")
bp.derive("hpa_desired", "ceil(current_pods * current_cpu / cpu_target)", "HPA desired replicas", unit="")
bp.derive("peak_pods", "ceil(peak_rps / (pod_capacity * cpu_target))", "Pods at peak", unit="", section="fleet")
bp.derive("lead_time", "metric_lag + hpa_sync + node_launch + pod_start", "Scale-out lead time", unit="min")
bp.derive("ramp_gap", "ramp * lead_time", "Demand growth during the lead time", unit="req/s", section="rates")
bp.derive(
    "headroom", "avg_rps / cpu_target - avg_rps", "Spare capacity at the CPU target", unit="req/s", section="rates"
)
bp.derive("max_ramp", "headroom / lead_time", "Fastest ramp the headroom covers", unit="req/s/min", section="rates")
bp.derive(
    "tsdb_size",
    "series * tsdb_retention / chunk_span * tsdb_chunk_record",
    "Prometheus TSDB, local",
    unit="GB",
    section="storage",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="What pages a human",
    chosen="Symptom alerts: multi-window burn rate on the SLO (14.4x over 1 h + 5 min, 6x over 6 h + 30 min)",
    rejected="Cause alerts: CPU > 80%, pod restarts, DB connections",
    why=(
        "With a 60% CPU target, pods pass 80% in every healthy ramp before the HPA catches up, so a CPU "
        "page fires on good days; a fast burn pages only after {fast_share} of the budget is spent"
    ),
    cost="Causes show up as tickets and dashboards, not pages; a slow leak is seen only when it burns budget",
    revisit_when="More than 10% of pages need no action, or an outage burns > 10% of budget before paging",
)
bp.tradeoff(
    decision="How capacity follows load",
    chosen="Reactive HPA at a 60% CPU target plus Karpenter, and a scheduled pre-scale for announced sales",
    rejected="Static capacity for the yearly peak",
    why=(
        "Peak needs {peak_pods} pods; static sizing pays for them around the clock while the average "
        "needs a third; the reactive lead time is {lead_time}, covered by {headroom} of spare capacity"
    ),
    cost=(
        "A ramp faster than the headroom covers in {lead_time} breaches latency; scale-down waits 300 s "
        "so a dip does not flap"
    ),
    revisit_when=(
        "Ramps pass {max_ramp} (headroom / lead time), or node launch exceeds 3 min; then keep warm spare nodes"
    ),
)
bp.tradeoff(
    decision="Automatic repair",
    chosen="Probes for local faults; a bot for known alerts, capped at 1 action per service per 10 min",
    rejected="Unlimited automation, or humans for every fix",
    why=(
        "An uncapped bot reacting to a shared cause (DB slow, all pods unready) restarts all 15 pods and "
        "turns a 30 s blip into minutes of outage; a human takes ~10 min to ack and act"
    ),
    cost="The bot's rules and ledger to maintain; beyond the cap, a human still has to come",
    revisit_when="Bot actions fix < 80% of their alerts, or the cap is hit more than once a week",
)
bp.tradeoff(
    decision="What the probes check",
    chosen="Liveness checks only the process; readiness checks the pod can serve; neither calls the DB",
    rejected="Deep health checks that query the Orders DB",
    why=(
        "A 30 s DB failover would fail every pod's deep liveness check at once (3 x 10 s) and restart "
        "all 15, adding cold starts to the outage"
    ),
    cost="A pod with a broken DB pool stays alive; readiness and the SLO alert have to catch it",
    revisit_when="A failure mode appears that only a restart fixes and that recurs > 1 a month",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A bad deploy raises checkout errors to 20%",
    detection="Fast burn: 1 h and 5 min error ratios > 1.44% (14.4x); pages in ~4 min at 20% errors",
    blast_radius="Every shopper: 1 in 5 checkouts fail until rollback",
    mitigation=(
        "On-call follows the runbook and rolls back in ~5 min; {bad_deploy_time} at {bad_deploy_errors} "
        "errors spends {deploy_burn} of errors, {deploy_share} of the monthly budget"
    ),
)
bp.failure(
    failure="Restart storm: a probe too strict, or the bot reacting to a shared cause",
    detection="Container restarts > 3 per pod in 10 min on > 20% of pods; bot cap reached",
    blast_radius="Every pod of the service: capacity drops just when load is high",
    mitigation=(
        "The PDB keeps 80% of pods through voluntary evictions, the bot stops at its cap and pages, and "
        "CrashLoopBackOff spaces restarts; fixing the probe takes ~15 min"
    ),
)
bp.failure(
    failure="Prometheus or Alertmanager down: the alerting loop goes silent",
    detection="A dead-man's switch: the always-firing Watchdog alert stops reaching PagerDuty for > 5 min",
    blast_radius="No pages for any service; shoppers are unaffected until something else breaks",
    mitigation="The HA pair and 3-node Alertmanager cover one loss; a pod restart restores scraping in ~2 min",
)
bp.failure(
    failure="No capacity for new nodes (one instance type short in one zone)",
    detection="Pods Pending > 2 min; Karpenter launch errors InsufficientInstanceCapacity",
    blast_radius="New pods only: the service runs hotter than 60% CPU; latency rises if the ramp continues",
    mitigation="Karpenter falls back across 20 instance types, 3 zones and on-demand over spot; nodes in ~3 min",
)
bp.failure(
    failure="A zone is lost",
    detection="ALB unhealthy targets > 30% for 1 min; node NotReady in one zone",
    blast_radius="A third of pods and nodes; the other two zones carry the load at higher CPU",
    mitigation=(
        "The ALB routes around the zone at once; the HPA raises replicas and Karpenter places them in the "
        "remaining zones within ~4 min"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (120K req/s peak, ~200 pods)",
    breaks=(
        "One Prometheus pair holding ~5 M series needs ~10x {tsdb_size} and more memory than a node; "
        "one HPA metric no longer tracks the real bottleneck (DB connections)"
    ),
    next_move=(
        "Shard scraping and keep global SLO rules in Thanos or Mimir; scale on requests per pod, not CPU; "
        "connection pooling in front of the DB"
    ),
)
bp.scaling(
    at="100x (1.2M req/s peak)",
    breaks="One cluster's API server and one failure domain; a single error budget hides a broken cell",
    next_move=(
        "Cells of independent clusters behind a global router, each with its own SLO and burn-rate "
        "alerts, and a fleet-level budget rolled up from the cells"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Google SRE Workbook: Alerting on SLOs",
    "Multi-window, multi-burn-rate alerts; the 14.4x / 6x / 1x thresholds",
    url="https://sre.google/workbook/alerting-on-slos/",
)
bp.reference(
    "Kubernetes documentation: Horizontal Pod Autoscaling",
    "The desired-replicas formula, sync period and scale-down stabilisation",
    url="https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/",
)
bp.reference(
    "Kubernetes documentation: Configure Liveness, Readiness and Startup Probes",
    "Probe types, periods and failure thresholds",
    url="https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/",
)
bp.reference(
    "Kubernetes documentation: Specifying a Disruption Budget for your Application",
    "PodDisruptionBudget for voluntary evictions",
    url="https://kubernetes.io/docs/tasks/run-application/configure-pdb/",
)
bp.reference(
    "Karpenter documentation",
    "Provisioning nodes for pending pods across instance types and zones",
    url="https://karpenter.sh/docs/",
)
bp.reference(
    "Prometheus documentation: Storage",
    "Local TSDB blocks, chunks and 1-2 bytes per sample",
    url="https://prometheus.io/docs/prometheus/latest/storage/",
)
bp.reference(
    "Prometheus documentation: Alertmanager",
    "Grouping, inhibition, silences and routing",
    url="https://prometheus.io/docs/alerting/latest/alertmanager/",
)

bp.key_numbers("error_budget", "time_to_page", "peak_pods", "lead_time", "tsdb_size")

BLUEPRINT = bp.build()
