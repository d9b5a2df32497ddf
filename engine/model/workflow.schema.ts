// The workflow document, version 1 (../shared/design/WORKFLOW-FORMAT.md): one zod schema
// shared by the engine, the server, the CLI and the editor. No Node-only imports here:
// the editor bundles this file.
import { z } from 'zod';
import { friendlyError } from './friendly-errors.js';
import { STEP_KINDS, childLists, kindOf, type StepKind } from './step-kinds.js';

/** Step ids appear in JSONPath (`$.steps.loop-1.value`), so keep them path-friendly. */
export const stepIdSchema = z
  .string()
  .min(1, 'A step id cannot be empty')
  .max(64, 'A step id can have at most 64 characters')
  .regex(
    /^[A-Za-z][A-Za-z0-9_-]*$/,
    'A step id starts with a letter and holds only letters, digits, "-" and "_"',
  );

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Use a 24-hour time such as "09:00"');
const timezone = z.string().min(1).default('UTC');
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);

export const scheduleSchema = z.union(
  [
    z
      .object({
        every: z.literal('minutes'),
        interval: z.number().int().min(1).max(1440),
        timezone,
      })
      .strict(),
    z
      .object({
        every: z.literal('hourly'),
        minute: z.number().int().min(0).max(59).default(0),
        timezone,
      })
      .strict(),
    z.object({ every: z.literal('daily'), at: hhmm, timezone }).strict(),
    z.object({ every: z.literal('workdays'), at: hhmm, timezone }).strict(),
    z.object({ every: z.literal('weekly'), day: weekday, at: hhmm, timezone }).strict(),
    z
      .object({
        every: z.literal('monthly'),
        day: z.union([z.number().int().min(1).max(31), z.literal('last')]),
        at: hhmm,
        timezone,
      })
      .strict(),
    z.object({ cron: z.string().min(1), timezone }).strict(),
  ],
  {
    error:
      'Use a schedule such as { "every": "daily", "at": "09:00" }, { "every": "minutes", "interval": 5 } or { "cron": "0 9 * * 1-5" }',
  },
);
export type Schedule = z.output<typeof scheduleSchema>;

export const triggerSchema = z.discriminatedUnion(
  'type',
  [
    z.object({ type: z.literal('manual') }).strict(),
    z.object({ type: z.literal('schedule'), schedule: scheduleSchema }).strict(),
    z
      .object({
        type: z.literal('webhook'),
        /**
         * `accepted`: the hook answers 202 `{ runId }` at once. `respond-step`: it waits (up to a
         * setting, 30 s) for the run's respond step and answers with its status, headers and body.
         * Left out, it is `accepted` (kept optional so documents written before it stay the same).
         */
        reply: z.enum(['accepted', 'respond-step']).optional(),
      })
      .strict(),
    z.object({ type: z.literal('callable') }).strict(),
  ],
  { error: 'Use a trigger type: "manual", "schedule", "webhook" or "callable"' },
);
export type Trigger = z.output<typeof triggerSchema>;

/** A value is any JSON; `{ "$jsonpath": … }` and `{$.path}` strings are resolved at run time. */
export const valueSchema = z.unknown();
export const inputSchema = z.record(z.string(), z.unknown());

export const onErrorSchema = z
  .object({
    retries: z.number().int().min(0).max(10).default(0),
    backoff: z.enum(['exponential', 'fixed']).default('exponential'),
    /** First wait in ms; doubled each retry when exponential. */
    delayMs: z.number().int().min(0).max(600_000).optional(),
    then: z.enum(['fail', 'continue', 'branch']).default('fail'),
  })
  .strict();
export type OnError = z.output<typeof onErrorSchema>;

/*
 * The step types are written out by hand: inferring them from mutually recursive schemas
 * makes TypeScript give up ("implicitly has type any"). The schemas below are checked
 * against them (`satisfies`-style annotations), so the two cannot drift apart.
 */
