"""Enterprise load balancing: four layers, each choosing among the healthy members of the next, each with its
own failure detector and its own failover time. Latency-based DNS with health checks picks a region (minutes
to move everyone); routers spread packets over L4 balancers with ECMP and the L4 tier (Katran, a Maglev-style
XDP balancer) picks an L7 proxy with a consistent-hash table, so losing an L4 node moves no connection; Envoy
terminates TLS, routes and retries; the mesh sidecar picks a pod with power-of-two-choices least-request and
ejects outliers. Replies skip the L4 tier (direct server return), which is why it needs a few NICs, not
dozens. Three active regions each run at most two thirds full, so any one of them can be lost.
"""

from kit import Blueprint

bp = Blueprint(
    "enterprise-load-balancing",
    title="Enterprise-Grade Load Balancing Architecture",
    category="load-balancing",
    learn="Multi-layer LBs, failover, autoscaling, observability",
    promise=(
        "Serve 1M req/s across 3 active regions at p99 < 400 ms and 99.99% availability, surviving the loss of "
        "any node in seconds and of a whole region in under 3 min."
    ),
)

# -- components ------------------------------------------------------------------------------------

users = bp.component(
    "users",
    "users",
    "Clients",
    tech="Browsers, apps, partners",
    responsibility="Resolve api.example.com, then open TLS connections to the answered VIP",
)
operator = bp.component(
    "operator",
    "operator",
    "SRE on call",
    tech="Runbooks + Terraform",
    responsibility="Drains a region for maintenance or an incident by shifting DNS weights",
)
dns = bp.component(
    "dns",
    "dns",
    "GeoDNS",
    tech="Route 53, latency records",
    managed="AWS",
    availability=0.99999,
    responsibility="Answers with the lowest-latency healthy region's VIP; TTL 60 s",
)

with bp.group("Region A (1 of 3)", kind="region"):
    l4 = bp.component(
        "l4",
        "load-balancer",
        "L4 balancers",
        tech="Katran (XDP), BGP VIP",
        replicas=4,
        responsibility="Routers ECMP packets here; a 65,537-slot Maglev table picks the L7 proxy; GRE, no reply path",
    )
    l7 = bp.component(
        "l7",
        "api-gateway",
        "L7 proxies",
        tech="Envoy",
        replicas=8,
        responsibility="TLS, HTTP routing, retries with budgets, rate limits; replies straight to the client",
    )
    mesh = bp.component(
        "mesh",
        "service-mesh",
        "Mesh sidecars",
        tech="Envoy sidecar (Istio)",
        replicas=1200,
        lane="services",
        responsibility="Pick a pod by P2C least-request; eject a pod after 5 consecutive 5xx for 30 s",
    )
    pods = bp.component(
        "pods",
        "service",
        "Service pods",
        tech="Kubernetes, 3 zones",
        replicas=1200,
        responsibility="The business services; expose /healthz and drain on SIGTERM for 30 s",
    )

region_b = bp.component(
    "region-b",
    "load-balancer",
    "Regions B and C",
    tech="Same stack",
    replicas=2,
    responsibility="Identical regions, each sized to absorb half of a lost region's traffic",
)

with bp.group("Control plane", kind="tier"):
    health = bp.component(
        "health",
        "monitoring",
        "Health checks",
        tech="Route 53 checkers + probes",
        replicas=3,
        responsibility="Probe each region's /healthz every 10 s from 3+ locations; 3 failures mark it down",
    )
    xds = bp.component(
        "xds",
        "config",
        "xDS control plane",
        tech="istiod",
        replicas=3,
        responsibility="Pushes endpoints, routes and outlier settings to every Envoy within seconds",
    )
    autoscaler = bp.component(
        "autoscaler",
        "deployer",
        "Autoscaler",
        tech="HPA + Cluster Autoscaler",
        replicas=2,
        responsibility="Keeps pods at 60% CPU and adds nodes when pods cannot be placed",
    )
    metrics = bp.component(
        "metrics",
        "monitoring",
        "Metrics + SLOs",
        tech="Prometheus + Grafana",
        replicas=2,
        responsibility="RED metrics per layer; burn-rate alerts on the 99.99% SLO",
    )

# -- links -----------------------------------------------------------------------------------------

