"""Zero-trust database access: no service holds a database password. A pod proves who it is with its Kubernetes
service-account token, exchanges it at STS for 1 h role credentials, and signs a 15-minute database token
locally; RDS Proxy checks that token against IAM (rds-db:connect for exactly one database user) over TLS
and lends a pooled backend connection. Revoking access is a policy change plus a kill switch on the
database, and every privileged session is written to pgaudit and CloudTrail. Humans get in only through
a time-boxed, approved break-glass role that pages the security channel. The load question is connection
setup, not queries: AWS advises keeping IAM-authenticated connections under ~200 new per second.
"""

from kit import Blueprint, quorum

bp = Blueprint(
    "zero-trust-db-access",
    title="Rethinking Database Access: Zero-Trust & IAM",
    category="database",
    learn="IAM tokens, least privilege, real-time auth to DB",
    promise=(
        "Give 500 service pods and on-call humans database access with no stored password: every connection "
        "carries a 15-minute IAM token for one least-privilege user, and a revoked identity opens no new "
        "connection after 60 s."
    ),
)

# -- components ------------------------------------------------------------------------------------

with bp.group("Workload (EKS)", kind="zone"):
    pods = bp.component(
        "pods",
        "service",
        "Orders service pods",
        tech="Kubernetes, IRSA",
        replicas=500,
        responsibility="Run as service account orders-api; keep a pool of 10 connections each, 15 min max life",
    )
    signer = bp.component(
        "signer",
        "auth",
        "Token signer",
        tech="AWS SDK, in-process",
        replicas=500,
        lane="services",
        responsibility="Presigns a 15-minute rds-db:connect token with SigV4 from the role credentials; no network",
    )

with bp.group("AWS identity", kind="zone"):
    oidc = bp.component(
        "oidc",
        "auth",
        "Cluster OIDC issuer",
        tech="EKS OIDC provider",
        managed="AWS",
        lane="edge",
        responsibility="Publishes the keys that sign projected service-account tokens (aud sts.amazonaws.com)",
    )
    sts = bp.component(
        "sts",
        "auth",
        "STS",
        tech="AWS STS",
        managed="AWS",
        lane="edge",
        responsibility="AssumeRoleWithWebIdentity: a verified pod token -> 1 h credentials for role orders-api",
    )
    iam = bp.component(
        "iam",
        "policy",
        "IAM policies",
        tech="AWS IAM",
        managed="AWS",
        lane="gateways",
        responsibility="Role orders-api may rds-db:connect as dbuser orders_rw on one proxy, nothing else",
    )

with bp.group("Data plane", kind="zone"):
    proxy = bp.component(
        "proxy",
        "load-balancer",
        "RDS Proxy",
        tech="AWS RDS Proxy, IAM auth required",
        managed="AWS",
        lane="async",
        responsibility="Requires TLS and a valid IAM token per client; multiplexes 5K client onto ~500 DB connections",
    )
    secrets = bp.component(
        "secrets",
        "secrets",
        "Proxy DB credentials",
        tech="AWS Secrets Manager",
        managed="AWS",
        lane="async",
        responsibility="Backend passwords only the proxy can read; rotated every 30 days, never seen by pods",
    )
    db = bp.component(
        "db",
        "relational-db",
        "Orders DB",
        tech="Aurora PostgreSQL, rds.force_ssl=1",
        replicas=2,
        topology=quorum(6, failover="30 s"),
        responsibility="Users granted rds_iam with minimal GRANTs; 6 storage copies over 3 zones, 4 needed to write",
    )

with bp.group("Audit and response", kind="tier"):
    dblogs = bp.component(
        "dblogs",
        "logging",
        "DB audit log",
        tech="pgaudit -> CloudWatch Logs",
        managed="AWS",
        responsibility="Connections, role changes, DDL and object-level reads of PII tables, with user and client",
    )
    trail = bp.component(
        "trail",
        "audit-log",
        "CloudTrail",
        tech="AWS CloudTrail",
        managed="AWS",
        responsibility="Every AssumeRole* and IAM change, who did it and from where",
    )
    siem = bp.component(
        "siem",
        "monitoring",
        "Access monitor",
        tech="SIEM rules + PagerDuty",
        replicas=2,
        responsibility="Pages on break-glass sessions, auth-failure bursts and logins from unknown identities",
    )