interface StepBase {
  id: string;
  name?: string;
  onError?: OnError;
  timeoutMs?: number;
  error?: Step[];
}
export interface ConnectorStep extends StepBase {
  type?: 'connector';
  connector: string;
  operation: string;
  auth?: string | Record<string, string>;
  input: Record<string, unknown>;
}
export interface LoopStep extends StepBase {
  type: 'loop';
  mode: 'list' | 'forever' | 'object';
  input: Record<string, unknown>;
  maxIterations?: number;
  collect?: unknown;
  steps: Step[];
}
export interface Condition {
  left: unknown;
  op: ConditionOperator;
  right?: unknown;
}
export interface BooleanStep extends StepBase {
  type: 'boolean';
  input: { conditions: Condition[]; match: 'all' | 'any' };
  true: Step[];
  false: Step[];
}
export interface BreakStep extends StepBase {
  type: 'break';
  loop: string;
}
export interface BranchCase {
  label?: string;
  equals: unknown;
  steps: Step[];
}
export interface BranchStep extends StepBase {
  type: 'branch';
  input: Record<string, unknown>;
  cases: BranchCase[];
  default: Step[];
}
export interface DelayStep extends StepBase {
  type: 'delay';
  input: Record<string, unknown>;
}
export interface TerminateStep extends StepBase {
  type: 'terminate';
  input: Record<string, unknown>;
}
export interface CallStep extends StepBase {
  type: 'call';
  workflow: string;
  wait: boolean;
  input: Record<string, unknown>;
}
export interface RespondStep extends StepBase {
  type: 'respond';
  input: Record<string, unknown>;
}
export type Step =
  | ConnectorStep
  | LoopStep
  | BooleanStep
  | BreakStep
  | BranchStep
  | DelayStep
  | TerminateStep
  | CallStep
  | RespondStep;

const stepList = (): z.ZodType<Step[], unknown> => z.lazy(() => z.array(stepSchema));

const stepBase = {
  id: stepIdSchema,
  name: z.string().max(200).optional(),
  onError: onErrorSchema.optional(),
  /** Per-step timeout in ms (a connector call that takes longer fails with STEP_TIMEOUT). */
  timeoutMs: z.number().int().min(1).max(3_600_000).optional(),
  /** Sequence run when `onError.then` is "branch". */
  error: stepList().optional(),
};

export const connectorStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('connector').optional(),
    connector: z.string().min(1),
    operation: z.string().min(1),
    /** An authentication id, or one per service for an operation that talks to two. */
    auth: z.union([z.string().min(1), z.record(z.string(), z.string().min(1))]).optional(),
    input: inputSchema.default({}),
  })
  .strict();

export const loopStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('loop'),
    mode: z.enum(['list', 'forever', 'object']).default('list'),
    input: inputSchema.default({}),
    maxIterations: z.number().int().min(1).optional(),
    collect: valueSchema.optional(),
    steps: stepList(),
  })
  .strict()
  // Runs even when other fields of the loop have problems (`when`), so that every problem
  // is listed at once; the loop may then be half-valid, hence the defensive reads.
  .check(
    z.superRefine(
      (loop: { mode?: unknown; maxIterations?: unknown; input?: unknown }, ctx) => {
        const mode = loop.mode ?? 'list';
        if (mode === 'forever' && loop.maxIterations === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['maxIterations'],
            message: 'A "forever" loop needs maxIterations as a safety bound',
          });
        }
        const input = loop.input ?? {};
        if (mode === 'list' && typeof input === 'object' && input !== null && !('list' in input)) {
          ctx.addIssue({
            code: 'custom',
            path: ['input', 'list'],
            message: 'A list loop needs input.list (the list to loop over)',
          });
        }
        if (
          mode === 'object' &&
          typeof input === 'object' &&
          input !== null &&
          !('object' in input)
        ) {
          ctx.addIssue({
            code: 'custom',
            path: ['input', 'object'],
            message: 'An object loop needs input.object (the object whose keys to go through)',
          });
        }
      },
      { when: () => true },
    ),
  );

export const conditionOperators = [
  'equals',
  'not_equals',
  'greater_than',
  'less_than',
  'contains',
  'not_contains',
  'starts_with',
  'is_empty',
  'is_not_empty',
  'is_true',
  'is_false',
] as const;
export type ConditionOperator = (typeof conditionOperators)[number];

export const conditionSchema = z
  .object({ left: valueSchema, op: z.enum(conditionOperators), right: valueSchema.optional() })
  .strict();