bp.link(users, dns, "resolve")
bp.link(users, l4, "TCP/QUIC to VIP", figure="region_peak")
bp.link(users, region_b, "other VIPs")
bp.link(operator, dns, "shift weights")
bp.link(l4, l7, "GRE, Maglev hash")
bp.link(l7, mesh, "route + retry")
bp.link(mesh, pods, "P2C pick")
bp.link(l7, users, "direct reply (DSR)", figure="region_egress")
bp.link(health, l7, "GET /healthz")
bp.link(health, dns, "region status")
bp.link(xds, mesh, "EDS push")
bp.link(metrics, autoscaler, "CPU, RPS", nature="async")
bp.link(autoscaler, pods, "scale out")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Request path",
    [
        (
            users,
            dns,
            "The client's resolver asks for api.example.com; Route 53 answers with the nearest healthy region's "
            "VIP (usually from the resolver's cache).",
            "10 ms",
            "80 ms",
        ),
        (
            users,
            l4,
            "The SYN reaches the region's routers, which ECMP-hash the 5-tuple onto one of 4 L4 nodes "
            "announcing the VIP over BGP.",
            "20 ms",
            "80 ms",
        ),
        (
            l4,
            l7,
            "Katran looks the 5-tuple up in its Maglev table (65,537 slots) and GRE-encapsulates the packet to "
            "one L7 proxy; every packet of the connection lands there.",
            "0.05 ms",
            "0.2 ms",
        ),
        (
            l7,
            mesh,
            "Envoy terminates TLS, matches the route /checkout/*, applies the rate limit and sends the request "
            "to the service's sidecars with a 10% retry budget.",
            "1 ms",
            "5 ms",
        ),
        (
            mesh,
            pods,
            "The sidecar picks 2 pods at random and sends to the one with fewer requests in flight; the pod answers.",
            "30 ms",
            "150 ms",
        ),
        (
            l7,
            users,
            "Envoy replies from the VIP address straight to the client; the reply bytes never cross the L4 tier.",
            "20 ms",
            "80 ms",
        ),
    ],
    critical=True,
    mode="read",
    description="Every layer picks among healthy members of the next; only the first packet pays DNS.",
)

bp.flow(
    "L4 node dies",
    [
        (
            users,
            l4,
            "An L4 node's BGP session drops (BFD detects it in 900 ms); the routers rehash its flows onto the 3 "
            "remaining nodes.",
        ),
        (
            l4,
            l7,
            "Every node builds the same Maglev table from the same L7 list, so the new node sends each moved "
            "flow to the same proxy: established TLS connections survive.",
        ),
        (l7, users, "Replies continue straight to the client; the client sees no reset."),
    ],
    description="Consistent hashing turns an L4 failure into a non-event: about 1 s, no broken connection.",
)

bp.flow(
    "Region fails",
    [
        (health, l7, "Probes to region A's /healthz fail 3 times in a row from most checker locations (30 s)."),
        (health, dns, "Route 53 marks region A unhealthy and stops answering with its VIP."),
        (
            users,
            dns,
            "As resolver caches expire (TTL 60 s; some resolvers hold longer), clients get region B's or C's VIP.",
        ),
        (users, region_b, "Clients reconnect to B and C, which each absorb half of A's load."),
    ],
    description="Detection 30 s + TTL 60 s + stragglers: about 95% of traffic moved in under 3 min.",
)

bp.flow(
    "Pod degrades",
    [
        (mesh, pods, "A pod returns 5 consecutive 503s; the sidecars eject it from their pick set for 30 s."),
        (xds, mesh, "istiod pushes the endpoint list without pods that failed readiness, within about 5 s."),
        (metrics, autoscaler, "CPU across the remaining pods passes 60%; the autoscaler sees it within 15 s."),
        (autoscaler, pods, "It adds pods (and nodes if needed); new pods join once /healthz passes."),
    ],
    description="Outlier ejection hides one bad pod in seconds; autoscaling restores headroom in minutes.",
)

