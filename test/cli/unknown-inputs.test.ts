// The CLI's warning for input names an operation does not have (the schemas would drop them
// without a word), checked against the real connector registry and the shipped examples.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/cli/main.js';
import { unknownInputWarnings } from '../../bin/cli/unknown-inputs.js';
import { createCatalog } from '../../connectors/index.js';
import { parseWorkflow } from '../../engine/index.js';
import { tempDir } from '../helpers/temp-dir.js';

let dir: { path: string; remove(): void };
beforeEach(() => {
  dir = tempDir('stepwise-cli-inputs-');
});
afterEach(() => dir.remove());

const catalog = () => createCatalog({ filesDir: join(dir.path, 'files') });

describe('stepwise validate: input names an operation does not have', () => {
  it('warns for each one, with the nearest real name or the list, and stays valid (exit 0)', async () => {
    const wf = {
      name: 'Guessed inputs',
      trigger: { type: 'manual' },
      steps: [
        {
          id: 'loop-1',
          type: 'loop',
          input: { list: [1] },
          steps: [
            {
              id: 'slack-1',
              connector: 'slack',
              operation: 'send_message',
              auth: 'bot',
              input: { channel: '#general', text: 'hi', threadTs: '1.2' },
            },
          ],
        },
        {
          id: 'sa-1',
          connector: 'totango',
          operation: 'search_accounts',
          auth: 'tt',
          input: { sort: 'display_name', count: 10 },
        },
      ],
    };
    const path = join(dir.path, 'w.json');
    writeFileSync(path, JSON.stringify(wf));
    const auths = join(dir.path, 'auths.json');
    writeFileSync(
      auths,
      JSON.stringify({
        bot: { connector: 'slack', fields: { token: 'xoxb-1' } },
        tt: { connector: 'totango', fields: { token: 't' } },
      }),
    );
    const err: string[] = [];
    const code = await runCli(['validate', path, '--auth', auths], {
      out: () => undefined,
      err: (l) => err.push(l),
      loadCatalog: async () => catalog(),
    });
    expect(code).toBe(0);
    expect(err).toEqual([
      'warning: steps.0.steps.0.input.threadTs: Step "slack-1": slack.send_message has no input "threadTs", so it is ignored (did you mean "thread_ts"?)',
      'warning: steps.1.input.sort: Step "sa-1": totango.search_accounts has no input "sort", so it is ignored (its inputs are filters, terms, fields, sort_by, sort_order, count, offset, allPages)',
      `${path} is valid`,
    ]);
  });

  it('has nothing to say about the shipped examples', () => {
    const examples = readdirSync('examples').filter(
      (f) => f.endsWith('.json') && !f.endsWith('.auths.json'),
    );
    expect(examples.length).toBeGreaterThan(3);
    for (const file of examples) {
      const parsed = parseWorkflow(JSON.parse(readFileSync(join('examples', file), 'utf8')));
      expect(parsed.ok, file).toBe(true);
      if (parsed.ok) expect(unknownInputWarnings(parsed.workflow, catalog()), file).toEqual([]);
    }
  });
});
