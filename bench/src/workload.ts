// Virtual users for the mixed workload: each signs in as its own user, then
// loops — pick an action by weight, run it (one or more RPCs), think — over its
// own connections: Connect JSON on HTTP/1.1 keep-alive as the web app speaks
// it, or gRPC on HTTP/2 as integrations and scanners do. Actions are pluggable
// (bench/src/workload-actions.ts); every RPC they make is timed per procedure
// and protocol, counted only inside the measured window.
import http from "node:http";
import type { DescService } from "@bufbuild/protobuf";
import { Code, ConnectError, createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { createConnectTransport, createGrpcTransport, Http2SessionManager } from "@connectrpc/connect-node";
import { AuthService } from "@eventkit/api/eventkit/v1/auth_pb.js";
import { random } from "./inventory-data.js";
import { percentile } from "./load.js";

export type Protocol = "connect-json" | "grpc";

export interface VirtualUser<W> {
  id: number;
  protocol: Protocol;
  world: W;
  rnd: () => number;
  client<S extends DescService>(service: S): Client<S>;
  /** Times one RPC; a failure is counted and rethrown, which ends the action. */
  call<T>(rpc: string, op: () => Promise<T>): Promise<T>;
  /** A pause within an action (reading the screen), as a share of the think time. */
  pause(share: number): Promise<void>;
  pick<T>(items: readonly T[]): T;
}

export interface Action<W> {
  name: string;
  /** Relative share of the actions users take. */
  weight: number;
  run(vu: VirtualUser<W>): Promise<void>;
}

export interface WorkloadOptions<W> {
  /** Server base URLs; users are spread over them round-robin. */
  urls: string[];
  users: number;
  /** Share of the users that speak gRPC; the rest speak Connect JSON. */
  grpcShare: number;
  credentials: (vu: number) => { email: string; password: string };
  actions: readonly Action<W>[];
  world: W;
  rampSeconds: number;
  seconds: number;
  /** Mean think time between actions; each pause is uniform in [0.5, 1.5] × this. */
  thinkMs: number;
  seed: number;
  /**
   * User n takes action n (modulo their number) first, then picks by weight: with at least as many
   * users as actions, every action runs in every run (what a smoke test needs; measuring needs none of it).
   */
  everyAction?: boolean;
  /** Called when the measured window opens and closes (resource sampling). */
  onWindow?: (phase: "open" | "close") => void | Promise<void>;
}

export interface RpcFigures {
  rpc: string;
  protocol: Protocol | "all";
  calls: number;
  throughput: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  errors: number;
  /** Errors by Connect code. */
  codes: Record<string, number>;
  firstError?: string;
}

export interface WorkloadFigures {
  users: number;
  grpcUsers: number;
  seconds: number;
  actions: Record<string, number>;
  actionsPerSecond: number;
  rpcsPerSecond: number;
  rpcs: RpcFigures[];
  /** Actions that ended without an error over the whole run (ramp-up and the last actions after the window too). */
  completedActions: Record<string, number>;
  /**
   * Actions that ended in an error over the whole run, by name: an RPC's (in `rpcs` too when inside the
   * window) or the action's own, which nothing else counts.
   */
  failedActions: Record<string, { count: number; firstError: string }>;
  loginSeconds: number;
}

interface Samples {
  latencies: number[];
  errors: number;
  codes: Map<string, number>;
  firstError?: string;
}

function weighted<W>(actions: readonly Action<W>[], r: number): Action<W> {
  const total = actions.reduce((sum, a) => sum + a.weight, 0);
  let at = r * total;
  for (const action of actions) {
    at -= action.weight;
    if (at < 0) return action;
  }
  const last = actions.at(-1);
  if (!last) throw new Error("no actions");
  return last;
}

function summarize(rpc: string, protocol: Protocol | "all", samples: Samples[], seconds: number): RpcFigures {
  const latencies = samples.flatMap((s) => s.latencies).sort((a, b) => a - b);
  const codes: Record<string, number> = {};
  for (const s of samples) for (const [code, n] of s.codes) codes[code] = (codes[code] ?? 0) + n;
  const firstError = samples.find((s) => s.firstError)?.firstError;
  return {
    rpc,
    protocol,
    calls: latencies.length,
    throughput: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    maxMs: latencies.at(-1) ?? Number.NaN,
    errors: samples.reduce((sum, s) => sum + s.errors, 0),
    codes,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

async function inBatches(count: number, concurrency: number, op: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(count, concurrency) }, async () => {
      while (next < count) await op(next++);
    }),
  );
}

