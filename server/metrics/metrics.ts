// What GET /metrics shows (Prometheus text, prom-client): counters and histograms that the
// run watcher, the metered catalog and the connectors' HTTP observer move as things happen,
// and gauges read when Prometheus scrapes (queue depth, runs by state, open streams, the data
// folder's size). One registry per server or worker, so tests can run several in a process.
// docs/operations.md, "Metrics", lists every metric.
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { hotCounter, hotHistogram } from './hot-metrics.js';
import type { HttpCallInfo } from '../../connectors/index.js';

/** What the gauges read at scrape time; each is optional (a worker has no SQLite, …). */
export interface MetricsSources {
  /** Runs waiting for a place to execute (embedded: the in-process queue; queue mode: Redis). */
  queueDepth?: () => number | null | Promise<number | null>;
  /** Runs by state now: executing, and parked (delay or call steps); null: not known here now. */
  runs?: () => RunsNow | Promise<RunsNow>;
  /** Live run streams (SSE) open now. */
  streamsOpen?: () => number;
  /** Bytes in the data folder (database, key, files). */
  dataBytes?: () => Promise<number>;
  /** Queue mode: workers seen in the last 30 s. */
  workersSeen?: () => number;
}

export interface RunsNow {
  running: number | null;
  waiting?: number | null;
}

/** More distinct services than this (an unusual catalog) are counted under "other". */
const MAX_SERVICES = 100;

const RUN_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300, 900, 3600];
const STEP_BUCKETS = [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60];
const LATENESS_BUCKETS = [0.1, 0.5, 1, 2.5, 5, 15, 60, 300, 900, 3600];

export interface Metrics {
  registry: Registry;
  /** Filled in by whoever owns each source (the app, start-server, the queue). */
  sources: MetricsSources;
  runStarted(trigger: string): void;
  runFinished(status: string, trigger: string, seconds: number | null): void;
  stepDone(connector: string, operation: string, outcome: 'ok' | 'error', seconds: number): void;
  recordsWritten(count: number): void;
  scheduleFired(latenessSeconds: number): void;
  /** ConnectorEnv.onHttpCall. */
  httpCall(call: HttpCallInfo): void;
  /** The text Prometheus reads. */
  text(): Promise<string>;
  readonly contentType: string;
}

export function createMetrics(options: {
  role: 'server' | 'worker';
  version: string;
  mode: 'embedded' | 'queue';
  /** Process CPU, memory, event loop lag, GC (prom-client's defaults). Default true. */
  processMetrics?: boolean;
}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  const sources: MetricsSources = {};

  new Gauge({
    name: 'stepwise_info',
    help: 'Always 1; the labels say what runs here',
    labelNames: ['version', 'mode', 'role'],
    registers,
  }).set({ version: options.version, mode: options.mode, role: options.role }, 1);

  // Moved on every run and step: counted by hot-metrics.ts (prom-client writes the text).
  const started = hotCounter(registry, {
    name: 'stepwise_runs_started_total',
    help: 'Runs started, by trigger type (manual, webhook, schedule, call, retry)',
    labelNames: ['trigger'],
  });
  const finished = hotCounter(registry, {
    name: 'stepwise_runs_finished_total',
    help: 'Runs ended, by status (succeeded, failed, cancelled) and trigger type',
    labelNames: ['status', 'trigger'],
  });
  const runDuration = hotHistogram(registry, {
    name: 'stepwise_run_duration_seconds',
    help: 'From a run starting to execute to its end (time parked by delay or call steps included)',
    labelNames: ['status', 'trigger'],
    buckets: RUN_BUCKETS,
  });
  const stepDuration = hotHistogram(registry, {
    name: 'stepwise_step_duration_seconds',
    help: 'One execution of a connector operation (each attempt), by connector, operation and outcome',
    labelNames: ['connector', 'operation', 'outcome'],
    buckets: STEP_BUCKETS,
  });
  const records = hotCounter(registry, {
    name: 'stepwise_records_written_total',
    help: 'Debug records stored',
  }).labels();
  const lateness = hotHistogram(registry, {
    name: 'stepwise_schedule_lateness_seconds',
    help: 'How long after its due time a scheduled run was started',
    buckets: LATENESS_BUCKETS,
  }).labels();
  const httpCalls = hotCounter(registry, {
    name: 'stepwise_connector_http_calls_total',
    help: 'HTTP calls connectors made (each attempt), by service and status class (2xx, 3xx, 4xx, 429, 5xx, none: no answer)',
    labelNames: ['service', 'status'],
  });
  const http429 = hotCounter(registry, {
    name: 'stepwise_connector_http_429_total',
    help: 'HTTP 429 (too many requests) answers connectors got, by service',
    labelNames: ['service'],
  });

  const gauge = (
    name: string,
    help: string,
    read: (
      set: (value: number | null | undefined, labels?: Record<string, string>) => void,
    ) => Promise<void> | void,
    labelNames: string[] = [],
  ) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers,
      async collect() {
        this.reset();
        // A value not known now (Redis away) is left out, rather than shown as 0.
        await read((value, labels) => {
          if (value === null || value === undefined) return;
          if (labels) this.set(labels, value);
          else this.set(value);
        });
      },
    });
  gauge('stepwise_queue_depth', 'Runs queued and not yet executing', async (set) => {
    if (sources.queueDepth) set(await sources.queueDepth());
  });
  gauge(
    'stepwise_runs',
    'Runs executing (running) and parked by a delay or call step (waiting) now',
    async (set) => {
      if (!sources.runs) return;
      const now = await sources.runs();
      set(now.running, { state: 'running' });
      set(now.waiting, { state: 'waiting' });
    },
    ['state'],
  );
  gauge('stepwise_sse_streams_open', 'Live run streams (the editor following runs) open', (set) => {
    if (sources.streamsOpen) set(sources.streamsOpen());
  });
  gauge('stepwise_data_bytes', 'Bytes in the data folder (database, key, files)', async (set) => {
    if (sources.dataBytes) set(await sources.dataBytes());
  });
  gauge('stepwise_workers_seen', 'Queue mode: workers seen in the last 30 s', (set) => {
    if (sources.workersSeen) set(sources.workersSeen());
  });

  const services = new Set<string>();
  const serviceLabel = (service: string) => {
    if (services.has(service)) return service;
    if (services.size >= MAX_SERVICES) return 'other';
    services.add(service);
    return service;
  };
  const statusClass = (status: number | null) =>
    status === null ? 'none' : status === 429 ? '429' : `${Math.floor(status / 100)}xx`;

  return {
    registry,
    sources,
    runStarted: (trigger) => started.labels(trigger).inc(),
    runFinished(status, trigger, seconds) {
      finished.labels(status, trigger).inc();
      if (seconds !== null) runDuration.labels(status, trigger).observe(seconds);
    },
    stepDone: (connector, operation, outcome, seconds) =>
      stepDuration.labels(connector, operation, outcome).observe(seconds),
    recordsWritten: (count) => records.inc(count),
    scheduleFired: (seconds) => lateness.observe(Math.max(0, seconds)),
    httpCall(call) {
      const service = serviceLabel(call.service);
      httpCalls.labels(service, statusClass(call.status)).inc();
      if (call.status === 429) http429.labels(service).inc();
    },
    text: () => registry.metrics(),
    get contentType() {
      return registry.contentType;
    },
  };
}
