// The tree the mapping picker shows: for every step in scope, its output as a tree of
// properties, taken from the last run's record when there is one, else from the
// operation's output JSON Schema. Each tree node carries the JSONPath it maps to.
import { stepKind, type StepKind, type StepOfKind } from '../../../engine/model/step-kinds.js';
import { stepsInScope } from './document.js';
import { appendKey, jsonPathOf, parsePath } from './json-path.js';
import type { Step, Workflow } from './types.js';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  title?: string;
  description?: string;
  default?: unknown;
  required?: string[];
  secret?: boolean;
  format?: string;
  /** Where the editor finds suggestions for a text field: 'data-files' (ui/DataFilesList.tsx). */
  suggest?: string;
  [key: string]: unknown;
}

export interface TreeItem {
  key: string;
  label: string;
  /** The JSONPath this property maps to. */
  path: string;
  /** 'object', 'array', 'string', … or the schema's type. */
  type: string;
  /** A short rendering of a sample value (from a run). */
  preview?: string;
  children: TreeItem[];
}

export interface ScopeSources {
  /** The last run's output of a step, by step id (a body step: its first iteration's output). */
  outputs: Map<string, unknown>;
  /** The output JSON Schema of a connector step's operation. */
  schemaOf(step: Step): JsonSchema | undefined;
  /** The last run's trigger output, if any. */
  trigger?: unknown;
}

type Sample =
  | { kind: 'value'; value: unknown }
  | { kind: 'schema'; schema: JsonSchema | undefined };