export const booleanStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('boolean'),
    input: z
      .object({
        conditions: z.array(conditionSchema).min(1, 'Add at least one condition'),
        match: z.enum(['all', 'any']).default('all'),
      })
      .strict(),
    true: stepList().default([]),
    false: stepList().default([]),
  })
  .strict();

export const breakStepSchema = z
  .object({ ...stepBase, type: z.literal('break'), loop: stepIdSchema })
  .strict();

/** An input object that must hold `key` (its value may be a mapping, so only presence is checked). */
const inputWith = (key: string, message: string) =>
  inputSchema.check(
    z.superRefine((input: Record<string, unknown>, ctx) => {
      if (!(key in input)) ctx.addIssue({ code: 'custom', path: [key], message });
    }),
  );

export const branchCaseSchema = z
  .object({
    label: z.string().min(1).max(100).optional(),
    /** A JSON value compared with input.value by JSON equality (taken as written, not mapped). */
    equals: z.unknown(),
    steps: stepList().default([]),
  })
  .strict()
  .check(
    z.superRefine((c: { equals?: unknown }, ctx) => {
      if (c.equals === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['equals'],
          message: 'Each case needs "equals": the value that takes this path',
        });
    }),
  );

export const branchStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('branch'),
    input: inputWith('value', 'A branch needs input.value (the value to compare with each case)'),
    cases: z.array(branchCaseSchema).min(1, 'Add at least one case'),
    default: stepList().default([]),
  })
  .strict();

/** The longest a delay may wait (HELPERS.md): 30 days. */
export const MAX_DELAY_SECONDS = 30 * 24 * 3600;

export const delayStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('delay'),
    input: inputSchema.check(
      z.superRefine((input: Record<string, unknown>, ctx) => {
        const has = ['seconds', 'until'].filter((key) => key in input);
        if (has.length !== 1)
          ctx.addIssue({
            code: 'custom',
            path: has.length === 0 ? ['seconds'] : ['until'],
            message:
              has.length === 0
                ? 'A delay needs input.seconds (how long to wait) or input.until (an ISO time)'
                : 'Give either input.seconds or input.until, not both',
          });
      }),
    ),
  })
  .strict();

export const terminateStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('terminate'),
    input: inputWith('status', 'A terminate step needs input.status: "succeeded" or "failed"'),
  })
  .strict();

export const callStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('call'),
    /** The id of a workflow whose trigger is `callable`. */
    workflow: z.string().min(1, 'Choose the workflow to call'),
    /** Wait for the called run to end (and get its response); default true. */
    wait: z.boolean().default(true),
    input: inputSchema.default({}),
  })
  .strict();

export const respondStepSchema = z
  .object({
    ...stepBase,
    type: z.literal('respond'),
    input: inputSchema.default({}),
  })
  .strict();

/**
 * Dispatch on `type` (absent means a connector step) so that a bad step gets the issues of
 * its own kind, with paths, instead of one opaque "invalid union" issue.
 */
/** Each kind's schema (a Record by StepKind: a new kind does not compile without one). */
const KIND_SCHEMAS: Record<StepKind, z.ZodType> = {
  connector: connectorStepSchema,
  loop: loopStepSchema,
  boolean: booleanStepSchema,
  break: breakStepSchema,
  branch: branchStepSchema,
  delay: delayStepSchema,
  terminate: terminateStepSchema,
  call: callStepSchema,
  respond: respondStepSchema,
};

/**
 * Dispatch on `type` (absent means a connector step) so that a bad step gets the issues of
 * its own kind, with paths, instead of one opaque "invalid union" issue.
 */
export const stepSchema: z.ZodType<Step, unknown> = z.lazy(() =>
  z.unknown().pipe(
    z.custom<unknown>().transform((value, ctx) => {
      const kind = kindOf(value && typeof value === 'object' ? (value as { type?: unknown }) : {});
      if (!kind) {
        ctx.addIssue({
          code: 'custom',
          path: ['type'],
          message: `Unknown step type: use ${STEP_KINDS.filter((k) => k !== 'connector')
            .map((k) => `"${k}"`)
            .join(', ')}, or leave it out for a connector step`,
        });
        return z.NEVER;
      }
      const parsed = KIND_SCHEMAS[kind].safeParse(value, { error: friendlyError });
      if (!parsed.success) {
        for (const issue of parsed.error.issues)
          ctx.addIssue({ ...issue, path: issue.path } as never);
        return z.NEVER;
      }
      return parsed.data;
    }),
  ),
) as unknown as z.ZodType<Step, unknown>;

