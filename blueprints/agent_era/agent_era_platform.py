"""A layered, production-ready agent platform: chat and IDE channels, a durable orchestrator that runs the
plan-act loop and checkpoints every step, retrieval and memory for context, tools behind MCP servers and a
microVM sandbox, and a model gateway that routes, falls back and enforces token budgets. Guardrails, per-tool
authorisation with human approval, GenAI traces and evals cut across all five layers. The case study shows
where the cost of an agent goes (tokens, not servers) and how durability and idempotency make a 20-second,
8-call task safe to retry.
"""

from kit import Blueprint, single_writer

bp = Blueprint(
    "agent-era-platform",
    title="The Blueprint: Modern System Design for the Agent Era (2025+)",
    category="agent-era",
    learn="Layered, production-ready agent platform",
    promise=(
        "Run 100K multi-step agent tasks a day (about 230 in flight at a 10x peak) with no completed step "
        "ever lost, every tool side effect applied at most once, and a mean model bill near $0.11 per task "
        "at illustrative prices."
    ),
)

# -- L1: channels ---------------------------------------------------------------------------------
with bp.group("L1 Channels"):
    clients = bp.component(
        "clients",
        "web-client",
        "Chat & IDE clients",
        tech="Web, chat apps, IDE plugins",
        responsibility="Submit tasks, stream progress and answers over SSE, show approval prompts",
    )
    api_gw = bp.component(
        "api_gw",
        "api-gateway",
        "API gateway",
        tech="Envoy, OIDC",
        replicas=3,
        responsibility="Authenticates users (OIDC), enforces per-tenant rate limits, answers 202 with a task id",
    )
    approver = bp.component(
        "approver",
        "operator",
        "Human approver",
        tech="Approval inbox",
        responsibility="Reviews the exact tool, arguments and diff of a risky action, then approves or rejects",
    )

# -- L2: orchestration ----------------------------------------------------------------------------
with bp.group("L2 Orchestration"):
    orchestrator = bp.component(
        "orchestrator",
        "orchestrator",
        "Agent orchestrator",
        tech="Temporal, Python SDK",
        replicas=6,
        backing_store="history",
        responsibility=(
            "Runs each task's plan-act loop as a durable workflow; 6 workers x 50 task slots = 300 > 230 at peak"
        ),
    )
    history = bp.component(
        "history",
        "relational-db",
        "Task history",
        tech="Postgres for Temporal",
        replicas=2,
        # One writer and one synchronous standby: a failover, not a second independent copy.
        topology=single_writer(sync_standbys=1, failover="30 s"),
        responsibility="Workflow event history: one checkpoint per completed step, synchronous standby",
    )

specialists = bp.component(
    "specialists",
    "agent",
    "Specialist agents",
    tech="A2A remote agents",
    lane="external",
    accepted_risk="Owned by other teams; a failed delegation returns to the model as an observation and the "
    "task goes on without it",
    responsibility="Agents owned by other teams (finance, security review) that take delegated subtasks",
)

# -- L3: context and memory -----------------------------------------------------------------------
with bp.group("L3 Context & memory"):
    knowledge = bp.component(
        "knowledge",
        "vector-store",
        "Knowledge index",
        tech="OpenSearch BM25 + k-NN",
        replicas=4,
        topology=single_writer(sync_standbys=1, failover="10 s"),
        responsibility="Hybrid keyword + vector search over 20M document chunks, filtered by the user's ACLs",
    )
    memory = bp.component(
        "memory",
        "relational-db",
        "Memory store",
        tech="Postgres + pgvector",
        replicas=2,
        topology=single_writer(async_standbys=1, failover="30 s"),
        responsibility="Session scratchpad and long-term user and project memories, recalled by similarity",
    )

# -- L5: model gateway (declaration order steers the layout; this order crosses the fewest arrows) ---
with bp.group("L5 Model gateway"):
    model_gw = bp.component(
        "model_gw",
        "api-gateway",
        "Model gateway",
        tech="LiteLLM proxy",
        replicas=3,
        lane="services",
        responsibility="Routes each turn to a small or large model, fails over across providers, meters tokens",
    )