bp.flow(
    "Drain a region",
    [
        (
            operator,
            dns,
            "The SRE sets region A's weighted record to 0 with ChangeResourceRecordSets before maintenance.",
        ),
        (users, dns, "New lookups stop returning A; within about 3 min, 95% of traffic has moved."),
        (users, region_b, "B and C take the load; A keeps serving long-lived connections until they close."),
    ],
    mode="write",
    description="A planned failover uses the same path as an unplanned one, so it is exercised every week.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("Client", "reaches a healthy service instance in the nearest region", mode="read", flow="Request path")
bp.use_case("SRE", "drains a region for maintenance", mode="write", flow="Drain a region")
bp.use_case("Platform", "survives the loss of an L4 node without breaking connections")
bp.use_case("Platform", "moves traffic off a failed region without human action")
bp.use_case("Platform", "adds capacity when load grows")
bp.out_of_scope(
    "The services' own business logic and data stores",
    "CDN caching of static assets",
    "Bot management and WAF rule tuning",
    "Client-side load balancing for internal batch jobs",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Request latency",
    flow="Request path",
    p50="100 ms",
    p99="400 ms",
    availability="99.99%",
    note="Client-measured, including one network round trip each way",
)
bp.target(
    "Regional capacity after a region loss",
    flow="Request path",
    throughput="500000 req/s",
    capacity="l7_capacity",
    note="Each surviving region takes half of the lost one's third",
)
bp.target(
    "Region failover",
    "95% of traffic on healthy regions within 3 min of a region going dark",
    note="30 s detection + 60 s TTL + resolvers that overstay it",
)
bp.target(
    "L4 node failover",
    "< 1 s and 0 broken connections",
    note="BFD 300 ms x 3; identical Maglev tables on every node",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "maglev_table",
    primary_key="slot (0..65,536)",
    fields=[
        ("backend_index", "uint32", 4),
    ],
    indexes=[
        ("array index = hash(5-tuple) mod 65,537", "one memory read picks the L7 proxy for a packet"),
    ],
    per="entries",
    note="rebuilt from the L7 list on every change; each backend owns ~1/N of the slots",
)
bp.table(
    "conn_track",
    primary_key="5-tuple",
    fields=[
        ("src_ip, dst_ip", "IPv6 addresses", 32),
        ("src_port, dst_port, proto", "ports + protocol", 5),
        ("backend_index", "uint32", 4),
        ("last_seen", "uint64 ns", 8),
        ("map overhead", "BPF LRU hash entry", 31),
    ],
    indexes=[
        ("BPF LRU hash on the 5-tuple", "keeps a flow on its proxy even while the Maglev table changes"),
    ],
    per="session",
)
bp.api(
    "drains a region for maintenance",
    "POST /2013-04-01/hostedzone/Z123/rrset  (Route 53 ChangeResourceRecordSets)\n<Change><Action>UPSERT</Action>"
    "<ResourceRecordSet><Name>api.example.com</Name><SetIdentifier>region-a</SetIdentifier><Weight>0</Weight>...",
    "200 OK\n<ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>PENDING</Status></ChangeInfo>  (INSYNC in ~60 s)",
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("avg_rps", "400000 req/s", "Average requests, all regions", basis="Planning value for a large SaaS, 2026")
bp.quantity("peak_factor", "2.5", "Peak over average", basis="Business-hours peak (planning value)")
bp.quantity("regions", "3", "Active regions", basis="N+1: any one can be lost")
bp.quantity("resp_bytes", "10 KB/req", "Response size", basis="Planning value (topic notes)")
bp.quantity("req_bytes", "2 KB/req", "Inbound bytes per request", basis="Request + TCP/TLS overhead, planning value")
bp.quantity("nic", "10 Gbit/s/nodes", "L4 node line rate", basis="One 10 GbE NIC per node (Maglev paper's figure)")
bp.quantity("l4_headroom", "50 %", "Usable share of an L4 node", basis="Survive a second loss and SYN floods")
bp.quantity(
    "l7_core",
    "160000 req/s/nodes",
    "L7 throughput per 16-core node",
    basis="10K req/s per core x 16 (topic notes, assume)",
)
bp.quantity("l7_headroom", "70 %", "Usable share of an L7 node", basis="Room for retries and a zone loss")
bp.quantity("l7_deployed", "8 nodes", "L7 nodes deployed per region", basis="The diagram's L7 proxies")
bp.quantity("pod_rps", "700 req/s/nodes", "One service pod", basis="Planning value, 2 vCPU pod at 60% CPU target")
bp.quantity("service_time", "50 ms", "Upstream time, mean", basis="Request path step 5, between p50 and p99")
bp.quantity("maglev_slots", "65537 entries", "Maglev table size", basis="Prime > 100 x backends (Maglev paper)")
bp.quantity("slot_bytes", "4 B/entries", "Bytes per slot", basis="uint32 backend index")
bp.quantity("flows_per_node", "2e6 sessions", "Tracked flows per L4 node", basis="Planning value at peak")

bp.derive("peak_rps", "avg_rps * peak_factor", "Peak requests, all regions", unit="req/s", section="rates")
bp.derive("region_normal", "peak_rps / regions", "Peak per region, normal", unit="req/s")
bp.derive("region_peak", "peak_rps / (regions - 1)", "Peak per region, one region lost", unit="req/s")
bp.derive("global_egress", "peak_rps * resp_bytes", "Egress, all regions", unit="Gbit/s", section="bandwidth")
bp.derive("region_egress", "region_peak * resp_bytes", "Egress per region, one lost", unit="Gbit/s")
bp.derive("region_ingress", "region_peak * req_bytes", "Ingress per region through L4", unit="Gbit/s")
bp.derive("l4_nodes", "ceil(region_ingress / (nic * l4_headroom))", "L4 nodes with DSR", unit="nodes", section="fleet")
bp.derive(
    "l4_nodes_no_dsr",
    "ceil((region_ingress + region_egress) / (nic * l4_headroom))",
    "L4 nodes if replies came back",
    unit="nodes",
)
bp.derive("l7_nodes", "ceil(region_peak / (l7_core * l7_headroom))", "L7 nodes per region", unit="nodes")
bp.derive("l7_capacity", "l7_deployed * l7_core * l7_headroom", "L7 capacity of 8 nodes", unit="req/s")
bp.derive("pods_needed", "ceil(region_peak / pod_rps)", "Service pods per region", unit="nodes")
bp.derive("in_flight", "region_peak * service_time", "Requests in flight per region", unit="req", section="queues")
bp.derive("maglev_memory", "maglev_slots * slot_bytes", "Maglev table per VIP", unit="KB", section="memory")
bp.derive("conntrack_memory", "flows_per_node * conn_track_record", "Flow table per L4 node", unit="MB")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="Where to split L4 from L7",
    chosen="A thin L4 tier (Katran, consistent hash, DSR) in front of a wide L7 tier (Envoy)",
    rejected="One tier of L7 proxies behind DNS only, or a cloud NLB + ALB pair",
    why=(
        "L4 forwards {region_ingress} on {l4_nodes} because replies bypass it; L7 work costs CPU per request "
        "and needs {l7_nodes} nodes, which must scale and fail without moving client connections"
    ),
    cost="BGP, ECMP and XDP skills in house; DSR needs the VIP on every L7 host and GRE MTU care",
    revisit_when="Peak falls under 100K req/s per region, where a managed NLB costs less than the team's time",
)
bp.tradeoff(
    decision="Region failover mechanism",
    chosen="Latency-based DNS with health checks, TTL 60 s",
    rejected="Global anycast VIPs with BGP withdrawal",
    why=(
        "DNS moves 95% of clients in about 3 min with no network engineering; anycast moves them in seconds but "
        "needs our own AS, PoPs and BGP with transit providers, a large fixed cost at 3 regions"
    ),
    cost="Up to 3 min of errors for clients of a failed region; some resolvers ignore a 60 s TTL",
    revisit_when="The SLO tightens to 99.995% (2.2 min/month), or regions pass 6 and an anycast edge pays off",
)
bp.tradeoff(
    decision="L4 reply path",
    chosen="Direct server return: L7 hosts answer from the VIP straight to the client",
    rejected="Full proxy (replies return through the L4 tier)",
    why=(
        "Responses are 5x requests: returning {region_egress} through L4 needs {l4_nodes_no_dsr} nodes against "
        "{l4_nodes}, and doubles the hops a reply takes"
    ),
    cost="L4 sees only one direction, so it cannot terminate TLS or count response errors",
    revisit_when="Mean responses shrink below 2 KB, the size of requests (an ingest API), where DSR saves little",
)
bp.tradeoff(
    decision="Instance selection",
    chosen="Sidecar P2C least-request with outlier ejection",
    rejected="Round robin from the central L7 tier",
    why=(
        "With {in_flight} requests in flight per region, one slow pod under round robin keeps getting 1/N of "
        "traffic; P2C steers away from it within a few requests and ejection removes it in 5 errors"
    ),
    cost="A sidecar per pod (~0.5 vCPU and ~50 MB each at 1,200 pods) and an xDS control plane to run",
    revisit_when="Sidecar CPU passes 10% of the fleet; then move to proxyless gRPC or an ambient mesh",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="An L4 node dies or is drained",
    detection="BFD misses 3 x 300 ms probes; the router withdraws its ECMP next hop",
    blast_radius="None visible: its flows land on another L4 node, whose Maglev table picks the same proxy",
    mitigation="Routers rehash automatically in < 1 s; connection tracking pins flows while tables change",
)
bp.failure(
    failure="An L7 proxy crashes",
    detection="The L4 tier's health checker misses 3 probes of 1 s; Envoy 5xx ratio per node > 1% for 1 min",
    blast_radius="Connections on that proxy (1 in 8) reset; clients retry; 1/8 of Maglev slots move",
    mitigation=(
        "The L4 control plane drops it from the Maglev table in 3 s; clients reconnect to another proxy; "
        "replaced in 2 min"
    ),
)
bp.failure(
    failure="A whole region goes dark (power, network, bad config push)",
    detection="Route 53 health checks fail from a majority of checker locations, 3 x 10 s",
    blast_radius="A third of clients see errors until their resolvers re-ask; B and C each take 50% more load",
    mitigation=(
        "DNS stops answering with A's VIP after 30 s; 95% of traffic is on B and C within 3 min, where "
        "headroom ({region_peak} per region) was provisioned in advance"
    ),
)
bp.failure(
    failure="Retry storm: a slow dependency makes every layer retry",
    detection="Retries > 10% of requests at Envoy; upstream p99 > 3x its baseline for 2 min",
    blast_radius="The slow service and everything sharing its pods; retries can triple its load",
    mitigation=(
        "Retry budgets (at most 10% extra) at L7 and in sidecars, circuit breakers on pending requests, and "
        "outlier ejection; load returns to normal in < 5 min once the cause is cut off"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (10M req/s)",
    breaks=(
        "Per-region egress reaches 10 x {region_egress}, beyond the region's transit; L7 needs 10 x {l7_nodes} "
        "nodes and xDS pushes to 12,000 sidecars get slow"
    ),
    next_move="Add regions (6, each sized for N+1) and a CDN for cacheable responses; shard istiod per cluster",
)
bp.scaling(
    at="100x (100M req/s)",
    breaks="DNS failover's minutes of error affect tens of millions of requests; transit costs dominate",
    next_move=(
        "Build an anycast edge: own PoPs announcing the VIPs over BGP, Katran at each PoP, and private "
        "backbone to regions, as Facebook and Google do"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Eisenbud et al.: Maglev, a fast and reliable software network load balancer (NSDI 2016)",
    "Consistent hashing with a 65,537-slot table, ECMP and connection tracking",
    url="https://www.usenix.org/conference/nsdi16/technical-sessions/presentation/eisenbud",
)
bp.reference(
    "Facebook Engineering: Open-sourcing Katran, a scalable network load balancer",
    "XDP/eBPF L4 balancing with Maglev hashing and DSR",
    url="https://engineering.fb.com/2018/05/22/open-source/open-sourcing-katran-a-scalable-network-load-balancer/",
)
bp.reference(
    "Envoy: Load balancers (least request, power of two choices)",
    "How Envoy picks an upstream host",
    url="https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers",
)
bp.reference(
    "Envoy: Outlier detection",
    "Ejecting hosts after consecutive 5xx",
    url="https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/outlier",
)
bp.reference(
    "AWS: Route 53 health checks and DNS failover",
    "How health checks decide which records Route 53 returns",
    url="https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover.html",
)
bp.reference(
    "Mitzenmacher: The power of two choices in randomized load balancing",
    "Why picking the better of 2 random servers nearly matches picking the best",
    url="https://www.eecs.harvard.edu/~michaelm/postscripts/tpds2001.pdf",
)

bp.key_numbers("peak_rps", "region_peak", "region_egress", "l4_nodes", "l7_nodes")

BLUEPRINT = bp.build()