export const notificationsSchema = z
  .object({
    onFailure: z.boolean().default(true),
    onSuccess: z.boolean().default(false),
    /** Post to Slack with a stored Slack authentication. */
    slack: z
      .object({ auth: z.string().min(1), channel: z.string().min(1) })
      .strict()
      .optional(),
    /** POST a JSON body to this URL. */
    url: z.url().optional(),
  })
  .strict();

/** How the workflow runs, whatever starts it. */
export const workflowSettingsSchema = z
  .object({
    /** At most this many runs of the workflow at once, across every process and worker; more wait queued. */
    concurrency: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

export const workflowSchema = z
  .object({
    name: z.string().min(1, 'Give the workflow a name').max(200),
    description: z.string().max(5000).optional(),
    trigger: triggerSchema,
    config: z.record(z.string(), z.unknown()).default({}),
    steps: z.array(stepSchema).default([]),
    notifications: notificationsSchema.optional(),
    settings: workflowSettingsSchema.optional(),
    /**
     * Test data kept with the workflow, like pinned data: `trigger` is the payload the
     * builder's Run sends (a webhook's is `{ body, query, headers }`) and what its mapping
     * picker shows as `$.trigger`. Runs started any other way never see it.
     */
    sample: z.object({ trigger: z.unknown().optional() }).strict().optional(),
  })
  .strict()
  // "Every step has a unique id": `$.steps.<id>`, replay and records all name steps by id, so a
  // second step with the same id is a structural problem. Runs even when other fields have
  // problems (`when`), so it is listed with them; hence the defensive reads of raw input.
  .check(
    z.superRefine(
      (doc: { steps?: unknown } | null, ctx) => {
        const seen = new Set<string>();
        const visit = (steps: unknown, path: (string | number)[]): void => {
          if (!Array.isArray(steps)) return;
          steps.forEach((step: unknown, i) => {
            if (!step || typeof step !== 'object') return;
            const { id } = step as { id?: unknown };
            if (typeof id === 'string') {
              if (seen.has(id))
                ctx.addIssue({
                  code: 'custom',
                  path: [...path, i, 'id'],
                  message: `The step id "${id}" is used more than once; every step needs its own id`,
                });
              seen.add(id);
            }
            for (const child of childLists(step as Step))
              visit(child.steps, [...path, i, ...child.key.split('.')]);
          });
        };
        if (doc && typeof doc === 'object') visit(doc.steps, ['steps']);
      },
      { when: () => true },
    ),
  );

export type Workflow = z.output<typeof workflowSchema>;
export type WorkflowInput = z.input<typeof workflowSchema>;

export interface SchemaProblem {
  /** Dotted path with numeric indices: `steps.2.steps.0.input.list`. */
  path: string;
  message: string;
}

/** Parse a document; on failure list every problem with its path, not just the first. */
export function parseWorkflow(
  doc: unknown,
): { ok: true; workflow: Workflow } | { ok: false; problems: SchemaProblem[] } {
  const result = workflowSchema.safeParse(doc, { error: friendlyError });
  if (result.success) return { ok: true, workflow: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((i) => ({
      path: i.path.map(String).join('.'),
      message: i.message,
    })),
  };
}

// Compile-time guard: the hand-written step types and the schemas' outputs stay the same shape.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const stepTypesMatchSchemas: [
  Same<z.output<typeof connectorStepSchema>, ConnectorStep>,
  Same<z.output<typeof loopStepSchema>, LoopStep>,
  Same<z.output<typeof booleanStepSchema>, BooleanStep>,
  Same<z.output<typeof breakStepSchema>, BreakStep>,
  Same<z.output<typeof branchStepSchema>, BranchStep>,
  Same<z.output<typeof delayStepSchema>, DelayStep>,
  Same<z.output<typeof terminateStepSchema>, TerminateStep>,
  Same<z.output<typeof callStepSchema>, CallStep>,
  Same<z.output<typeof respondStepSchema>, RespondStep>,
] = [true, true, true, true, true, true, true, true, true];
