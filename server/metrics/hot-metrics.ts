// Counters and histograms for the metrics moved on every run and step, registered in a
// prom-client Registry (which writes the text Prometheus reads) but counted here: prom-client
// checks and hashes the labels on every observe (2-3 µs each, four or more per run), while a
// child made once per label set and kept costs a loop over the buckets. Same output as
// prom-client's own Counter and Histogram: `_bucket` with `le` (cumulative, `+Inf` last),
// `_sum` and `_count`.
import type { Registry } from 'prom-client';

interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
}

interface Collectable {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  get(): Promise<{
    name: string;
    help: string;
    type: string;
    aggregator: 'sum';
    values: MetricValue[];
  }>;
  reset(): void;
}

export interface HotCounter {
  /** The child for these label values (in labelNames order, up to three), made once. */
  labels(a?: string, b?: string, c?: string): { inc(by?: number): void };
}

export interface HotHistogram {
  labels(a?: string, b?: string, c?: string): { observe(value: number): void };
}

/**
 * Children by their label values, a map per label: found without making a key (joining the
 * values made a string, and hashed it, on every count).
 */
function children<C>(make: (labels: Record<string, string>) => C, labelNames: string[]) {
  if (labelNames.length > 3) throw new Error('a hot metric has at most three labels');
  const all: { labels: Record<string, string>; child: C }[] = [];
  const tree = new Map<string, Map<string, Map<string, C>>>();
  return {
    all,
    get(a = '', b = '', c = ''): C {
      let byB = tree.get(a);
      if (!byB) tree.set(a, (byB = new Map()));
      let byC = byB.get(b);
      if (!byC) byB.set(b, (byC = new Map()));
      let child = byC.get(c);
      if (child === undefined) {
        const values = [a, b, c];
        const labels = Object.fromEntries(labelNames.map((name, i) => [name, values[i]]));
        child = make(labels);
        byC.set(c, child);
        all.push({ labels, child });
      }
      return child;
    },
    clear() {
      tree.clear();
      all.length = 0;
    },
  };
}

function register(registry: Registry, metric: Collectable): void {
  registry.registerMetric(metric as unknown as Parameters<Registry['registerMetric']>[0]);
}

export function hotCounter(
  registry: Registry,
  options: { name: string; help: string; labelNames?: string[] },
): HotCounter {
  const kids = children(
    () => ({
      value: 0,
      inc(by = 1) {
        this.value += by;
      },
    }),
    options.labelNames ?? [],
  );
  const metric: Collectable = {
    name: options.name,
    help: options.help,
    type: 'counter',
    aggregator: 'sum',
    async get() {
      const values = kids.all.map(({ labels, child }) => ({
        value: child.value,
        labels,
      }));
      return { name: options.name, help: options.help, type: 'counter', aggregator: 'sum', values };
    },
    reset: () => kids.clear(),
  };
  register(registry, metric);
  return { labels: (a, b, c) => kids.get(a, b, c) };
}

export function hotHistogram(
  registry: Registry,
  options: { name: string; help: string; labelNames?: string[]; buckets: number[] },
): HotHistogram {
  const bounds = [...options.buckets].sort((a, b) => a - b);
  const kids = children(() => {
    // One count per bucket (not cumulative: made cumulative when read), the last for +Inf.
    const counts = new Float64Array(bounds.length + 1);
    const child = {
      counts,
      sum: 0,
      count: 0,
      observe(value: number) {
        if (!Number.isFinite(value)) return;
        let i = 0;
        while (i < bounds.length && value > bounds[i]) i++;
        counts[i]++;
        child.sum += value;
        child.count++;
      },
    };
    return child;
  }, options.labelNames ?? []);
  const metric: Collectable = {
    name: options.name,
    help: options.help,
    type: 'histogram',
    aggregator: 'sum',
    async get() {
      const values: MetricValue[] = [];
      for (const { labels, child } of kids.all) {
        let cumulative = 0;
        bounds.forEach((bound, i) => {
          cumulative += child.counts[i];
          values.push({
            value: cumulative,
            labels: { ...labels, le: bound },
            metricName: `${options.name}_bucket`,
          });
        });
        values.push({
          value: child.count,
          labels: { ...labels, le: '+Inf' },
          metricName: `${options.name}_bucket`,
        });
        values.push({ value: child.sum, labels, metricName: `${options.name}_sum` });
        values.push({ value: child.count, labels, metricName: `${options.name}_count` });
      }
      return {
        name: options.name,
        help: options.help,
        type: 'histogram',
        aggregator: 'sum',
        values,
      };
    },
    reset: () => kids.clear(),
  };
  register(registry, metric);
  return { labels: (a, b, c) => kids.get(a, b, c) };
}