broker = bp.component(
    "broker",
    "service",
    "Break-glass broker",
    tech="Approval bot + IAM Identity Center",
    replicas=2,
    lane="gateways",
    responsibility="Grants a 1 h read-only DB role after a second engineer approves a ticketed request",
)

secops = bp.component(
    "secops",
    "operator",
    "Security engineer",
    tech="Terraform + runbook",
    responsibility="Owns the access map; revokes a service's access during an incident",
)
oncall = bp.component(
    "oncall",
    "operator",
    "On-call engineer",
    tech="SSO + MFA",
    responsibility="Needs to read production data during an incident, never with a shared password",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(pods, signer, "sign(host, user)")
bp.link(pods, sts, "web-identity creds", figure="sts_rate")
bp.link(sts, oidc, "verify JWT (JWKS)")
bp.link(sts, trail, "AssumeRole event", nature="async")
bp.link(pods, proxy, "TLS + IAM token", figure="peak_queries")
bp.link(proxy, iam, "rds-db:connect?")
bp.link(proxy, secrets, "backend secret")
bp.link(proxy, db, "pooled conn", figure="backend_busy")
bp.link(db, dblogs, "pgaudit", nature="async")
bp.link(dblogs, siem, "rules", nature="stream")
bp.link(secops, iam, "detach + deny old")
bp.link(secops, db, "NOLOGIN + terminate")
bp.link(oncall, broker, "request access")
bp.link(broker, iam, "1 h grant")
bp.link(oncall, sts, "assume role + MFA")
bp.link(oncall, proxy, "IAM token, read-only")
bp.link(iam, trail, "policy change", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Pod gets role credentials",
    [
        (
            pods,
            sts,
            "At start and every ~45 min the SDK sends the projected service-account JWT to "
            "AssumeRoleWithWebIdentity for role orders-api.",
        ),
        (
            sts,
            oidc,
            "STS checks the JWT's signature against the cluster issuer's keys, and that its audience and "
            "subject (system:serviceaccount:orders:orders-api) match the role's trust policy.",
        ),
        (
            sts,
            trail,
            "STS returns 1 h credentials and CloudTrail records the call with the service account as the source.",
        ),
    ],
    description="Identity comes from the platform, not from a secret shipped with the pod; ~0.14 calls/s in all.",
)

bp.flow(
    "Open a connection with an IAM token",
    [
        (
            pods,
            signer,
            "When the pool needs a connection, the SDK presigns a token for host, port 5432 and user "
            "orders_rw, valid 15 min, locally with SigV4: no network call.",
            "0.1 ms",
            "0.5 ms",
        ),
        (
            pods,
            proxy,
            "The pod connects with sslmode=verify-full and sends the token as the password.",
            "3 ms",
            "10 ms",
        ),
        (
            proxy,
            iam,
            "The proxy checks the signature, the 15 min expiry and that the role may rds-db:connect as "
            "orders_rw on this proxy; otherwise it refuses the login.",
            "5 ms",
            "25 ms",
        ),
        (
            proxy,
            secrets,
            "It looks up orders_rw's backend password in its cached secret.",
            "0.1 ms",
            "1 ms",
        ),
        (
            proxy,
            db,
            "It lends an idle backend connection as orders_rw, or opens one, which can touch only the orders "
            "schema that user was granted.",
            "2 ms",
            "10 ms",
        ),
        (
            db,
            dblogs,
            "log_connections and pgaudit record the login with user, client address and application_name.",
        ),
    ],
    mode="write",
    description="Runs on each new client connection: at most ~17/s during a rolling deploy of all 500 pods.",
)

bp.flow(
    "Query on a pooled connection",
    [
        (
            pods,
            proxy,
            "A request handler borrows a connection from the pod's pool and sends its query to the proxy.",
            "0.5 ms",
            "2 ms",
        ),
        (
            proxy,
            db,
            "The proxy runs it on a backend connection for the duration of the transaction, then returns "
            "that connection to its pool.",
            "2 ms",
            "15 ms",
        ),
    ],
    critical=True,
    mode="read",
    description="The hot path: authentication happened once at connect; each query pays only the proxy hop.",
)

bp.flow(
    "Revoke a service's access",
    [
        (
            secops,
            iam,
            "The engineer detaches the rds-db:connect policy from role orders-api and adds a deny on "
            "credentials issued before now (aws:TokenIssueTime), so copied credentials die too.",
        ),
        (
            secops,
            db,
            "As a kill switch, ALTER ROLE orders_rw NOLOGIN and pg_terminate_backend() on its sessions end "
            "the connections that were already open.",
        ),
        (
            pods,
            proxy,
            "The pods' reconnects now fail at the proxy's IAM check; the failure burst is the signal that "
            "the revocation took.",
        ),
        (
            db,
            dblogs,
            "The terminations and refused logins land in the audit log.",
        ),
        (
            dblogs,
            siem,
            "The monitor confirms zero sessions left for orders_rw and attaches the timeline to the incident.",
        ),
    ],
    mode="write",
    description="New connections stop within IAM propagation (seconds); open ones end with the kill switch.",
)

bp.flow(
    "Break-glass human access",
    [
        (
            oncall,
            broker,
            "The on-call engineer asks for read-only access to Orders DB for 1 h, citing the incident ticket.",
        ),
        (
            broker,
            iam,
            "After a second engineer approves, the broker assigns a permission set that may connect as "
            "breakglass_ro only, expiring in 1 h.",
        ),
        (
            oncall,
            sts,
            "The engineer signs in with SSO and MFA and assumes that role for at most 1 h.",
        ),
        (
            oncall,
            proxy,
            "They connect through the proxy with an IAM token for breakglass_ro, which can SELECT but not "
            "write or read the card-token table.",
        ),
        (
            db,
            dblogs,
            "pgaudit session logging records every statement breakglass_ro runs.",
        ),
        (
            dblogs,
            siem,
            "Each break-glass login pages the security channel; the session log is reviewed the next day.",
        ),
    ],
    mode="write",
    description="No standing human access: 1 h, approved by a second person, read-only, every statement logged.",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case(
    "Service",
    "opens database connections with no stored password",
    mode="write",
    flow="Open a connection with an IAM token",
)
bp.use_case(
    "Service", "reads and writes orders over a pooled connection", mode="read", flow="Query on a pooled connection"
)
bp.use_case(
    "Security engineer",
    "revokes a compromised service's database access",
    mode="write",
    flow="Revoke a service's access",
)
bp.use_case(
    "On-call engineer",
    "gets time-boxed read-only access during an incident",
    mode="write",
    flow="Break-glass human access",
)
bp.use_case("Auditor", "sees who connected as which database user, and what they ran on PII tables")
bp.out_of_scope(
    "Row-level authorisation inside the application",
    "Non-AWS databases (would use Vault dynamic credentials)",
    "Analytics access through the warehouse",
    "Schema migrations (a separate CI role with its own approval)",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Query latency",
    flow="Query on a pooled connection",
    p50="5 ms",
    p99="25 ms",
    note="The proxy hop adds ~0.5 ms at p50 over a direct connection",
)
bp.target(
    "Connection setup",
    flow="Open a connection with an IAM token",
    p50="20 ms",
    p99="100 ms",
    note="Paid once per connection; pools keep each for up to 15 min",
)
bp.target(
    "Availability",
    flow="Query on a pooled connection",
    availability="99.95%",
    note="21.6 min a month; the proxy's SLA and one 30 s writer failover a month dominate",
)
bp.target(
    "Durability",
    flow="Query on a pooled connection",
    rpo="0 s",
    rto="30 s",
    note="Aurora acknowledges a write once 4 of 6 copies in 3 zones have it",
)
bp.target(
    "Revocation",
    "New connections refused < 60 s after revoke; open sessions ended < 60 s with the kill switch",
    note="Without the kill switch open sessions end at the pools' 15 min max lifetime",
)
bp.target(
    "Secrets at rest",
    "0 database passwords in pods, images, env vars or CI",
    note="Checked by a secret scanner on every image and manifest; the proxy's backend secret never leaves AWS",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "access map",
    primary_key="(namespace, service_account, db_cluster)",
    fields=[
        ("namespace", "text", 24),
        ("service_account", "text", 32),
        ("db_cluster", "text", 32),
        ("iam_role_arn", "text", 80),
        ("db_user", "text", 24),
        ("grants", "text[] e.g. SELECT,INSERT ON orders.*", 120),
        ("owner_team", "text", 24),
        ("expires_at", "timestamptz, null = standing", 8),
    ],
    indexes=[("(db_cluster, db_user)", "answers 'who can log in as this user?' during an incident or an audit")],
    per="entry",
    note="Kept in git as Terraform; the IAM policies, trust policies and GRANTs are generated from it",
)
bp.table(
    "audit events",
    primary_key="(log_stream, event_time, seq)",
    fields=[
        ("event_time", "timestamp, ms", 8),
        ("seq", "bigint", 8),
        ("log_stream", "text, instance id", 24),
        ("db_user", "text", 24),
        ("client_addr", "inet", 16),
        ("application_name", "text, pod name", 48),
        ("class", "text: READ, WRITE, DDL, ROLE", 8),
        ("statement", "text, truncated at 200 B", 200),
        ("envelope", "JSON keys and log overhead", 80),
    ],
    indexes=[("(db_user, event_time)", "a user's sessions in time order, for revocation checks and reviews")],
    per="entry",
)
bp.api(
    "opens database connections with no stored password",
    "token = rds.generate_db_auth_token(host, 5432, 'orders_rw')\n"
    "psql 'host=orders.proxy-... user=orders_rw sslmode=verify-full password=<token>'",
    "connected, TLSv1.3; token accepted until 15 min after signing",
)
bp.api(
    "revokes a compromised service's database access",
    "aws iam detach-role-policy --role-name orders-api --policy-arn .../orders-db-connect\n"
    "ALTER ROLE orders_rw NOLOGIN; SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE usename = 'orders_rw';",
    "(no output); 37 rows, all t; new logins as orders_rw fail authentication",
)
bp.api(
    "gets time-boxed read-only access during an incident",
    'POST /break-glass\n{"db": "orders", "role": "breakglass_ro", "ticket": "INC-4821", "minutes": 60}',
    '202 Accepted\n{"request_id": "bg_77...", "status": "awaiting_approval", "expires_in_s": 3600}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity("pod_count", "500 nodes", "Service pods", basis="Planning value across 20 services (topic notes)")
bp.quantity("pool_size", "10 sessions/node", "Pool size per pod", basis="Planning value (topic notes)")
bp.quantity("rollout", "5 min", "Rolling deploy of every pod", basis="maxSurge 25% over 4 waves (planning value)")
bp.quota(
    "iam_conn_limit",
    "200 sessions/s",
    "New IAM-authenticated connections",
    basis="AWS RDS guidance for IAM database authentication",
    load="rollout_conns",
)
bp.quantity("max_life", "15 min", "Connection max lifetime", basis="Pool setting, equal to the token validity")
bp.quantity("cred_life", "1 h", "Role credential lifetime", basis="AssumeRoleWithWebIdentity default DurationSeconds")
bp.quantity("sts_per_pod", "1 calls/node", "STS calls per pod per credential", basis="One refresh per lifetime")
bp.quantity("avg_queries", "20e3 req/s", "Average queries, all pods", basis="40 req/s per pod (planning value)")
bp.quantity("peak_factor", "2", "Peak over average", basis="Daily order peak (planning value)")
bp.quantity("query_time", "2 sessions * ms / req", "Backend time per query", basis="Short OLTP transactions, step 13")
bp.quantity("db_max_conn", "5000 sessions", "Aurora max_connections", basis="Default cap on large instance classes")
bp.quantity("proxy_share", "10 %", "MaxConnectionsPercent for the proxy", basis="Leaves the rest for other clients")
bp.quantity(
    "audited_share", "0.05 entries/req", "Audit entries per query", basis="5%: object audit on PII tables + DDL + ROLE"
)
bp.quantity("retention", "365 days", "Audit retention", basis="PCI DSS keeps audit trails 1 year")

bp.derive("client_conns", "pod_count * pool_size", "Client connections", unit="sessions")
bp.derive("rollout_conns", "client_conns / rollout", "New connections during a rollout", unit="sessions/s")
bp.derive("churn_conns", "client_conns / max_life", "New connections from lifetime churn", unit="sessions/s")
bp.derive("cold_start", "client_conns / iam_conn_limit", "All pods cold-starting at the limit", unit="s")
bp.derive("sts_rate", "pod_count * sts_per_pod / cred_life", "STS calls", unit="calls/s")
bp.derive("peak_queries", "avg_queries * peak_factor", "Peak queries", unit="req/s")
bp.derive("backend_busy", "peak_queries * query_time", "Busy backend connections (Little)", unit="sessions")
bp.derive("proxy_pool", "db_max_conn * proxy_share", "Proxy backend pool", unit="sessions", section="fleet")
bp.derive("mux_ratio", "client_conns / proxy_pool", "Client per backend connection", unit="", section="fleet")
bp.derive("pool_busy", "backend_busy / proxy_pool", "Proxy pool in use at peak", unit="%", section="fleet")
bp.derive(
    "audit_storage",
    "avg_queries * audited_share * audit_events_record * retention",
    "Audit log over 1 year",
    unit="TB",
    section="storage",
)

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="How services authenticate",
    chosen="15-minute IAM tokens signed from 1 h role credentials",
    rejected="Static passwords in Secrets Manager, fetched into pods and rotated every 30 days",
    why=(
        "A leaked password works until rotation (up to 30 days) from anywhere; a leaked token opens "
        "connections for at most 15 min as one user, and revocation is one IAM change"
    ),
    cost=(
        "IAM auth must stay under {iam_conn_limit}; TLS is mandatory; connecting depends on STS being "
        "reachable within each 1 h credential window"
    ),
    revisit_when="Sustained new connections pass 100/s (half the guidance), e.g. from serverless callers",
)
bp.tradeoff(
    decision="Token system",
    chosen="Native RDS IAM authentication",
    rejected="HashiCorp Vault dynamic database credentials (a real role per lease)",
    why=(
        "Every database here is Aurora, so IAM needs no extra cluster; Vault would CREATE ROLE for each of "
        "500 pods' leases and run a renew loop, and itself becomes a tier-0 dependency"
    ),
    cost="AWS-only; one database user per service instead of one per pod, so pgaudit names the pod by application_name",
    revisit_when="More than 20% of databases run outside AWS (self-managed or another cloud)",
)
bp.tradeoff(
    decision="Proxy in the path",
    chosen="RDS Proxy between pods and Aurora",
    rejected="Pods connect straight to the cluster endpoint with IAM tokens",
    why=(
        "Direct, {client_conns} would be backend connections and a cold start opens them all at once; "
        "the proxy holds {proxy_pool} ({mux_ratio} clients each) and keeps clients connected through a failover"
    ),
    cost="One more hop (~0.5 ms p50), proxy cost per database vCPU, and session state (SET, temp tables) pins a client",
    revisit_when="Pinned connections exceed 30% of clients, when the multiplexing gain is mostly gone",
)
bp.tradeoff(
    decision="Connection lifetime",
    chosen="15 min max lifetime in every pod pool",
    rejected="Long-lived connections (hours) to save setup work",
    why=(
        "Lifetime bounds how long a revoked identity keeps working without the kill switch; churn "
        "costs {churn_conns}, far under the {iam_conn_limit} guidance"
    ),
    cost="~6 reconnects/s, each with an IAM check (p99 ~50 ms, off the request path)",
    revisit_when="Churn plus rollouts pass 100 new connections/s",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="STS or IAM degraded in the region",
    detection="AssumeRoleWithWebIdentity errors > 1% for 5 min; proxy IAM-auth failures > 5% for 2 min",
    blast_radius=(
        "Only new connections once credentials expire; open connections and queries continue, and held "
        "credentials last up to 1 h"
    ),
    mitigation=(
        "SDK refreshes 15 min early and retries with backoff, using the regional STS endpoint; recovers with AWS"
    ),
)
bp.failure(
    failure="Connection storm: every pod starts at once (cluster restore, bad deploy)",
    detection="Proxy connection setup p99 > 500 ms or auth throttling for 1 min; > 200 new connections/s",
    blast_radius="Pods starting up fail readiness; already running pods are not affected",
    mitigation=(
        "Pools start with 2 connections and grow on demand with jitter; a full cold start stays at the "
        "limit for {cold_start}"
    ),
)
bp.failure(
    failure="A pod is compromised and its token or credentials are copied",
    detection="Login as orders_rw from an address outside the pod CIDR, or an unknown application_name: 1 event pages",
    blast_radius="One database user's grants (orders schema only) for at most 15 min of new logins",
    mitigation="Revoke flow (policy detach, deny old credentials, NOLOGIN + terminate) in < 60 s; replace the pod",
)
bp.failure(
    failure="Aurora writer instance fails",
    detection="Writer health check fails; proxy DatabaseConnectionsBorrowLatency p99 > 1 s",
    blast_radius="Writes pause for every service on this cluster; reads on readers continue",
    mitigation="Aurora promotes a reader in < 30 s; the proxy keeps client connections open and re-routes to it",
)
bp.failure(
    failure="Break-glass access misused or left open",
    detection="Every breakglass_ro login pages (threshold: 1 session); any session past 60 min alerts",
    blast_radius="Read-only on non-card tables for one person, for at most 1 h",
    mitigation=(
        "The grant expires by itself at 60 min; security can end it at once with the revoke flow; reviewed next day"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (5,000 pods, 50K client connections)",
    breaks=(
        "A full rollout opens ~167 new connections/s, close to the 200/s guidance, and lifetime churn "
        "adds ~56/s; one proxy endpoint carries 50K clients"
    ),
    next_move="A proxy per service group, slower rollouts (maxSurge 10%), pools of 4 per pod with longer waits",
)
bp.scaling(
    at="100x (50,000 pods)",
    breaks="Per-pod connections cannot stay under 200/s per database at any rollout speed",
    next_move=(
        "Stop connecting from every pod: a data-access service per domain holds the connections, or "
        "databases split into cells with their own proxies and identities"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Amazon RDS User Guide: IAM database authentication",
    "15-minute tokens, rds-db:connect, the rds_iam role and the new-connection guidance",
    url="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/UsingWithRDS.IAMDBAuth.html",
)
bp.reference(
    "Amazon RDS User Guide: RDS Proxy",
    "Connection pooling, IAM authentication to the proxy, pinning and failover behaviour",
    url="https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-proxy.html",
)
bp.reference(
    "Amazon EKS User Guide: IAM roles for service accounts",
    "Projected service-account tokens exchanged at STS for role credentials",
    url="https://docs.aws.amazon.com/eks/latest/userguide/iam-roles-for-service-accounts.html",
)
bp.reference(
    "AWS STS API Reference: AssumeRoleWithWebIdentity",
    "Web-identity trust policies and the 1 h default session duration",
    url="https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithWebIdentity.html",
)
bp.reference(
    "NIST SP 800-207: Zero Trust Architecture",
    "Per-session, least-privilege access decided by policy rather than network location",
    url="https://csrc.nist.gov/publications/detail/sp/800-207/final",
)
bp.reference(
    "pgaudit",
    "Session and object audit logging for PostgreSQL",
    url="https://github.com/pgaudit/pgaudit",
)
bp.reference(
    "HashiCorp Vault: Database secrets engine",
    "Dynamic, leased database credentials: the rejected alternative",
    url="https://developer.hashicorp.com/vault/docs/secrets/databases",
)

bp.key_numbers("client_conns", "rollout_conns", "cold_start", "proxy_pool", "backend_busy")

BLUEPRINT = bp.build()
