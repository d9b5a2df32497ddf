// The command-line runner: runs a workflow document with the real connectors (or a catalog
// module named by STEPWISE_CATALOG_MODULE, which tests use) and prints each step's record.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  checkWithServices,
  engineLimitsFromEnv,
  parseWorkflow,
  setEngineLimits,
  runWorkflow,
  StepError,
  validateWorkflow,
  type Catalog,
  type ResolvedAuth,
} from '../../engine/index.js';
import { parseArgs, USAGE, UsageError, type Command } from './args.js';
import { authConnectorProblems, unknownAuthConnectors } from './auth-check.js';
import { unknownInputWarnings } from './unknown-inputs.js';
import { FileError, readAuths, readJson } from './files.js';
import { formatRecord, formatResult } from './format.js';

export interface CliIo {
  out: (line: string) => void;
  err: (line: string) => void;
  loadCatalog: () => Promise<Catalog>;
  /** Problems of one --auth entry's fields (the real connectors' schemas); absent with a test catalog module. */
  checkAuth?: (connector: string, fields: Record<string, unknown>) => string[];
  signal?: AbortSignal;
}

/** Run the CLI; answers the exit code (0 succeeded, 1 failed or cancelled, 2 invalid). */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let command: Command;
  try {
    command = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    io.out(USAGE);
    return 0;
  }
  try {
    return await runCommand(command, io);
  } catch (err) {
    if (!(err instanceof FileError)) throw err;
    io.err(err.message);
    return 2;
  }
}

async function runCommand(command: Exclude<Command, { kind: 'help' }>, io: CliIo): Promise<number> {
  const doc = await readJson(command.workflow, 'workflow');
  const auths = await readAuths(command.auth);
  const catalog = await io.loadCatalog();
  const unknown = unknownAuthConnectors(auths, catalog);
  if (unknown.length)
    throw new FileError(
      `The authentications file ${command.auth} names connectors that do not exist:\n${unknown.join('\n')}`,
    );
  const incomplete = [...auths.values()].flatMap((a) =>
    (io.checkAuth?.(a.connector, a.fields) ?? []).map((p) => `  ${a.id}.fields.${p}`),
  );
  if (incomplete.length)
    throw new FileError(
      `The authentications file ${command.auth} has fields to fix:\n${incomplete.join('\n')}`,
    );
  const problems = validateWorkflow(doc, catalog, undefined, { authExists: (id) => auths.has(id) });
  const parsedDoc = parseWorkflow(doc);
  if (parsedDoc.ok) problems.push(...authConnectorProblems(parsedDoc.workflow, auths));
  // With authentications at hand, validate also asks the services (a sync mapping's fields).
  if (command.kind === 'validate' && command.auth && !problems.length)
    problems.push(
      ...(await checkWithServices(doc, {
        catalog,
        resolveAuth: async (id) => {
          const auth = auths.get(id);
          if (!auth)
            throw new StepError('AUTH_MISSING', `Authentication "${id}" is not in the --auth file`);
          return auth;
        },
      })),
    );
  if (problems.length) {
    if (command.json) for (const p of problems) io.out(JSON.stringify({ problem: p }));
    io.err(
      `${command.workflow} has ${problems.length} problem${problems.length === 1 ? '' : 's'}:`,
    );
    for (const p of problems) io.err(`  ${p.path}: ${p.message}`);
    if (problems.some((p) => p.message.includes('authentication')) && !command.auth)
      io.err('(Authentications come from --auth auths.json.)');
    return 2;
  }
  if (!parsedDoc.ok) return 2;
  for (const warning of unknownInputWarnings(parsedDoc.workflow, catalog))
    io.err(`warning: ${warning}`);
  if (command.kind === 'validate') {
    io.err(`${command.workflow} is valid`);
    return 0;
  }
  const trigger = command.payload ? await readJson(command.payload, 'payload') : {};
  const result = await runWorkflow({
    workflow: parsedDoc.workflow,
    runId: `run_cli_${Date.now().toString(36)}`,
    trigger,
    catalog,
    signal: io.signal,
    resolveAuth: async (id: string): Promise<ResolvedAuth> => {
      const auth = auths.get(id);
      if (!auth)
        throw new StepError('AUTH_MISSING', `Authentication "${id}" is not in the --auth file`);
      return auth;
    },
    onRecord: (record) => io.out(command.json ? JSON.stringify(record) : formatRecord(record)),
  });
  (command.json ? io.err : io.out)(formatResult(result));
  return result.status === 'succeeded' ? 0 : 1;
}

/** The real connectors' check of an --auth entry; none with a test catalog module. */
async function loadAuthCheck(): Promise<CliIo['checkAuth']> {
  if (process.env.STEPWISE_CATALOG_MODULE) return undefined;
  const connectors = await import('../../connectors/index.js');
  return (connector, fields) => connectors.checkAuthFields(connector, fields);
}

/** The real connectors, unless STEPWISE_CATALOG_MODULE names a module exporting createCatalog(). */
async function loadCatalog(): Promise<Catalog> {
  const custom = process.env.STEPWISE_CATALOG_MODULE;
  if (custom) {
    const mod = (await import(pathToFileURL(resolve(custom)).href)) as {
      createCatalog: () => Catalog;
    };
    return mod.createCatalog();
  }
  const connectors = await import('../../connectors/index.js');
  let env: ReturnType<typeof connectors.envFromProcess>;
  try {
    env = connectors.envFromProcess();
  } catch (err) {
    // A connector setting its connector refuses (STEPWISE_SCRIPT_TIME_LIMIT_MS=fast): said
    // plainly, exit 2, as the server refuses to start with it.
    throw new FileError((err as Error).message);
  }
  return connectors.createCatalog(env);
}

/** Entry point of bin/stepwise.js. */
export async function main(argv: string[]): Promise<void> {
  // The same bounds on mappings and loops as the server (docs/server.md).
  try {
    setEngineLimits(engineLimitsFromEnv(process.env));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    process.exit(2);
  }
  const controller = new AbortController();
  // First Ctrl-C cancels the run (the in-flight step is stopped and recorded); a second one quits.
  process.once('SIGINT', () => {
    controller.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const code = await runCli(argv, {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    loadCatalog,
    checkAuth: await loadAuthCheck(),
    signal: controller.signal,
  });
  // Exit once the output is flushed: open keep-alive sockets must not keep the process up.
  process.stdout.write('', () => process.exit(code));
}