llm = bp.component(
    "llm",
    "llm",
    "LLM providers",
    tech="2 providers x small/large",
    replicas=2,  # the model gateway fails over to the second provider on 429 or 5xx
    responsibility="Hosted models with server-side prompt caching; billed per input and output token",
)

# -- L4: tools ------------------------------------------------------------------------------------
with bp.group("L4 Tools (MCP)"):
    mcp = bp.component(
        "mcp",
        "service",
        "MCP tool servers",
        tech="MCP, Streamable HTTP",
        replicas=8,
        responsibility="One server per tool family; checks the scoped token, validates args, runs the tool",
    )
    with bp.group("Untrusted code", kind="zone"):
        sandbox = bp.component(
            "sandbox",
            "sandbox",
            "Code sandbox",
            tech="Firecracker microVMs",
            replicas=3,
            # Its own column right of the tool servers: in theirs, the call ran up into the zone's title.
            lane="external",
            responsibility="Runs model-written code in a fresh microVM per run, egress limited to an allowlist",
        )
saas = bp.component(
    "saas",
    "external-service",
    "Enterprise APIs",
    tech="GitHub / Jira / CRM APIs",
    responsibility="Systems the tools act on; every mutating call carries an Idempotency-Key",
)

# -- cross-cutting: observability and evals ---------------------------------------------------------
with bp.group("Observability & evals"):
    traces = bp.component(
        "traces",
        "tracing",
        "GenAI traces",
        tech="OpenTelemetry GenAI",
        replicas=2,
        responsibility="One trace per task: model, retrieval and tool spans with token counts (gen_ai.* attributes)",
    )
    evals = bp.component(
        "evals",
        "worker",
        "Evals & cost meter",
        tech="Offline eval runner",
        lane="ops",
        responsibility="Scores sampled tasks with a judge model, replays a golden set, rolls up cost per task",
    )

# -- cross-cutting: guardrails on model traffic, authorisation on tool calls ------------------------
with bp.group("Guardrails & authZ"):
    guardrails = bp.component(
        "guardrails",
        "policy",
        "Guardrails",
        tech="PII + injection models",
        replicas=3,
        responsibility="Redacts PII and scores prompt-injection risk on prompts, retrieved text and outputs",
    )
    tool_authz = bp.component(
        "tool_authz",
        "policy",
        "Tool authZ",
        tech="OPA + token exchange",
        replicas=3,
        responsibility="Allows, denies or escalates each tool call; mints a 5-minute token for one user and tool",
    )

# -- links ----------------------------------------------------------------------------------------
bp.link(clients, api_gw, "POST /tasks, SSE progress")
bp.link(api_gw, orchestrator, "start / signal workflow", figure="peak_tasks")
bp.link(orchestrator, history, "append event (checkpoint)")
bp.link(orchestrator, knowledge, "top-k chunks (hybrid)")
bp.link(orchestrator, memory, "read / write memory")
bp.link(orchestrator, specialists, "message/send (A2A)")
bp.link(orchestrator, model_gw, "messages + tools (stream)")
bp.link(model_gw, guardrails, "scan prompt / output")
bp.link(model_gw, llm, "routed call (stream)", figure="peak_input")
bp.link(orchestrator, tool_authz, "authorize(tool, args)")
bp.link(orchestrator, mcp, "tools/call (MCP)")
bp.link(mcp, sandbox, "run code in microVM")
bp.link(mcp, saas, "API call + Idempotency-Key")
bp.link(orchestrator, approver, "approval request", nature="async")
bp.link(approver, api_gw, "POST /approvals/{id}")
bp.link(orchestrator, traces, "GenAI spans + token usage", nature="async")
bp.link(traces, evals, "sampled traces", nature="stream")
bp.link(evals, model_gw, "judge + replay calls")

