"""Distributed API key revocation: checking a key must cost no network hop, and revoking one must reach
every edge in seconds. Keys are opaque 32-byte secrets with a visible prefix; the key service stores only
their SHA-256 with scopes, status and a version. Each of 40 edge PoPs runs an ext_authz agent beside Envoy
that hashes the presented key and answers from memory: a 60 s positive cache of hot keys plus an exact set
of revoked hashes. A revocation commits status=revoked and a new version with an outbox row; CDC puts it on
Kafka and a distributor pushes it down a gRPC stream that every agent holds open, with p99 < 5 s. An agent
that missed events asks for everything since its version watermark, on reconnect and every 5 min, so a
dropped stream costs minutes of exposure at worst, never a permanently forgotten revocation. Leaked keys
found by GitHub secret scanning are revoked the same way, without waiting for a human.
"""

from kit import Blueprint, quorum, single_writer

bp = Blueprint(
    "api-key-revocation",
    title="Distributed API Key Revocation Service",
    category="security",
    learn="Instant key revocation across infra",
    promise=(
        "Verify API keys at 500K req/s in 40 edge PoPs with < 1 ms added at p99 and no central call on a "
        "cache hit, and make a revocation effective at every PoP within 5 s at p99."
    ),
)

# -- components ------------------------------------------------------------------------------------

api_clients = bp.component(
    "api-clients",
    "external-client",
    "API clients",
    tech="Customer servers, SDKs",
    responsibility="Send Authorization: Bearer sk_live_<32 random bytes, base62> on every call",
)
console = bp.component(
    "console",
    "web-client",
    "Developer console",
    tech="Web app + REST",
    responsibility="Key owners create, scope, rotate and revoke keys",
)
scanner = bp.component(
    "scanner",
    "external-client",
    "Secret scanning",
    tech="GitHub secret scanning partner",
    responsibility="Posts a signed alert when a string matching our key format appears in a public repo",
)

with bp.group("Edge PoP (1 of 40)", kind="cell"):
    gateway = bp.component(
        "gateway",
        "api-gateway",
        "Edge gateway",
        tech="Envoy, ext_authz filter",
        replicas=4,
        responsibility="Terminates TLS; asks the local agent about every request before routing it",
    )
    agent = bp.component(
        "agent",
        "service",
        "Key check agent",
        tech="Go ext_authz sidecar",
        replicas=4,
        lane="gateways",
        responsibility="SHA-256 of the key; revoked-set check; 60 s cache of hot keys; holds the watermark",
    )

upstream = bp.component(
    "upstream",
    "service",
    "Product APIs",
    tech="Regional services",
    replicas=30,
    responsibility="Serve the request; trust the tenant_id and scopes headers the agent adds",
)

keysvc = bp.component(
    "keysvc",
    "service",
    "Key service",
    tech="Go, 3 regions",
    replicas=9,
    responsibility="Issues and revokes keys, answers cache misses and resyncs from the nearest replica",
)

with bp.group("Key store (Patroni)", kind="cluster"):
    keystore = bp.component(
        "keystore",
        "relational-db",
        "Key store",
        tech="Postgres 16 + Patroni",
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="keys (hash, tenant, scopes, status, version), revocations log and outbox",
    )
    replicas = bp.component(
        "replicas",
        "relational-db",
        "Regional replicas",
        tech="Postgres 16, async",
        replicas=3,
        topology=quorum(3, failover="30 s"),
        responsibility="One per region; serve cache misses and resyncs near the PoPs",
    )

with bp.group("Revocation bus", kind="tier"):
    events = bp.component(
        "events",
        "stream",
        "Key events",
        tech="Kafka, RF 3",
        replicas=3,
        topology=quorum(3, failover="10 s"),
        responsibility="key.revoked and key.updated events keyed by key hash, kept 7 days",
    )
    distributor = bp.component(
        "distributor",
        "config",
        "Revocation distributor",
        tech="Go, gRPC server streams",
        replicas=6,
        responsibility="Holds one stream per agent (160) and pushes each event with its version",
    )

audit = bp.component(
    "audit",
    "audit-log",
    "Audit trail",
    tech="S3 Object Lock",
    managed="AWS",
    responsibility="Who created, used first, rotated and revoked each key, retained 2 years",
)
monitoring = bp.component(
    "monitoring",
    "monitoring",
    "Watermark lag",
    tech="Prometheus + PagerDuty",
    replicas=2,
    role="background",
    responsibility="Head version minus each PoP's watermark; miss rate; fail-closed denials",
)

