// Issue 12: a mapping can neither crash nor stall the process. Filters keep what users write
// (==, &&, ||, comparisons, in, existence) and refuse method calls and regular expressions;
// path length and evaluation work are bounded; `..` over a huge output ends with a clear error.
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_ENGINE_LIMITS,
  engineLimitsFromEnv,
  parseWorkflow,
  refusedProblems,
  setEngineLimits,
  validateWorkflow,
} from '../../engine/index.js';
import { createTestConnector } from '../helpers/test-connector.js';
import { doc, run, step } from './run-helpers.js';

const { catalog } = createTestConnector();

afterEach(() => {
  setEngineLimits(DEFAULT_ENGINE_LIMITS);
});

const accounts = [
  { name: 'Initech', status: 'paying', score: 80, tags: ['a', 'b'], owner: { email: 'o@i.io' } },
  { name: 'Hooli', status: 'trial', score: 20, tags: [], active: true },
  { name: 'Globex', status: 'churned', score: 50, 'display name': 'Globex Corp' },
];

/** The value one echo step gives `path` against `trigger`. */
async function pick(path: string, trigger: unknown = { accounts }): Promise<unknown> {
  const { result } = await run(doc([step('echo-1', 'echo', { v: { $jsonpath: path } })]), {
    trigger,
  });
  if (result.status !== 'succeeded') throw new Error(JSON.stringify(result.error));
  return (result.outputs['echo-1'] as { v: unknown }).v;
}

describe('filters keep working for what users write', () => {
  it.each([
    ["$.trigger.accounts[?(@.status == 'paying')].name", ['Initech']],
    ['$.trigger.accounts[?(@.status == "paying")].name', ['Initech']],
    ["$.trigger.accounts[?(@.status != 'paying')].name", ['Hooli', 'Globex']],
    ['$.trigger.accounts[?(@.score >= 50 && @.score < 80)].name', ['Globex']],
    ["$.trigger.accounts[?(@.score > 70 || @.status == 'trial')].name", ['Initech', 'Hooli']],
    ["$.trigger.accounts[?(@.status in ['paying', 'churned'])].name", ['Initech', 'Globex']],
    ['$.trigger.accounts[?(@.active)].name', ['Hooli']],
    ['$.trigger.accounts[?(!@.active)].name', ['Initech', 'Globex']],
    ['$.trigger.accounts[?(@.owner.email)].name', ['Initech']],
    ['$.trigger.accounts[?(@.tags.length > 0)].name', ['Initech']],
    ["$.trigger.accounts[?(@['display name'] == 'Globex Corp')].score", [50]],
    ["$.trigger.accounts[?('a' in @.tags)].name", ['Initech']],
    ['$.trigger.accounts[?(@.score == $.trigger.target)].name', ['Hooli']],
    [
      "$.trigger.accounts[?((@.score < 30 || @.score > 70) && !(@.status == 'trial'))].name",
      ['Initech'],
    ],
    ['$.trigger.accounts[?@.score === 80].name', ['Initech']],
  ])('%s', async (path, expected) => {
    expect(await pick(path, { accounts, target: 20 })).toEqual(expected);
  });

  it('keeps the rest of the dialect: [*], slices, unions, .., negative indexes, quoted names', async () => {
    expect(await pick('$.trigger.accounts[*].score')).toEqual([80, 20, 50]);
    expect(await pick('$.trigger.accounts[0:2].name')).toEqual(['Initech', 'Hooli']);
    expect(await pick('$.trigger.accounts[::-1].score')).toEqual([50, 20, 80]);
    expect(await pick('$.trigger.accounts[0,2].name')).toEqual(['Initech', 'Globex']);
    expect(await pick("$.trigger.accounts[0]['name','score']")).toEqual(['Initech', 80]);
    expect(await pick('$.trigger..email')).toEqual(['o@i.io']);
    expect(await pick('$.trigger.accounts[-1].name')).toBe('Globex');
    expect(await pick("$.trigger.accounts[2]['display name']")).toBe('Globex Corp');
    expect(await pick("$.trigger['it\\'s']", { "it's": 1 })).toBe(1);
    expect(await pick('$.trigger.accounts.length')).toBe(3);
    expect(await pick('$.trigger.accounts[0].name.length')).toBe(7);
  });
});