# -- flows ----------------------------------------------------------------------------------------
bp.flow(
    "Agent task loop",
    [
        (
            clients,
            api_gw,
            "The developer submits POST /tasks from chat or the IDE and keeps an SSE stream open for progress.",
        ),
        (
            api_gw,
            orchestrator,
            "The gateway starts a workflow keyed by the task id, so a retried submit cannot start a second "
            "run, with a budget of $0.50 or 20 model calls.",
            "20 ms",
            "60 ms",
        ),
        (
            orchestrator,
            knowledge,
            "The orchestrator runs a hybrid BM25 + k-NN query and gets the top 8 chunks, each tagged "
            "with its source and trust level.",
            "50 ms",
            "150 ms",
        ),
        (
            orchestrator,
            memory,
            "It recalls the session scratchpad and the closest long-term memories for this user and project.",
            "10 ms",
            "40 ms",
        ),
        (
            orchestrator,
            model_gw,
            "It sends the prompt with the stable part first (system prompt, tool schemas, earlier turns) so "
            "the provider's prompt cache hits, together with the task's remaining budget.",
            "30 ms",
            "80 ms",
        ),
        (
            model_gw,
            guardrails,
            "The guardrails redact PII and score prompt injection on the prompt and retrieved text; a high "
            "score drops the offending chunks before any model sees them.",
            "40 ms",
            "120 ms",
        ),
        (
            model_gw,
            llm,
            "The gateway routes the turn to the small or large model, fails over to the second provider on "
            "429 or 5xx, and streams back a tool call.",
            "2 s",
            "6 s",
        ),
        (
            orchestrator,
            tool_authz,
            "Before acting, the orchestrator asks whether this user may call this tool with these arguments; "
            "a low-risk call is allowed with a 5-minute token scoped to that user and tool.",
            "5 ms",
            "20 ms",
        ),
        (
            orchestrator,
            mcp,
            "It sends tools/call with the scoped token and an idempotency key derived from the task id and "
            "step number.",
            "10 ms",
            "30 ms",
        ),
        (
            mcp,
            sandbox,
            "The MCP server runs the generated code in a fresh Firecracker microVM from a warm pool and "
            "returns stdout and the exit code as the observation.",
            "500 ms",
            "1.5 s",
        ),
        (
            orchestrator,
            history,
            "The observation is committed to the workflow history before the next step starts (every "
            "step is a checkpoint), and the loop returns to step 2 until the model answers or the budget "
            "runs out.",
            "20 ms",
            "80 ms",
        ),
    ],
    critical=True,
    mode="write",
    description=(
        "The critical path of one turn, repeated about 8 times per task: context, model, authorisation, "
        "tool, checkpoint. Progress streams to the client over SSE while the loop runs."
    ),
)

bp.flow(
    "Risky action with human approval",
    [
        (
            orchestrator,
            tool_authz,
            "The model asks for a mutating tool (deploy, refund, delete) and policy answers needs-approval "
            "instead of allow.",
        ),
        (
            orchestrator,
            history,
            "The workflow records the pending call and its idempotency key, then waits on an approval signal "
            "with a 24 h timer, holding no worker thread or memory meanwhile.",
        ),
        (
            orchestrator,
            approver,
            "The approval inbox shows the exact tool, arguments, diff and the model's stated reason.",
        ),
        (
            approver,
            api_gw,
            "The approver, who must not be the requester, approves with POST /approvals/{id}.",
        ),
        (
            api_gw,
            orchestrator,
            "The gateway delivers the decision as a workflow signal; any worker replays the history and "
            "resumes at the pending call without repeating earlier model calls.",
        ),
        (
            orchestrator,
            mcp,
            "The orchestrator runs the approved call with the idempotency key recorded at step 10, so "
            "a crash and retry cannot apply it twice.",
        ),
        (
            mcp,
            saas,
            "The MCP server calls the enterprise API with that key in its Idempotency-Key header and returns "
            "the result as the observation.",
        ),
    ],
    description=(
        "An interrupt in the loop: the task parks durably for minutes or hours and resumes from its "
        "checkpoint; a rejection or the 24 h timeout is returned to the model as the observation."
    ),
)