# -- links -----------------------------------------------------------------------------------------

bp.link(api_clients, gateway, "Bearer sk_live_...")
bp.link(gateway, agent, "ext_authz Check", figure="peak_rps")
bp.link(gateway, upstream, "allowed request")
bp.link(agent, keysvc, "miss / resync", figure="miss_rate")
bp.link(console, keysvc, "create / revoke")
bp.link(scanner, keysvc, "leak alert")
bp.link(keysvc, keystore, "revoke tx")
bp.link(keysvc, replicas, "lookup by hash")
bp.link(keystore, replicas, "WAL stream", nature="replication")
bp.link(keystore, events, "outbox CDC", nature="replication")
bp.link(events, distributor, "key.revoked", nature="stream")
bp.link(distributor, agent, "push revoked")
bp.link(events, audit, "archive", nature="stream")
bp.link(agent, monitoring, "watermark", nature="async")

# -- flows -----------------------------------------------------------------------------------------

bp.flow(
    "Verify a key",
    [
        (
            api_clients,
            gateway,
            "A client calls GET /v1/charges with Authorization: Bearer sk_live_4f2K... over TLS to the nearest PoP.",
            "30 ms",
            "120 ms",
        ),
        (
            gateway,
            agent,
            "Envoy's ext_authz filter asks the agent on localhost; the agent takes SHA-256 of the secret, finds "
            "it in no revoked set, and finds it active in its cache (99.9% of calls).",
            "0.2 ms",
            "0.8 ms",
        ),
        (
            gateway,
            upstream,
            "Envoy forwards the call with x-tenant-id and x-scopes headers; the secret itself never travels on.",
            "20 ms",
            "100 ms",
        ),
    ],
    critical=True,
    mode="read",
    description="The hot path: a hash and two map lookups in the PoP, no central dependency.",
)

bp.flow(
    "Cache miss",
    [
        (api_clients, gateway, "A key not used at this PoP in the last 60 s arrives.", "30 ms", "120 ms"),
        (gateway, agent, "The agent misses its cache and holds the request.", "0.2 ms", "0.8 ms"),
        (
            agent,
            keysvc,
            "It asks the regional key service for the hash; concurrent misses for one hash share a single call.",
            "8 ms",
            "40 ms",
        ),
        (
            keysvc,
            replicas,
            "The key service reads the row by its unique secret_hash index on the regional replica.",
            "2 ms",
            "10 ms",
        ),
        (
            gateway,
            upstream,
            "The agent caches the answer for 60 s (30 s for an unknown hash), rechecks the revoked set, and Envoy "
            "forwards the call.",
            "20 ms",
            "100 ms",
        ),
    ],
    mode="read",
    description=(
        "A replica that lags cannot resurrect a revoked key: the pushed revoked set is checked after the lookup."
    ),
)

bp.flow(
    "Revoke a key",
    [
        (
            console,
            keysvc,
            "The owner clicks Revoke: DELETE /v1/keys/key_7Hq2 with a reason.",
            "40 ms",
            "150 ms",
        ),
        (
            keysvc,
            keystore,
            "One transaction sets status=revoked, takes the next global version (v=918,204,117), inserts a "
            "revocations row and an outbox row; the sync standby confirms.",
            "5 ms",
            "20 ms",
        ),
        (
            keystore,
            events,
            "Debezium reads the outbox row from the WAL and produces key.revoked {hash, version} with acks=all.",
            "100 ms",
            "500 ms",
        ),
        (
            events,
            distributor,
            "Each distributor instance consumes the event (every instance reads every partition).",
            "10 ms",
            "100 ms",
        ),
        (
            distributor,
            agent,
            "It pushes the hash and version down every agent's open stream; the agent adds the hash to its "
            "revoked set, evicts the cached entry and advances its watermark.",
            "80 ms",
            "300 ms",
        ),
    ],
    mode="write",
    description="From the click to 160 agents: p99 about 1.1 s, within the 5 s promise.",
)

bp.flow(
    "Leaked key",
    [
        (
            scanner,
            keysvc,
            "GitHub finds sk_live_... in a public commit and posts the token and the URL, signed with ECDSA.",
        ),
        (
            keysvc,
            keystore,
            "The key service verifies the signature against GitHub's published key, hashes the token, and "
            "revokes the key with reason=leaked in the same transaction as a manual revoke.",
        ),
        (keystore, events, "The event travels the same bus; the owner gets an email with the commit URL."),
        (distributor, agent, "Every PoP refuses the key within seconds of the alert."),
    ],
    mode="write",
    description="No human in the loop: a public leak is abused within minutes, so it is revoked first.",
)