describe('what mappings refuse', () => {
  const evil = [
    ["$.trigger[?(@.repeat(200000000).split(''))]", 'calls the method repeat()'],
    ['$.trigger.list[?(@.match(/^(a+)+$/))]', 'calls the method match()'],
    ['$.trigger.list[?(/^(a+)+$/.test(@))]', 'uses a regular expression'],
    ['$.trigger.list[?(@.name =~ /^(a+)+$/)]', 'uses a regular expression'],
    ['$.trigger.list[?(String(@).padStart(1e9))]', 'calls the function String()'],
    ['$.trigger.list[(@.length-1)]', 'uses a script expression'],
    [
      '$.trigger.list[?(@.constructor.constructor("return process")())]',
      'calls the method constructor()',
    ],
  ] as const;

  it.each(evil)('validate names the step, the field and what is not allowed: %s', (path, what) => {
    const problems = validateWorkflow(
      doc([step('echo-1', 'echo', { nested: { v: { $jsonpath: path } } })]),
      catalog,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'steps.0.input.nested.v', stepId: 'echo-1' });
    expect(problems[0].message).toContain('Step "echo-1", input "nested.v": ');
    expect(problems[0].message).toContain(what);
  });

  it('offers the text and list helpers or a script step instead of a method call', () => {
    const [problem] = validateWorkflow(
      doc([step('echo-1', 'echo', { v: { $jsonpath: evil[0][0] } })]),
      catalog,
    );
    expect(problem.message).toContain('use a text or list helper step (or a script step)');
    expect(problem.message).toContain('==, !=, <, <=, >, >=, in, &&, || and !');
  });

  it.each(evil)(
    'refuses it at save (refusedProblems) and fails the run, never executing it: %s',
    async (path) => {
      const document = doc([
        {
          id: 'cond-1',
          type: 'boolean',
          input: { conditions: [{ left: { $jsonpath: path }, op: 'is_true' }] },
        },
      ]);
      const parsed = parseWorkflow(document);
      if (!parsed.ok) throw new Error('schema');
      expect(refusedProblems(parsed.workflow)).toEqual([
        expect.objectContaining({ path: 'steps.0.input.conditions.0.left', stepId: 'cond-1' }),
      ]);
      const { result } = await run(document, { trigger: { list: ['a'.repeat(27) + '!'] } });
      expect(result.status).toBe('failed');
      expect(result.error?.code).toBe('MAPPING_FAILED');
      expect(result.error?.message).toContain('Step "cond-1", input "conditions.0.left"');
    },
  );

  it('in a {$.path} text too', async () => {
    const { result } = await run(
      doc([step('echo-1', 'echo', { text: 'Hi {$.trigger.list[?(@.repeat(9))]}' })]),
      { trigger: { list: ['a'] } },
    );
    expect(result.error?.code).toBe('MAPPING_FAILED');
    expect(result.error?.message).toContain('calls the method repeat()');
  });

  it('leaves ordinary mistakes to validate: a typo is not refused at save', () => {
    const parsed = parseWorkflow(
      doc([step('echo-1', 'echo', { v: { $jsonpath: 'steps.x' }, w: { $jsonpath: '$.a[' } })]),
    );
    if (!parsed.ok) throw new Error('schema');
    expect(refusedProblems(parsed.workflow)).toEqual([]);
  });
});