bp.flow(
    "Delegate to a specialist agent",
    [
        (
            orchestrator,
            tool_authz,
            "The model asks to hand a subtask (a finance check, a security review) to another team's agent; "
            "policy checks the user may delegate it.",
        ),
        (
            orchestrator,
            specialists,
            "The orchestrator sends an A2A message/send with the subtask and a task id of its own, then waits "
            "on the reply as a durable timer, like an approval.",
        ),
    ],
    description="Rare and asynchronous for the loop: the task parks until the specialist answers.",
)

bp.flow(
    "Traces, evals and cost",
    [
        (
            orchestrator,
            traces,
            "Each model call exports an OpenTelemetry GenAI span (model, input, output and cached token "
            "counts) into the task's trace beside its retrieval, tool and approval spans.",
        ),
        (
            traces,
            evals,
            "All failed tasks and a 5% sample of the rest stream to the eval runner, which also rolls token "
            "counts up into cost per task and per tenant.",
        ),
        (
            evals,
            model_gw,
            "Nightly, the runner replays a golden task set through the gateway and asks a judge model to "
            "score the sampled and replayed transcripts.",
        ),
        (
            model_gw,
            llm,
            "Eval traffic goes to the large model under its own tenant and budget, so its spend and rate-limit "
            "share are kept apart from user tasks; routing and prompt changes ship only if the scores hold.",
        ),
    ],
    description="Asynchronous and off the critical path: telemetry export never blocks a task.",
)

# -- scope ----------------------------------------------------------------------------------------
bp.use_case(
    "Developer",
    "delegates a multi-step coding or ops task from chat or the IDE and watches it progress",
    mode="write",
    flow="Agent task loop",
)
bp.use_case(
    "Agent",
    "grounds its answer in company documents and acts through approved MCP tools as the user",
    mode="read",
    flow="Agent task loop",
)
bp.use_case(
    "Approver",
    "approves or rejects a risky action (deploy, refund, deletion) before it runs",
    mode="write",
    flow="Risky action with human approval",
)
bp.use_case("Platform team", "adds a tool by deploying one MCP server, with no change to agent code")
bp.use_case(
    "AI engineer",
    "compares models and prompts on eval scores and cost per task before a rollout",
    mode="read",
    flow="Traces, evals and cost",
)
bp.api(
    "delegates a multi-step coding or ops task from chat or the IDE and watches it progress",
    'POST /tasks\nIdempotency-Key: 0b7f...\n{"goal": "Fix the flaky test in payments-api", "budget_usd": 0.5}',
    '202 Accepted\n{"task_id": "t_5e1...", "events": "/tasks/t_5e1.../events"}  (SSE)',
)
bp.api(
    "approves or rejects a risky action (deploy, refund, deletion) before it runs",
    'POST /approvals/a_19...\n{"decision": "approve", "comment": "diff reviewed"}',
    '200 OK\n{"task_id": "t_5e1...", "status": "resumed"}',
)
bp.table(
    "task history events",
    primary_key="(workflow_id, event_id)",
    fields=[
        ("workflow_id", "uuid", 16),
        ("event_id", "bigint", 8),
        ("event_type", "smallint", 2),
        ("payload", "messages and tool results, compressed", 12000),
        ("created_at", "timestamptz", 8),
        ("row header", "Postgres tuple header", 24),
    ],
    indexes=[("(workflow_id, event_id)", "replay reads one workflow's events in order; no other access path")],
    per="entry",
    note="Temporal's own schema, simplified; one event per completed step",
)
bp.out_of_scope(
    "Model training and fine-tuning",
    "Self-hosting open-weight models on our own GPUs (revisited at 100x)",
    "Document ingestion, chunking and embedding pipelines that fill the knowledge index",
    "Billing and invoicing of tenants",
)