const MAX_CHILDREN = 50;
const MAX_DEPTH = 6;

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function preview(value: unknown): string {
  const text =
    typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

function valueTree(value: unknown, path: string, depth = 0): TreeItem[] {
  if (depth >= MAX_DEPTH || value === null || typeof value !== 'object') return [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.slice(0, 3).map((v, i) => [i, v])
    : Object.entries(value).slice(0, MAX_CHILDREN);
  return entries.map(([key, v]) => {
    const childPath = appendKey(path, key);
    return {
      key: String(key),
      label: typeof key === 'number' ? `[${key}]` : key,
      path: childPath,
      type: typeOf(v),
      preview:
        v !== null && typeof v === 'object'
          ? Array.isArray(v)
            ? `${v.length} items`
            : undefined
          : preview(v),
      children: valueTree(v, childPath, depth + 1),
    };
  });
}

function schemaType(schema: JsonSchema): string {
  if (Array.isArray(schema.type)) return schema.type.filter((t) => t !== 'null').join(' | ');
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return options.map(schemaType).join(' | ');
  return 'any';
}

function schemaTree(schema: JsonSchema | undefined, path: string, depth = 0): TreeItem[] {
  if (!schema || depth >= MAX_DEPTH) return [];
  const options = schema.anyOf ?? schema.oneOf;
  if (options && !schema.properties) {
    const objectOption = options.find((o) => o.properties || o.items);
    return objectOption ? schemaTree(objectOption, path, depth) : [];
  }
  if (schema.properties) {
    return Object.entries(schema.properties)
      .slice(0, MAX_CHILDREN)
      .map(([key, child]) => {
        const childPath = appendKey(path, key);
        return {
          key,
          label: key,
          path: childPath,
          type: schemaType(child),
          children: schemaTree(child, childPath, depth + 1),
        };
      });
  }
  if (schema.items) {
    const childPath = appendKey(path, 0);
    return [
      {
        key: '0',
        label: '[0]',
        path: childPath,
        type: schemaType(schema.items),
        children: schemaTree(schema.items, childPath, depth + 1),
      },
    ];
  }
  return [];
}

function sampleTree(sample: Sample, path: string): TreeItem[] {
  return sample.kind === 'value' ? valueTree(sample.value, path) : schemaTree(sample.schema, path);
}

/** Follow keys into a sample (a value or a schema). */
function navigate(sample: Sample, keys: (string | number)[]): Sample {
  if (sample.kind === 'value') {
    let value = sample.value;
    for (const key of keys)
      value =
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[key as string]
          : undefined;
    return { kind: 'value', value };
  }
  let schema = sample.schema;
  for (const key of keys) {
    const options = schema?.anyOf ?? schema?.oneOf;
    if (options && !schema?.properties) schema = options.find((o) => o.properties || o.items);
    schema = typeof key === 'number' ? schema?.items : schema?.properties?.[key];
  }
  return { kind: 'schema', schema };
}

/** What the first item of a loop's list looks like: the list mapping followed into the earlier step's sample. */
function loopItemSample(loop: Step, samples: Map<string, Sample>): Sample {
  const listPath = loop.type === 'loop' ? jsonPathOf(loop.input?.list) : null;
  const keys = listPath ? parsePath(listPath) : null;
  if (!keys || keys[0] !== 'steps' || typeof keys[1] !== 'string')
    return { kind: 'schema', schema: undefined };
  const source = samples.get(keys[1]);
  if (!source) return { kind: 'schema', schema: undefined };
  return navigate(source, [...keys.slice(2), 0]);
}

function loopOutputSchema(step: Step): JsonSchema {
  return step.type === 'loop' && step.mode === 'forever'
    ? { type: 'object', properties: { count: { type: 'number' } } }
    : { type: 'object', properties: { count: { type: 'number' }, results: { type: 'array' } } };
}

/**
 * What each kind's output looks like before a run has recorded one (a connector step: its
 * operation's output schema). A new kind must say here what the mapping picker offers.
 */
const KIND_OUTPUTS: {
  [K in StepKind]: (step: StepOfKind<K>, sources: ScopeSources) => JsonSchema | undefined;
} = {
  connector: (step, sources) => sources.schemaOf(step),
  loop: (step) => loopOutputSchema(step),
  boolean: () => ({ type: 'object', properties: { result: { type: 'boolean' } } }),
  break: () => ({ type: 'object' }),
  branch: () => ({
    type: 'object',
    properties: { case: { type: 'string' }, index: { type: ['number', 'null'] } },
  }),
  delay: () => ({ type: 'object', properties: { waitedMs: { type: 'number' } } }),
  terminate: () => ({ type: 'object' }),
  call: (step): JsonSchema => ({
    type: 'object',
    properties: (step.wait
      ? {
          runId: { type: 'string' },
          status: { type: 'string' },
          response: { description: "The called workflow's respond body" },
        }
      : { runId: { type: 'string' } }) as Record<string, JsonSchema>,
  }),
  respond: () => ({ type: 'object', properties: { sent: { type: 'boolean' } } }),
};

function stepSample(step: Step, sources: ScopeSources): Sample {
  if (sources.outputs.has(step.id)) return { kind: 'value', value: sources.outputs.get(step.id) };
  const output = KIND_OUTPUTS[stepKind(step)] as (s: Step, src: ScopeSources) => JsonSchema;
  return { kind: 'schema', schema: output(step, sources) };
}

const WEBHOOK_OUTPUT: JsonSchema = {
  type: 'object',
  properties: { body: { type: 'object' }, query: { type: 'object' }, headers: { type: 'object' } },
};

export interface ScopeGroup {
  stepId: string;
  title: string;
  /** From the last run (true) or from the output schema (false). */
  fromRun: boolean;
  /** The trigger's test payload, kept with the workflow (`sample.trigger`). */
  fromSample?: boolean;
  items: TreeItem[];
}

/** The picker's groups for the inputs of `stepId`: the trigger, the config, then each step in scope. */
export function scopeTree(
  doc: Workflow,
  stepId: string,
  sources: ScopeSources,
  includeSelf = false,
): ScopeGroup[] {
  const groups: ScopeGroup[] = [];
  const samples = new Map<string, Sample>();
  // The trigger's output: its test payload (what the builder's Run sends), else the last
  // run's, else what a webhook call brings; a manual run without a payload has none.
  const payload = doc.sample?.trigger;
  const trigger: Sample | null =
    payload !== undefined && payload !== null
      ? { kind: 'value', value: payload }
      : sources.trigger !== undefined && sources.trigger !== null
        ? { kind: 'value', value: sources.trigger }
        : doc.trigger.type === 'webhook'
          ? { kind: 'schema', schema: WEBHOOK_OUTPUT }
          : null;
  if (trigger)
    groups.push({
      stepId: '$trigger',
      title: 'Trigger',
      fromRun: trigger.kind === 'value',
      ...(payload !== undefined && payload !== null ? { fromSample: true } : {}),
      items: sampleTree(trigger, '$.trigger'),
    });
  if (doc.config && Object.keys(doc.config).length > 0) {
    groups.push({
      stepId: '$config',
      title: 'Config',
      fromRun: true,
      items: valueTree(doc.config, '$.config'),
    });
  }
  for (const entry of stepsInScope(doc, stepId, includeSelf)) {
    const base = `$.steps.${entry.stepId}`;
    const title = entry.step.name ? `${entry.step.name} (${entry.stepId})` : entry.stepId;
    if (entry.role === 'loop') {
      const item = loopItemSample(entry.step, samples);
      const valueItems = sampleTree(item, `${base}.value`);
      const value: TreeItem = {
        key: 'value',
        label: 'value',
        path: `${base}.value`,
        type: 'item',
        children: valueItems,
      };
      const index: TreeItem = {
        key: 'index',
        label: 'index',
        path: `${base}.index`,
        type: 'number',
        children: [],
      };
      const key: TreeItem = {
        key: 'key',
        label: 'key',
        path: `${base}.key`,
        type: 'string',
        children: [],
      };
      const mode = entry.step.type === 'loop' ? entry.step.mode : 'list';
      const items =
        mode === 'forever' ? [index] : mode === 'object' ? [key, value, index] : [value, index];
      groups.push({
        stepId: entry.stepId,
        title: `${title}: current item`,
        fromRun: item.kind === 'value',
        items,
      });
      continue;
    }
    if (entry.role === 'error') {
      groups.push({
        stepId: entry.stepId,
        title: `${title}: its error`,
        fromRun: false,
        items: schemaTree(
          {
            type: 'object',
            properties: {
              error: {
                type: 'object',
                properties: {
                  code: { type: 'string' },
                  message: { type: 'string' },
                  details: { type: 'object' },
                },
              },
            },
          },
          base,
        ),
      });
      continue;
    }
    const sample = stepSample(entry.step, sources);
    samples.set(entry.stepId, sample);
    groups.push({
      stepId: entry.stepId,
      title,
      fromRun: sample.kind === 'value',
      items: sampleTree(sample, base),
    });
  }
  return groups;
}
