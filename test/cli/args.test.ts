// The CLI's argument reading, as `npx stepwise run workflow.json [--payload p.json] [--auth auths.json] [--json]` is typed.
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../bin/cli/args.js';

describe('stepwise arguments', () => {
  it('reads the options before or after the workflow, with a space or "="', () => {
    const expected = {
      kind: 'run',
      workflow: 'w.json',
      payload: 'p.json',
      auth: 'a.json',
      json: true,
    };
    expect(
      parseArgs(['run', 'w.json', '--payload', 'p.json', '--auth', 'a.json', '--json']),
    ).toEqual(expected);
    expect(parseArgs(['run', '--json', '--auth=a.json', 'w.json', '--payload=p.json'])).toEqual(
      expected,
    );
  });

  it('says what is wrong with an option', () => {
    expect(() => parseArgs(['run', 'w.json', '--auth='])).toThrow(
      new UsageError('--auth needs a file name'),
    );
    expect(() => parseArgs(['run', 'w.json', '--json=yes'])).toThrow(
      new UsageError('Unknown option --json=yes'),
    );
    expect(() => parseArgs(['run', 'w.json', '--paylod=p.json'])).toThrow(
      new UsageError('Unknown option --paylod=p.json'),
    );
    expect(() => parseArgs(['validate', 'w.json', '--payload', 'p.json'])).toThrow(
      new UsageError(
        '--payload is only for "stepwise run": validate checks the document without running it',
      ),
    );
  });
});