# -- targets --------------------------------------------------------------------------------------
bp.target(
    "Task accepted",
    "p99 < 300 ms",
    note="POST /tasks returns 202 and a task id after one durable workflow start; results stream over SSE",
)
bp.target(
    "One turn of the loop",
    flow="Agent task loop",
    p50="3 s",
    p99="10 s",
    note="A full model call with its tool run; the first streamed token comes after ~0.3 s at p50",
)
bp.target(
    "Task completion",
    "mean 20 s, p99 < 60 s",
    note=(
        "4,000 output tokens / 250 tokens/s = 16 s decode + 8 x 0.25 s first tokens = 2 s + tools "
        "(2 sandbox runs x 0.5 s + 0.4 s of API calls) = 1.4 s + 8 x 75 ms retrieval, policy and checkpoint "
        "= 0.6 s; total 20 s. p99 covers large-model-heavy tasks and one provider failover"
    ),
)
bp.target(
    "Availability",
    flow="Agent task loop",
    availability="99.9%",
    note="43 min a month; two independent providers give the model layer 1 - 0.005^2 = 99.9975%",
)
bp.target(
    "Durability",
    flow="Agent task loop",
    rpo="0 s",
    rto="60 s",
    note="Each step's result is committed to the synchronously replicated history before the next step starts",
    accepted_miss="The memory store replicates asynchronously and may lose its last seconds of scratchpad "
    "writes on failover; completed steps live in the task history",
)
bp.target(
    "Tool side effects",
    "<= 1 execution of each side effect per (task, step)",
    note="Idempotency key = hash(task id, step number) on every mutating call; read-only calls may repeat",
)
bp.target(
    "Cost per task",
    "mean <= $0.12, hard cap $0.50",
    note="Illustrative prices; the gateway stops a task at $0.50 or 20 model calls, whichever comes first",
)

# -- assumptions and load model ---------------------------------------------------------------------
bp.assume(
    "Model prices",
    "Illustrative list prices, applied to every call",
    basis="Not a quote; an upper bound since small-model turns cost less, and cache-write surcharges are ignored",
)
# --------------------------------------------------------------------------------
bp.quantity("employees", "20000 users", "Employees delegating", basis="Illustrative enterprise")
bp.quantity("tasks_per_user", "5 tasks/user/day", "Tasks per employee", basis="Delegated tasks per working day")
bp.quantity(
    "peak_factor", "10", "Peak over average", basis="~3x working hours x ~3x CI- and schedule-triggered bursts, rounded"
)
bp.quantity("calls_per_task", "8 calls/task", "Model calls per task", basis="1 planning + 6 tool-use turns + 1 answer")
bp.quantity(
    "input_tokens", "6000 tokens/call", "Input tokens per call", basis="2K system + 2.4K retrieved + 1.6K history"
)
bp.quantity("output_tokens", "500 tokens/call", "Output tokens per call", basis="7 short tool calls + one ~2K answer")
bp.quantity("input_price", "3e-6 USD/token", "Input price", basis="Illustrative $3 per M tokens, not a quote")
bp.quantity("output_price", "15e-6 USD/token", "Output price", basis="Illustrative $15 per M tokens, not a quote")
bp.quantity("cached", "70 %", "Prompt-cache hit share", basis="The stable prefix is ~4.2K of 6K input tokens")
bp.quantity("cache_price", "10 %", "Cached token price", basis="Cache reads cost 0.1x base on e.g. Anthropic's API")
bp.quantity("decode_speed", "250 tokens/s", "Blended decode speed", basis="80% small model ~400/s, 20% large ~100/s")
bp.quantity("task_time", "20 s", "Mean task duration", basis="8 turns of ~2.5 s; async UX (202 + SSE)")
bp.quantity("sandbox_runs", "2 calls/task", "Sandbox runs per task", basis="Code tools on ~1 turn in 4")
bp.quantity("sandbox_time", "0.5 s", "Sandbox run time", basis="Warm-pool Firecracker microVM")
bp.quantity("steps_per_task", "8 entries/task", "History events per task", basis="One checkpoint per model turn")
bp.quantity("retention", "30 days", "History retention", basis="Audit and replay window")
bp.quantity("chunks", "20e6 entries", "Knowledge chunks", basis="Illustrative corpus")
bp.quantity("vector_bytes", "4096 B/entry", "Bytes per vector", basis="1,024 float32 dimensions")
bp.quantity("vector_copies", "2", "Vector index copies", basis="Primary + one replica")
bp.quota(
    "provider_tpm",
    "40e6 tokens/min",
    "Input tokens per minute, both providers",
    basis="Enterprise limits agreed with both providers (illustrative); default tiers allow ~2 M per model",
    load="peak_input",
)