describe('bounded size and work', () => {
  it('refuses a path longer than the limit at once, and reads a long one in linear time', () => {
    const dots = `$${'.a'.repeat(50_000)}`;
    let started = performance.now();
    const [problem] = validateWorkflow(
      doc([step('echo-1', 'echo', { v: { $jsonpath: dots } })]),
      catalog,
    );
    expect(problem.message).toContain(
      'has 100,001 characters; a mapping path can have at most 2,000',
    );
    expect(problem.message).toContain('STEPWISE_MAPPING_MAX_PATH_LENGTH');
    // Raised limit: a 100,001-character path is read in one pass (jsonpath-plus took 7 s).
    setEngineLimits({ maxPathLength: 200_000 });
    started = performance.now();
    expect(
      validateWorkflow(
        doc([step('echo-1', 'echo', { v: { $jsonpath: dots, default: 1 } })]),
        catalog,
      ),
    ).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('reads a text with 40,000 unclosed "{$" in linear time (it took 18 s)', () => {
    const started = performance.now();
    const problems = validateWorkflow(
      doc([step('echo-1', 'echo', { text: '{$'.repeat(40_000) })]),
      catalog,
    );
    expect(problems).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops `..` over a huge output with MAPPING_FAILED naming the limit', async () => {
    const huge = { rows: Array.from({ length: 400_000 }, (_, i) => ({ id: i, name: `n${i}` })) };
    const { result } = await run(
      doc([step('echo-1', 'echo', { all: { $jsonpath: '$.trigger..*' } })]),
      { trigger: huge },
    );
    expect(result.error).toMatchObject({ code: 'MAPPING_FAILED', stepId: 'echo-1' });
    expect(result.error?.message).toContain(
      'Step "echo-1", input "all": the path $.trigger..* has to look at more than 1,000,000 values',
    );
    expect(result.error?.message).toContain('STEPWISE_MAPPING_MAX_WORK');
  });

  it('counts a filter over a big list against the same budget', async () => {
    setEngineLimits({ maxWork: 10_000 });
    const list = Array.from({ length: 20_000 }, (_, i) => ({ status: i % 2 ? 'paying' : 'trial' }));
    const { result } = await run(
      doc([
        step('echo-1', 'echo', { v: { $jsonpath: "$.trigger.list[?(@.status == 'paying')]" } }),
      ]),
      { trigger: { list } },
    );
    expect(result.error?.code).toBe('MAPPING_FAILED');
    expect(result.error?.message).toContain('more than 10,000 values');
  });

  it('walks deep data with `..` without overflowing the stack; very deep data costs more', async () => {
    const nest = (levels: number) => {
      let deep: Record<string, unknown> = { email: 'bottom@x.io' };
      for (let i = 0; i < levels; i++) deep = { next: deep };
      return deep;
    };
    expect(await pick('$.trigger..email', nest(300))).toEqual(['bottom@x.io']);
    // 100,000 levels: `..*` would answer 100,000 subtrees, 5 billion levels to write out.
    const { result } = await run(
      doc([step('echo-1', 'echo', { v: { $jsonpath: '$.trigger..*' } })]),
      {
        trigger: nest(100_000),
      },
    );
    expect(result.error?.code).toBe('MAPPING_FAILED');
    expect(result.error?.message).toContain('more than 1,000,000 values');
  });

  it('hands out $ and $.steps as they are now, so no output can hold itself', async () => {
    const { result, checkpoints } = await run(
      doc([
        step('echo-1', 'echo', { a: 1 }),
        step('echo-2', 'echo', { steps: { $jsonpath: '$.steps' }, all: { $jsonpath: '$..a' } }),
        step('echo-3', 'echo', { root: { $jsonpath: '$' } }),
      ]),
    );
    expect(result.status).toBe('succeeded');
    expect(result.outputs['echo-2']).toEqual({ steps: { 'echo-1': { a: 1 } }, all: [1] });
    expect(checkpoints.length).toBeGreaterThan(0);
  });

  it('ends a slice with a negative step (jsonpath-plus looped forever)', async () => {
    expect(await pick('$.trigger.list[5:0:-2]', { list: [0, 1, 2, 3, 4, 5, 6] })).toEqual([
      5, 3, 1,
    ]);
    expect(await pick('$.trigger.list[0:1000000000:-1]', { list: [0, 1] })).toEqual([]);
  });

  it('reads the limits from the environment, naming a bad setting', () => {
    expect(
      engineLimitsFromEnv({ STEPWISE_MAPPING_MAX_WORK: '5_000', STEPWISE_MAX_ITERATIONS: '10' }),
    ).toEqual({ maxPathLength: 2_000, maxWork: 5_000, maxIterations: 10 });
    expect(() => engineLimitsFromEnv({ STEPWISE_MAPPING_MAX_PATH_LENGTH: 'lots' })).toThrow(
      'STEPWISE_MAPPING_MAX_PATH_LENGTH must be a whole number from 1, not "lots"',
    );
  });
});

describe('maxIterations has an upper bound', () => {
  const forever = (maxIterations: number) =>
    doc([
      {
        id: 'loop-1',
        type: 'loop',
        mode: 'forever',
        maxIterations,
        steps: [step('noop-1', 'noop')],
      },
    ]);

  it('validate and save refuse more than the setting (default 1,000,000)', () => {
    const problems = validateWorkflow(forever(5_000_000), catalog);
    expect(problems).toEqual([
      {
        path: 'steps.0.maxIterations',
        stepId: 'loop-1',
        message:
          'Loop "loop-1": maxIterations is 5,000,000, but a loop can run at most 1,000,000 times (the setting STEPWISE_MAX_ITERATIONS); lower it, and end the loop with a break step',
      },
    ]);
    const parsed = parseWorkflow(forever(5_000_000));
    if (!parsed.ok) throw new Error('schema');
    expect(refusedProblems(parsed.workflow)).toEqual(problems);
    expect(validateWorkflow(forever(1_000_000), catalog)).toEqual([]);
  });

  it('a stored document past the limit fails at the loop without running it', async () => {
    setEngineLimits({ maxIterations: 100 });
    const { result, connector } = await run(forever(101));
    expect(result.error).toMatchObject({ code: 'INPUT_INVALID', stepId: 'loop-1' });
    expect(result.error?.message).toContain(
      'maxIterations is 101, but a loop can run at most 100 times',
    );
    expect(connector.calls.get('noop')).toBeUndefined();
  });
});