export async function runWorkload<W>(options: WorkloadOptions<W>): Promise<WorkloadFigures> {
  const samples = new Map<string, Samples>();
  const actionCounts = new Map<string, number>();
  const completedActions: Record<string, number> = {};
  const failedActions: WorkloadFigures["failedActions"] = {};
  const timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let stopped = false;
  let windowStart = Number.POSITIVE_INFINITY;
  let windowEnd = Number.POSITIVE_INFINITY;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped) {
        resolve();
        return;
      }
      const entry = { timer: setTimeout(() => { timers.delete(entry); resolve(); }, ms), resolve };
      timers.add(entry);
    });
  const inWindow = (t0: number, t1: number) => t0 >= windowStart && t1 <= windowEnd;

  // Connections and sign-in, before anything is measured.
  const agents: http.Agent[] = [];
  const sessions: Http2SessionManager[] = [];
  const grpcUsers = Math.round(options.users * options.grpcShare);
  const users: VirtualUser<W>[] = [];
  const signIns: (() => Promise<void>)[] = [];
  for (let id = 0; id < options.users; id += 1) {
    // gRPC users are spread evenly among the others.
    const protocol: Protocol = Math.floor(((id + 1) * grpcUsers) / options.users) > Math.floor((id * grpcUsers) / options.users) ? "grpc" : "connect-json";
    const baseUrl = options.urls[id % options.urls.length] ?? "";
    let token = "";
    const bearer: Interceptor = (next) => (req) => {
      if (token) req.header.set("authorization", `Bearer ${token}`);
      return next(req);
    };
    let transport: Transport;
    if (protocol === "grpc") {
      const sessionManager = new Http2SessionManager(baseUrl);
      sessions.push(sessionManager);
      transport = createGrpcTransport({ baseUrl, sessionManager, interceptors: [bearer] });
    } else {
      // A browser opens up to six connections per host; a single-page app rarely needs more than a few.
      const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
      agents.push(agent);
      transport = createConnectTransport({ baseUrl, httpVersion: "1.1", useBinaryFormat: false, nodeOptions: { agent }, interceptors: [bearer] });
    }
    const clients = new Map<string, unknown>();
    const rnd = random(options.seed + id);
    const vu: VirtualUser<W> = {
      id,
      protocol,
      world: options.world,
      rnd,
      client: <S extends DescService>(service: S) => {
        let client = clients.get(service.typeName) as Client<S> | undefined;
        if (!client) {
          client = createClient(service, transport);
          clients.set(service.typeName, client);
        }
        return client;
      },
      call: async <T>(rpc: string, op: () => Promise<T>): Promise<T> => {
        const key = `${rpc}\u0000${protocol}`;
        let s = samples.get(key);
        if (!s) {
          s = { latencies: [], errors: 0, codes: new Map() };
          samples.set(key, s);
        }
        const t0 = performance.now();
        try {
          const result = await op();
          const t1 = performance.now();
          if (inWindow(t0, t1)) s.latencies.push(t1 - t0);
          return result;
        } catch (error) {
          if (inWindow(t0, performance.now())) {
            const e = ConnectError.from(error);
            s.errors += 1;
            s.codes.set(Code[e.code], (s.codes.get(Code[e.code]) ?? 0) + 1);
            s.firstError ??= `${Code[e.code]}: ${e.rawMessage}`;
          }
          throw error;
        }
      },
      pause: (share) => sleep(options.thinkMs * share * (0.5 + rnd())),
      pick: <T>(items: readonly T[]): T => {
        const item = items[Math.floor(rnd() * items.length)];
        if (item === undefined) throw new Error("pick from an empty list");
        return item;
      },
    };
    users.push(vu);
    signIns.push(async () => {
      const login = await createClient(AuthService, transport).login(options.credentials(id));
      token = login.tokens?.accessToken ?? "";
    });
  }
  const loginStarted = performance.now();
  // argon2 makes each sign-in cost tens of milliseconds of CPU: a few at a time.
  await inBatches(signIns.length, 4, (i) => signIns[i]?.() ?? Promise.resolve());
  const loginSeconds = (performance.now() - loginStarted) / 1000;

  const loop = async (vu: VirtualUser<W>) => {
    // Users arrive spread over the ramp-up.
    await sleep(vu.rnd() * options.rampSeconds * 1000);
    for (let n = 0; !stopped; n += 1) {
      const action = (n === 0 && options.everyAction ? options.actions[vu.id % options.actions.length] : undefined) ?? weighted(options.actions, vu.rnd());
      const t0 = performance.now();
      let failure: unknown;
      try {
        await action.run(vu);
      } catch (error) {
        // The user moves on to the next action, as a person would after an error.
        failure = error;
      }
      if (inWindow(t0, performance.now())) actionCounts.set(action.name, (actionCounts.get(action.name) ?? 0) + 1);
      if (failure === undefined) {
        completedActions[action.name] = (completedActions[action.name] ?? 0) + 1;
      } else {
        const failed = (failedActions[action.name] ??= { count: 0, firstError: failure instanceof Error ? failure.message : JSON.stringify(failure) });
        failed.count += 1;
      }
      await vu.pause(1);
    }
  };
  const started = performance.now();
  const running = Promise.all(users.map(loop));
  await sleep(options.rampSeconds * 1000);
  windowStart = performance.now();
  await options.onWindow?.("open");
  await new Promise((resolve) => setTimeout(resolve, options.seconds * 1000));
  windowEnd = performance.now();
  await options.onWindow?.("close");
  stopped = true;
  for (const entry of timers) {
    clearTimeout(entry.timer);
    entry.resolve();
  }
  await running;
  for (const agent of agents) agent.destroy();
  for (const session of sessions) session.abort();
  const seconds = (windowEnd - windowStart) / 1000;
  process.stderr.write(`    ${options.users} users: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);

  const byRpc = new Map<string, { protocol: Protocol; samples: Samples }[]>();
  for (const [key, s] of samples) {
    const [rpc = "", protocol = "connect-json"] = key.split("\u0000");
    const list = byRpc.get(rpc) ?? [];
    list.push({ protocol: protocol as Protocol, samples: s });
    byRpc.set(rpc, list);
  }
  const rpcs: RpcFigures[] = [];
  for (const [rpc, list] of [...byRpc].sort(([a], [b]) => a.localeCompare(b))) {
    rpcs.push(summarize(rpc, "all", list.map((x) => x.samples), seconds));
    for (const x of list.sort((a, b) => a.protocol.localeCompare(b.protocol))) rpcs.push(summarize(rpc, x.protocol, [x.samples], seconds));
  }
  const totalActions = [...actionCounts.values()].reduce((a, b) => a + b, 0);
  return {
    users: options.users,
    grpcUsers,
    seconds,
    actions: Object.fromEntries(actionCounts),
    actionsPerSecond: totalActions / seconds,
    rpcsPerSecond: rpcs.filter((r) => r.protocol === "all").reduce((sum, r) => sum + r.calls, 0) / seconds,
    rpcs,
    completedActions,
    failedActions,
    loginSeconds,
  };
}