bp.derive("task_rate", "employees * tasks_per_user", "Average tasks", unit="tasks/s")
bp.derive("peak_tasks", "task_rate * peak_factor", "Peak tasks", unit="tasks/s")
bp.derive("peak_calls", "peak_tasks * calls_per_task", "Peak model calls", unit="calls/s")
bp.derive("peak_input", "peak_calls * input_tokens", "Peak input tokens", unit="tokens/s")
bp.derive("checkpoint", "task_history_events_record * steps_per_task", "Checkpoint per task", unit="B/task")
bp.derive("history_storage", "employees * tasks_per_user * checkpoint * retention", "Workflow history", unit="B")
bp.derive("vector_memory", "chunks * vector_bytes * vector_copies", "Vector index", unit="B", section="memory")
bp.derive("in_flight", "peak_tasks * task_time", "Tasks in flight at peak", unit="tasks", section="queues")
bp.derive(
    "busy_vms", "peak_tasks * sandbox_runs * sandbox_time", "Busy microVMs at peak", unit="calls", section="queues"
)
bp.derive("turn_time", "output_tokens / decode_speed", "Decode time per turn", unit="s/call", section="time")
bp.derive(
    "spend_no_cache",
    "employees * tasks_per_user * calls_per_task * (input_tokens * input_price + output_tokens * output_price)",
    "Model spend, no cache",
    unit="USD/day",
)
bp.derive(
    "spend",
    "employees * tasks_per_user * calls_per_task * (input_tokens * input_price * (1 - cached + cached * cache_price)"
    " + output_tokens * output_price)",
    "Model spend, with cache",
    unit="USD/day",
)
bp.derive("cost_per_task", "spend / (employees * tasks_per_user)", "Spend per task", unit="USD/task", section="cost")

# -- trade-offs -----------------------------------------------------------------------------------
bp.tradeoff(
    decision="Agent topology",
    chosen="One orchestrating agent with tools; A2A only to a few specialist agents other teams own",
    rejected="A multi-agent crew (planner, researcher, coder) handing every task between agents",
    why=(
        "Each hand-off re-sends the shared ~6K-token context, so a 3-agent chain roughly triples input "
        "tokens: $14.4K x 3 + $6K = ~$49K/day instead of $20.4K before caching, and one failure spans "
        "3 transcripts"
    ),
    cost=(
        "One prompt carries all tool schemas (~2K of 6K tokens), and tool choice gets less accurate as the list grows"
    ),
    revisit_when=(
        "One agent needs more than ~40 tools, or evals show a specialist beats it by > 5 points on a task family"
    ),
)
bp.tradeoff(
    decision="Loop state",
    chosen="Durable workflow engine (Temporal): every step's result in an event history, replay on crash",
    rejected="An in-memory loop in the API process, with ad hoc state in Redis",
    why=(
        "A deploy or crash would restart all 23 in-flight tasks (230 at peak) from zero, paying again for "
        "half their tokens (~$0.06 each) and re-running tool side effects; approvals wait hours"
    ),
    cost=(
        "Workflow code must be deterministic (model and tool calls become activities), a Temporal cluster to "
        "run, and ~20 ms per persisted step: 8 x 20 ms = 0.16 s, 0.8% of a 20 s task"
    ),
    revisit_when=(
        "Most tasks become single-turn and < 5 s with no tools or approvals, or a task's history nears "
        "Temporal's 50 MB / ~50K-event limit (then continue-as-new)"
    ),
)
bp.tradeoff(
    decision="Model choice per turn",
    chosen="Gateway routes ~80% of turns (tool selection, extraction) to a small model, the rest to a large one",
    rejected="The large model for every call",
    why=(
        "With a small model at an illustrative 1/10 of the price: 0.2 x $20.4K + 0.8 x $2.04K = $5.7K/day, "
        "72% less than all-large; it also decodes ~4x faster, which is what keeps the mean task at 20 s"
    ),
    cost=(
        "A mis-routed hard turn can derail a task; a router and per-route evals to maintain; each model "
        "keeps its own prompt cache, so hit rates drop"
    ),
    revisit_when=(
        "Eval pass rate on small-routed turns falls > 2 points below the all-large baseline, or large-model "
        "prices come within 2x of small ones"
    ),
)
bp.tradeoff(
    decision="Tool integration",
    chosen="MCP servers: tools/list discovery, tools/call, OAuth 2.1 per server",
    rejected="Bespoke integrations coded into each agent product",
    why=(
        "5 agent products x 40 tools = 200 adapters to build and secure, versus 5 MCP clients + 40 "
        "servers = 45; each tool team ships and scopes its own server"
    ),
    cost=(
        "One more network hop per call (~5-20 ms in-region), a young spec that still changes (its HTTP "
        "transport was replaced in 2025), and tool descriptions that must be vetted against poisoning"
    ),
    revisit_when=(
        "A tool needs an in-process call under 10 ms or bulk binary data, or spec changes break more than "
        "one server a quarter"
    ),
)
bp.tradeoff(
    decision="Sandbox for model-written code",
    chosen="Firecracker microVM per run, fresh from a warm pool",
    rejected="Containers on a shared kernel (seccomp-hardened) or gVisor",
    why=(
        "Injected instructions can make generated code hostile; in a container one kernel bug reaches every "
        "tenant on the node. A microVM adds a KVM boundary for ~125 ms boot; 23 starts/s is far under ~150/s"
    ),
    cost="Needs KVM (bare-metal or nested-virtualisation hosts), no GPU passthrough, and a warm pool to run",
    revisit_when="Tools need GPUs (move those to gVisor or Kata on GPU nodes), or starts exceed ~100/s per host",
)