bp.flow(
    "Resync after a gap",
    [
        (
            agent,
            keysvc,
            "An agent whose stream dropped reconnects, and every 5 min it asks GET /revocations?since=<watermark>.",
        ),
        (
            keysvc,
            replicas,
            "The key service returns every revocations row with a higher version (a range scan on the version "
            "key), or a full snapshot if the gap is older than 7 days.",
        ),
        (
            events,
            audit,
            "Independently, every event is archived, so an audit can replay which PoP knew what, when.",
        ),
    ],
    description="The push is fast but lossy; the watermark makes it eventually complete.",
)

bp.flow(
    "Create a key",
    [
        (console, keysvc, "POST /v1/keys with scopes; the service draws 32 bytes from the OS CSPRNG."),
        (
            keysvc,
            keystore,
            "It stores SHA-256 of the secret, the 12-character prefix and the scopes, and returns the secret once.",
        ),
    ],
    mode="write",
)

# -- scope -----------------------------------------------------------------------------------------

bp.use_case("API client", "calls an API with its key", mode="read", flow="Verify a key")
bp.use_case("Key owner", "revokes a key", mode="write", flow="Revoke a key")
bp.use_case("Secret scanner", "reports a leaked key", mode="write", flow="Leaked key")
bp.use_case("Key owner", "creates a scoped key", mode="write", flow="Create a key")
bp.use_case("Edge PoP", "catches up on revocations it missed", mode="read", flow="Resync after a gap")
bp.out_of_scope(
    "OAuth 2 user tokens and sessions",
    "Per-key rate limiting and billing",
    "mTLS client certificates",
    "Key rotation scheduling (a client-side job)",
)

# -- targets ---------------------------------------------------------------------------------------

bp.target(
    "Verified request",
    flow="Verify a key",
    p50="80 ms",
    p99="300 ms",
    availability="99.99%",
    note="The key check itself adds 0.2 ms p50, 0.8 ms p99",
)
bp.target("Cache-miss request", flow="Cache miss", p50="100 ms", p99="400 ms")
bp.target(
    "Revocation propagation",
    flow="Revoke a key",
    p50="500 ms",
    p99="5 s",
    note="Click to every agent; a PoP cut off longer falls back to the 5 min resync",
)
bp.target(
    "Revocation durability",
    flow="Revoke a key",
    rpo="0 s",
    rto="30 s",
    note="A revoke acknowledged to the owner is on the sync standby",
)
bp.target(
    "Check throughput",
    flow="Verify a key",
    throughput="50000 req/s",
    capacity="pop_capacity",
    note="Per PoP, at the busiest one (10% of the 500K req/s peak)",
)
bp.target(
    "Worst-case exposure",
    "A revoked key is honoured nowhere later than 5 min + 60 s after commit, even with a PoP partitioned",
    note="Resync interval plus cache TTL; the push makes the usual case 1 s",
)

# -- data model and API ----------------------------------------------------------------------------

