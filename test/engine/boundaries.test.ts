import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWorkflow, runWorkflow } from '../../engine/index.js';
import { createTestConnector } from '../helpers/test-connector.js';

const engineDir = join(process.cwd(), 'engine');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
const importsOf = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]);

describe('engine boundaries', () => {
  it('imports no connector, server code, express, SQLite or Redis', () => {
    const bad = files(engineDir).flatMap((file) =>
      importsOf(file)
        .filter((i) => /connectors\/|server\/|^express|better-sqlite3|ioredis|bullmq/.test(i))
        .map((i) => `${relative(engineDir, file)}: ${i}`),
    );
    expect(bad).toEqual([]);
  });

  // jsonpath-plus's filters ran any string or array method, unbounded (issue 12): mappings
  // are read and evaluated by engine/mapping/ alone, with a budget.
  it('imports no JSONPath library: mappings use our own bounded evaluator', () => {
    const users = files(engineDir)
      .filter((file) => importsOf(file).some((i) => /jsonpath/i.test(i)))
      .map((f) => relative(engineDir, f));
    expect(users).toEqual([]);
  });

  it('keeps Node-only modules out of model/ (the editor bundles it)', () => {
    const bad = files(join(engineDir, 'model')).flatMap((file) =>
      importsOf(file).filter((i) => i.startsWith('node:')),
    );
    expect(bad).toEqual([]);
  });

  it('runs the greet-list fixture end to end', async () => {
    const parsed = parseWorkflow(
      JSON.parse(
        readFileSync(join(process.cwd(), 'test/fixtures/workflows/greet-list.json'), 'utf8'),
      ),
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const result = await runWorkflow({
      workflow: parsed.workflow,
      runId: 'run_f',
      trigger: { names: ['Ann', 'Bob'] },
      catalog: createTestConnector().catalog,
    });
    expect(result.outputs.summary).toEqual({ greeted: 2, lines: ['Hello, Ann!', 'Hello, Bob!'] });
  });
});