# -- failure modes --------------------------------------------------------------------------------
bp.failure(
    failure="Model provider outage or a storm of 429s",
    detection="Per-provider 429 + 5xx rate > 5% over 60 s, or time to first token p99 > 5 s for 3 min",
    blast_radius="The next model turn of every in-flight task (up to 230 at peak); no task state is lost",
    mitigation=(
        "The circuit opens and the gateway fails over to the other provider within one retry (< 1 min); "
        "its prompt cache is cold, so input cost rises up to 2.7x until it warms; a probe fails back"
    ),
)
bp.failure(
    failure="Prompt injection through a retrieved document or tool output",
    detection=(
        "Guardrail injection score above threshold on retrieved or tool text; > 2 authZ denials in one task; "
        "canary strings from sensitive documents seen in outbound tool arguments"
    ),
    blast_radius=(
        "One task, bounded by its scoped token (one user, listed tools, 5 min) and the sandbox egress allowlist"
    ),
    mitigation=(
        "Retrieved and tool text is passed as delimited data, and mutating tools always need approval; on a "
        "hit, end the task, revoke its tokens and pull the source document from the index within 15 min"
    ),
)
bp.failure(
    failure="Runaway loop or token blow-up (one task, or a bad prompt version everywhere)",
    detection=(
        "Gateway counter past 80% of a task's budget; the same tool + args hash 3 times in a row; "
        "fleet-wide, mean cost per task > 2x its 7-day baseline for 15 min"
    ),
    blast_radius=(
        "One task's spend, capped at $0.50; a bad prompt version that drives every task to the cap costs "
        "$0.50 / $0.11 = 4.4x the normal bill"
    ),
    mitigation=(
        "Hard stop at $0.50 or 20 calls, ending the task as budget-exhausted with its partial result; "
        "per-tenant daily caps; roll back the prompt or routing config in < 5 min"
    ),
)
bp.failure(
    failure="Orchestrator worker crashes mid-task (OOM, node loss, deploy)",
    detection="Temporal workflow-task timeout (10 s) and activity heartbeat timeout (30 s) on the task queue",
    blast_radius="Tasks on that worker, ~230 / 6 = ~38 at peak: delayed, not lost",
    mitigation=(
        "Another worker replays the history and resumes after the last completed step, without paying for "
        "finished model calls; the in-flight tool call is retried with the same idempotency key; < 1 min"
    ),
)
bp.failure(
    failure="Sandbox escape attempt by generated code",
    detection=(
        "Any single jailer or seccomp violation or connection to a host off the allowlist (threshold: 1 event); "
        "CPU or memory quota exceeded"
    ),
    blast_radius="One microVM running one step of one task, behind KVM, the jailer's chroot and cgroups",
    mitigation=(
        "Kill the VM, never reuse a VM across tasks, flag the task and its inputs for security review; a "
        "fresh VM from the warm pool in < 1 s"
    ),
)
bp.failure(
    failure="Task history (Postgres) primary fails",
    detection="Temporal persistence errors or p99 latency > 500 ms; Patroni leader lease lost",
    blast_radius="Every task pauses at its next step and new submissions get 503 until the standby is promoted",
    mitigation=(
        "Patroni promotes the synchronous standby (RPO 0, RTO < 60 s); workers retry persistence calls and "
        "the gateway returns 503 with Retry-After meanwhile"
    ),
)

