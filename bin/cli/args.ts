// Command-line arguments: `run <workflow.json> [--payload p.json] [--auth auths.json] [--json]`.

export type Command =
  | { kind: 'run'; workflow: string; payload?: string; auth?: string; json: boolean }
  | { kind: 'validate'; workflow: string; auth?: string; json: boolean }
  | { kind: 'help' };

export const USAGE = `Usage:
  stepwise run <workflow.json> [--payload payload.json] [--auth auths.json] [--json]
  stepwise validate <workflow.json> [--auth auths.json] [--json]

  --payload  JSON file whose content is the trigger output ($.trigger)
  --auth     JSON file of authentications: { "<authId>": { "connector": "totango", "fields": { ... } } }
  --json     print one JSON debug record per line instead of readable lines

Exit codes: 0 the run succeeded, 1 it failed (or was cancelled), 2 the document or the command is invalid.`;

export class UsageError extends Error {}

export function parseArgs(argv: string[]): Command {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') return { kind: 'help' };
  if (name !== 'run' && name !== 'validate') throw new UsageError(`Unknown command "${name}"`);
  let workflow: string | undefined;
  let payload: string | undefined;
  let auth: string | undefined;
  let json = false;
  for (let i = 0; i < rest.length; i++) {
    // `--auth=auths.json` is read as `--auth auths.json`, as most command-line tools allow.
    const [arg, inline] = /^--[a-z]+=/.test(rest[i])
      ? [rest[i].slice(0, rest[i].indexOf('=')), rest[i].slice(rest[i].indexOf('=') + 1)]
      : [rest[i], undefined];
    const value = () => {
      const next = inline ?? rest[++i];
      if (next === undefined || next === '' || next.startsWith('--'))
        throw new UsageError(`${arg} needs a file name`);
      return next;
    };
    if (arg === '--json' && inline === undefined) json = true;
    else if (arg === '--payload' && name !== 'run')
      throw new UsageError(
        '--payload is only for "stepwise run": validate checks the document without running it',
      );
    else if (arg === '--payload') payload = value();
    else if (arg === '--auth') auth = value();
    else if (arg.startsWith('--')) throw new UsageError(`Unknown option ${rest[i]}`);
    else if (workflow === undefined) workflow = arg;
    else throw new UsageError(`Only one workflow file, please (got "${workflow}" and "${arg}")`);
  }
  if (!workflow) throw new UsageError('Name the workflow file, e.g. stepwise run workflow.json');
  return name === 'run'
    ? { kind: 'run', workflow, payload, auth, json }
    : { kind: 'validate', workflow, auth, json };
}