bp.table(
    "api_keys",
    primary_key="key_id",
    fields=[
        ("key_id", "uuid", 16),
        ("secret_hash", "bytea, SHA-256", 32),
        ("prefix", "char(12), e.g. sk_live_4f2K", 12),
        ("tenant_id", "bigint", 8),
        ("scopes", "bigint bitmap", 8),
        ("status", "smallint (active, revoked)", 2),
        ("version", "bigint", 8),
        ("created_at", "timestamptz", 8),
        ("expires_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("UNIQUE (secret_hash)", "every miss and every leak alert arrives with only the secret"),
        ("(tenant_id, status)", "the console lists a tenant's keys; an incident revokes all of them"),
    ],
    per="key",
    note="the secret itself is never stored, only its hash",
)
bp.table(
    "revocations",
    primary_key="version",
    fields=[
        ("version", "bigint, global sequence", 8),
        ("secret_hash", "bytea", 32),
        ("key_id", "uuid", 16),
        ("reason", "smallint", 2),
        ("revoked_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[
        ("PRIMARY KEY (version)", "a resync is a range scan: version > the agent's watermark"),
    ],
    per="key",
    note="rows are deleted once the key would have expired anyway (max key life 1 year)",
)
bp.api(
    "revokes a key",
    'DELETE /v1/keys/key_7Hq2\n{"reason": "compromised"}',
    '200 OK\n{"key_id": "key_7Hq2", "status": "revoked", "version": 918204117, "effective_within_s": 5}',
)
bp.api(
    "reports a leaked key",
    "POST /v1/secret-alerts\nGithub-Public-Key-Identifier: 90a4...\nGithub-Public-Key-Signature: MEUCIF...\n"
    '[{"token": "sk_live_4f2K...", "type": "acme_api_key", "url": "https://github.com/..."}]',
    '200 OK\n[{"token_hash": "3b1f...", "label": "true_positive"}]',
)
bp.api(
    "creates a scoped key",
    'POST /v1/keys\n{"name": "billing-prod", "scopes": ["charges:read", "charges:write"], "expires_in_days": 365}',
    '201 Created\n{"key_id": "key_7Hq2", "secret": "sk_live_4f2K... (shown once)", "prefix": "sk_live_4f2K"}',
)

# -- load model ------------------------------------------------------------------------------------

bp.quantity(
    "avg_rps", "200000 req/s", "Average authenticated calls", basis="Planning value for a large public API, 2026"
)
bp.quantity("peak_factor", "2.5", "Peak over average", basis="Weekday business-hours peak (planning value)")
bp.quantity("hit_rate", "99.9 %", "Agent cache hit rate", basis="Few keys make most calls; 60 s TTL (topic notes)")
bp.quantity("pops", "40", "Edge PoPs", basis="Planning value, 3 regions")
bp.quantity("agents_per_pop", "4 nodes", "Agents per PoP", basis="One per Envoy node; N+2 at the busiest PoP")
bp.quantity(
    "busiest_share", "10 %", "Busiest PoP share of traffic", basis="Planning value: top PoP of 40 (e.g. us-east)"
)
bp.quantity("total_keys", "50e6 keys", "Keys issued, live", basis="Planning value")
bp.quantity("hot_keys", "1e6 keys", "Keys active in 60 s at one PoP", basis="Planning value (topic notes)")
bp.quantity("cache_entry", "100 B/key", "Cached entry", basis="Hash, tenant, scopes, status, expiry, map overhead")
bp.quantity("revoked_keys", "1e6 keys", "Revoked, not yet expired", basis="Planning value: 2% of keys a year")
bp.quantity("revoked_entry", "24 B/key", "Exact revoked-set entry", basis="128-bit hash prefix x 1.5 map overhead")
bp.quantity("bloom_bits", "9.6 bit/key", "Bloom bits per key at 1% false positives", basis="-ln(0.01) / ln(2)^2")
bp.quantity("bloom_fp", "1 %", "Bloom false-positive rate", basis="Sizing choice")
bp.quantity("check_cap", "50000 req/s/node", "Checks per agent", basis="gRPC over localhost, 4 cores; load test")
bp.quantity("headroom", "60 %", "Usable share of an agent", basis="One node down per PoP and a skewed PoP")
bp.quantity("leak_rate", "1000 req/s", "Calls made with a leaked key", basis="Abuse scenario (topic notes)")
bp.quantity("push_p99", "5 s", "Revocation push, p99", basis="Target above")
bp.quantity("ttl", "60 s", "Positive cache TTL", basis="Design choice")
bp.quantity("revokes_per_day", "3000 keys/day", "Revocations per day", basis="2% of 50M keys a year, rounded up")
bp.quantity("mass_revoke", "100000 keys", "Largest bulk revoke", basis="Incident: one big tenant revokes all keys")
bp.quantity("bulk_rate", "2000 keys/s", "Bulk revoke rate", basis="Key service batches 500 rows per transaction")
bp.quantity(
    "event_bytes", "200 B/key/node", "Pushed event, per agent stream", basis="Hash, key id, version, reason, framing"
)
bp.quantity("miss_time", "50 ms", "Miss held, p99", basis="Cache-miss flow steps 8-9 at p99")
bp.quantity("index_overhead", "2", "Table plus indexes over table alone", basis="2 indexes on a narrow table")

bp.derive("peak_rps", "avg_rps * peak_factor", "Peak checks", unit="req/s", section="rates")
bp.derive("miss_rate", "peak_rps * (1 - hit_rate)", "Central lookups at peak", unit="req/s")
bp.derive("bloom_extra", "peak_rps * bloom_fp", "Extra lookups a Bloom filter would cause", unit="req/s")
bp.derive("avg_revokes", "revokes_per_day", "Average revocations", unit="keys/min")
bp.derive("agents", "pops * agents_per_pop", "Agents holding a stream", unit="nodes")
bp.derive(
    "bulk_push_bw",
    "bulk_rate * event_bytes * agents",
    "Distributor egress, bulk revoke",
    unit="MB/s",
)
bp.derive("bulk_time", "mass_revoke / bulk_rate", "Bulk revoke, committed", unit="s")
bp.derive("cache_memory", "hot_keys * cache_entry", "Hot-key cache per agent", unit="MB", section="memory")
bp.derive("revoked_memory", "revoked_keys * revoked_entry", "Exact revoked set per agent", unit="MB")
bp.derive("bloom_memory", "revoked_keys * bloom_bits", "Same as a 1% Bloom filter", unit="MB")
bp.derive(
    "key_storage",
    "total_keys * api_keys_record * index_overhead",
    "Key table with indexes",
    unit="GB",
    section="storage",
)
bp.derive("revocation_storage", "revoked_keys * revocations_record", "Revocations log", unit="MB")
bp.derive(
    "agent_nodes", "ceil(peak_rps / (check_cap * headroom))", "Agents needed overall", unit="nodes", section="fleet"
)
bp.derive("busiest_pop", "peak_rps * busiest_share", "Peak at the busiest PoP", unit="req/s")
bp.derive("agents_busiest", "ceil(busiest_pop / (check_cap * headroom))", "Agents needed there", unit="nodes")
bp.derive("pop_capacity", "agents_per_pop * check_cap * headroom", "Agent capacity per PoP", unit="req/s")
bp.derive("exposure_push", "leak_rate * push_p99", "Calls a leaked key gets, push", unit="req", section="other")
bp.derive("exposure_ttl", "leak_rate * ttl", "Same, TTL-only (60 s)", unit="req")
bp.derive("in_flight_miss", "miss_rate * miss_time", "Misses in flight", unit="req", section="queues")

# -- trade-offs ------------------------------------------------------------------------------------

bp.tradeoff(
    decision="How an edge learns of a revocation",
    chosen="Pushed events over held gRPC streams, plus a 60 s positive cache and a 5 min watermark resync",
    rejected="Cache TTL alone (no push), or an online check against the key service on every request",
    why=(
        "A key leaked at 1K req/s gets {exposure_push} with a 5 s push against {exposure_ttl} with a 60 s TTL; "
        "an online check adds a 1-5 ms hop to {peak_rps} and makes one service the whole API's dependency"
    ),
    cost="A distributor fleet, 160 long-lived streams, and a watermark protocol to test",
    revisit_when="Security asks for revocation under 100 ms, or PoPs pass 500 and streams strain the distributors",
)
bp.tradeoff(
    decision="Key format",
    chosen="Opaque 32-byte random secrets with a visible prefix, stored as SHA-256",
    rejected="Signed JWT API keys verified statelessly at the edge",
    why=(
        "A JWT still needs a deny-list to be revoked, so it saves nothing here; an opaque key is 43 characters, "
        "not ~1 KB, and a leaked database holds no usable secret. The prefix lets secret scanners find it"
    ),
    cost="Every PoP must hold state ({cache_memory} of hot keys per agent) and misses need a lookup",
    revisit_when="Partners need offline verification with no network at all, or the miss rate passes 1%",
)
bp.tradeoff(
    decision="Revoked set representation",
    chosen="An exact set of 128-bit hash prefixes in each agent",
    rejected="A Bloom filter at 1% false positives",
    why=(
        "The Bloom filter is {bloom_memory} against {revoked_memory}, but 1% of {peak_rps} is {bloom_extra} of "
        "extra central lookups, 10x the real misses"
    ),
    cost="{revoked_memory} per agent, shipped in full in a cold-start snapshot",
    revisit_when="Revoked, unexpired keys pass 20M (about 480 MB per agent)",
)
bp.tradeoff(
    decision="When a miss cannot be answered",
    chosen="Fail closed for write and money-moving routes, fail open for reads on keys seen in the last 24 h",
    rejected="One global policy, open or closed",
    why=(
        "Only the 0.1% of calls that miss are at stake ({miss_rate}); failing those open on POST /charges lets a "
        "revoked key move money, failing them closed on GET /catalog breaks reads for no gain"
    ),
    cost="A route table of policies to review, and a 'seen in 24 h' hint file shipped with each snapshot",
    revisit_when="A fail-open read route is found to leak data worth protecting, or misses pass 1% of calls",
)

# -- failure modes ---------------------------------------------------------------------------------

bp.failure(
    failure="A PoP loses its stream (network partition, distributor crash)",
    detection="Head version minus the PoP's watermark > 1,000 versions, or no heartbeat on the stream for 10 s",
    blast_radius="One PoP (1 of 40) keeps honouring keys revoked since the cut; verification itself carries on",
    mitigation=(
        "The agent reconnects to another distributor with its watermark and replays the gap; if the control "
        "plane is unreachable, the 5 min resync and the 60 s TTL bound the exposure; healed in < 30 s"
    ),
)
bp.failure(
    failure="The key store primary fails",
    detection="Patroni leader lock expires (30 s TTL); revoke errors > 1% for 30 s",
    blast_radius="No key can be created or revoked for up to 30 s; checks and misses (replicas) continue",
    mitigation=(
        "Patroni promotes the synchronous standby (RPO 0), the console retries with the same request id; "
        "writes resume in < 30 s"
    ),
)
bp.failure(
    failure="CDC or Kafka (Key events) stalls",
    detection="Oldest unpublished outbox row > 5 s old pages on-call",
    blast_radius="Every PoP: revocations commit but do not propagate; exposure grows to the resync interval",
    mitigation=(
        "Resyncs read the revocations table directly, so exposure is capped at 5 min + 60 s; Debezium resumes "
        "from its slot position and agents dedupe by version; fixed in < 15 min"
    ),
)
bp.failure(
    failure="A PoP restarts cold and its misses storm the key service",
    detection="Miss rate > 5% at a PoP for 1 min; key-service p99 > 50 ms",
    blast_radius="That PoP's latency, and other PoPs sharing the regional key service",
    mitigation=(
        "Agents load a snapshot (hot keys, revoked set, watermark) from the regional store before taking "
        "traffic; misses are coalesced per hash and capped at 5K req/s per PoP; warm in < 2 min"
    ),
)

# -- scaling path ----------------------------------------------------------------------------------

bp.scaling(
    at="10x (5M req/s, 500M keys)",
    breaks=(
        "Hot keys per PoP reach ~10M (1 GB per agent, 10 x {cache_memory}); misses reach 10 x {miss_rate}; the "
        "revoked set grows toward 240 MB per agent"
    ),
    next_move=(
        "Shard each PoP's cache across its agents by key hash (Envoy ring hash on the key prefix), and add a "
        "regional read cache (Redis) in front of the replicas"
    ),
)
bp.scaling(
    at="100x (50M req/s)",
    breaks="One Postgres primary takes every key write, and 1,600 agents hold streams to a handful of distributors",
    next_move=(
        "Partition keys by tenant across key-store shards with per-shard version sequences, and put a relay "
        "per PoP so the distributors fan out to 40 relays instead of thousands of agents"
    ),
)

# -- references ------------------------------------------------------------------------------------

bp.reference(
    "Envoy: External Authorization filter",
    "How Envoy asks a local gRPC service to allow or deny each request",
    url="https://www.envoyproxy.io/docs/envoy/latest/configuration/http/http_filters/ext_authz_filter",
)
bp.reference(
    "GitHub: Secret scanning partner program",
    "Signed alerts when a partner's token format appears in a public repository",
    url="https://docs.github.com/en/code-security/secret-scanning/secret-scanning-partnership-program/secret-scanning-partner-program",
)
bp.reference(
    "GitHub blog: Behind GitHub's new authentication token formats",
    "Identifiable prefixes and checksums that make leaked tokens findable",
    url="https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/",
)
bp.reference(
    "Debezium: Outbox Event Router",
    "Publishing outbox rows from the Postgres WAL to Kafka",
    url="https://debezium.io/documentation/reference/stable/transformations/outbox-event-router.html",
)
bp.reference(
    "Bloom, B. H. (1970): Space/time trade-offs in hash coding with allowable errors",
    "The false-positive arithmetic behind the rejected Bloom filter",
    url="https://dl.acm.org/doi/10.1145/362686.362692",
)
bp.reference(
    "RFC 7009: OAuth 2.0 Token Revocation",
    "The standard revoke endpoint for OAuth tokens, for contrast with API keys",
    url="https://www.rfc-editor.org/rfc/rfc7009",
)

bp.key_numbers("peak_rps", "miss_rate", "exposure_push", "revoked_memory", "busiest_pop")

BLUEPRINT = bp.build()