# -- scaling path ---------------------------------------------------------------------------------
bp.scaling(
    at="10x (1M tasks/day, ~2,300 in flight at peak)",
    breaks=(
        "Provider rate limits first: peak input is 10 x 556K = 5.6M tokens/s (333M tokens/min), beyond "
        "standard per-organisation quotas; model spend reaches 10 x $11.3K = $113K/day"
    ),
    next_move=(
        "Committed throughput with 2+ providers in 2 regions, push small-model routing past 80%, cache "
        "retrieval results per session; Temporal's history shard count is fixed at creation, so it was "
        "sized for 100x on day one"
    ),
)
bp.scaling(
    at="100x (10M tasks/day, ~23K in flight at peak)",
    breaks=(
        "One Temporal cluster and its Postgres (1 TB of history/day), one knowledge index at 9.3K queries/s "
        "peak, and ~$1.1M/day of API tokens"
    ),
    next_move=(
        "Tenant-sharded cells (gateway, Temporal on Cassandra, index shard per cell) in several "
        "regions; serve the high-volume small-model turns from open-weight models on reserved GPUs"
    ),
)

# -- references -----------------------------------------------------------------------------------
bp.reference(
    "Model Context Protocol specification",
    "The tools/list and tools/call contract, the Streamable HTTP transport and OAuth-based "
    "authorization for tool servers",
    url="https://modelcontextprotocol.io",
)
bp.reference(
    "Agent2Agent (A2A) protocol",
    "Google-initiated, now Linux Foundation: agent cards for discovery and JSON-RPC tasks between agents",
)
bp.reference(
    "Temporal documentation: durable execution",
    "Event histories, deterministic replay, signals and timers; the limits quoted under Trade-offs",
    url="https://docs.temporal.io",
)
bp.reference(
    "LangGraph persistence and checkpointing",
    "The same idea inside an agent framework: a checkpoint per graph step and interrupts for human review",
)
bp.reference(
    "OpenTelemetry semantic conventions for generative AI",
    "gen_ai.* span attributes and token-usage metrics that make cost per task a query over traces",
    url="https://opentelemetry.io/docs/specs/semconv/gen-ai/",
)
bp.reference(
    "OWASP Top 10 for LLM Applications",
    "Prompt injection, excessive agency and unbounded consumption: the risks that the guardrails, "
    "approvals and budgets target",
    url="https://owasp.org/www-project-top-10-for-large-language-model-applications/",
)
bp.reference(
    "Anthropic, Building effective agents (Dec 2024)",
    "Start from the simplest loop of one model with tools; add steps or agents only when measured "
    "results justify the extra cost",
    url="https://www.anthropic.com/engineering/building-effective-agents",
)
bp.reference(
    "Agache et al., Firecracker: Lightweight Virtualization for Serverless Applications (NSDI 2020)",
    "The microVM monitor behind AWS Lambda; the isolation, boot-time and density figures used here",
    url="https://www.usenix.org/conference/nsdi20/presentation/agache",
)

bp.key_numbers("peak_tasks", "peak_input", "in_flight", "cost_per_task", "history_storage")

BLUEPRINT = bp.build()
