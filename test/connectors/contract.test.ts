// Walks the registry and holds every connector to the contract: stable unique ids (the ones
// CONNECTORS.md names), schemas that convert to JSON Schema for the editor, secret fields marked,
// an authentication test call, and the catalog and GET /api/connectors built from them; and the
// rules of connectors/README.md: one operation per file under operations/, each naming its
// connector's auth, and the declared environment settings matching docs/server.md.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  allConnectors,
  connectorSettings,
  createCatalog,
  describeConnectors,
  envFromProcess,
  testAuthentication,
} from '../../connectors/index.js';
import { secretFieldNames } from '../../connectors/sdk/secret-fields.js';
import type { AuthDef, OperationDef } from '../../connectors/sdk/types.js';

/** The operation ids of CONNECTORS.md, version 1: workflow documents name them, so they never change. */
const CONTRACT: Record<string, string[]> = {
  totango: [
    'search_data_raw',
    'search_accounts',
    'search_users',
    'create_touchpoint',
    'create_task',
    'update_task',
    'get_task',
    'delete_task',
    'set_account_attributes',
    'set_user_attributes',
    'track_usage',
    'raw_http_request',
  ],
  slack: [
    'send_message',
    'update_message',
    'list_channels',
    'find_user_by_email',
    'send_webhook_message',
    'raw_http_request',
  ],
  salesforce: [
    'soql_query',
    'get_record',
    'create_record',
    'update_record',
    'upsert_record',
    'delete_record',
    'create_records',
    'update_records',
    'describe_object',
    'raw_http_request',
    'sync_tasks_inbound',
    'sync_tasks_outbound',
    'sync_touchpoints_inbound',
    'sync_touchpoints_outbound',
    'sync_campaign_touches_outbound',
  ],
  file: ['read_file', 'write_file', 'append_csv', 'list_files', 'delete_file'],
  http: ['request'],
  // HELPERS.md "Core connectors".
  storage: ['get', 'set', 'append', 'increment', 'delete', 'list_keys'],
  mapper: ['map_object', 'map_list', 'map_value'],
  script: ['run'],
  text: [
    'split',
    'join',
    'replace',
    'change_case',
    'trim',
    'substring',
    'extract',
    'pad',
    'length',
  ],
  date: ['now', 'add', 'subtract', 'difference', 'format', 'parse', 'start_of', 'end_of'],
  list: [
    'sort',
    'unique',
    'chunk',
    'concat',
    'flatten',
    'first',
    'last',
    'count',
    'sum',
    'average',
    'min',
    'max',
    'group_by',
    'filter',
    'pluck',
    'find',
  ],
  object: [
    'merge',
    'pick',
    'omit',
    'get_value',
    'set_value',
    'keys',
    'values',
    'entries',
    'parse_json',
    'to_json',
  ],
};

const ID = /^[a-z][a-z0-9_]*$/;

function authDefs(): { where: string; def: AuthDef }[] {
  return allConnectors.flatMap((c) => [
    ...(c.auth ? [{ where: c.id, def: c.auth }] : []),
    ...c.operations.flatMap((o) =>
      Object.entries(o.services ?? {}).map(([name, def]) => ({
        where: `${c.id}.${o.id} → ${name}`,
        def,
      })),
    ),
  ]);
}

describe('the connector registry', () => {
  it('has the two connectors this helper owns, and unique connector ids', () => {
    const ids = allConnectors.map((c) => c.id);
    expect(ids).toContain('totango');
    expect(ids).toContain('http');
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(ID);
  });

  it.each(allConnectors.map((c) => [c.id, c] as const))(
    '%s: unique operation ids, titles and help texts',
    (_id, c) => {
      expect(c.title.trim()).not.toBe('');
      expect(c.description.trim()).not.toBe('');
      const ops = c.operations.map((o) => o.id);
      expect(new Set(ops).size).toBe(ops.length);
      for (const o of c.operations) {
        expect(o.id).toMatch(ID);
        expect(o.title.trim(), `${c.id}.${o.id} title`).not.toBe('');
        expect(o.description.trim(), `${c.id}.${o.id} description`).not.toBe('');
      }
    },
  );

  it.each(allConnectors.filter((c) => CONTRACT[c.id]).map((c) => [c.id, c] as const))(
    '%s: offers every operation CONNECTORS.md names',
    (id, c) => {
      const ops = c.operations.map((o) => o.id);
      for (const op of CONTRACT[id]) expect(ops, `${id}.${op}`).toContain(op);
    },
  );

  it.each(allConnectors.map((c) => [c.id, c] as const))(
    '%s: every input and output schema converts to JSON Schema',
    (_id, c) => {
      for (const o of c.operations) {
        const input = z.toJSONSchema(o.input, { io: 'input' }) as { type?: string };
        expect(input.type, `${c.id}.${o.id} input is an object form`).toBe('object');
        expect(
          () => z.toJSONSchema(o.output, { io: 'output' }),
          `${c.id}.${o.id} output`,
        ).not.toThrow();
        for (const name of o.secretInputs ?? [])
          expect(
            Object.keys((input as { properties?: object }).properties ?? {}),
            `${c.id}.${o.id} secret input`,
          ).toContain(name);
      }
    },
  );

  it.each(authDefs().map((a) => [a.where, a.def] as const))(
    '%s: authentication fields convert, secrets are marked, and there is a test call',
    (_where, def) => {
      expect(['token', 'oauth2', 'http']).toContain(def.kind);
      expect(() => z.toJSONSchema(def.fields, { io: 'input' })).not.toThrow();
      expect(secretFieldNames(def.fields).length).toBeGreaterThan(0);
      expect(typeof def.test).toBe('function');
    },
  );
});

describe('describeConnectors (GET /api/connectors)', () => {
  const described = describeConnectors();

  it('lists every connector with JSON Schema forms', () => {
    expect(described.map((d) => d.name)).toEqual(allConnectors.map((c) => c.id));
    const totango = described.find((d) => d.name === 'totango')!;
    expect(totango.title).toBe('Totango');
    expect(totango.auth?.kind).toBe('token');
    const search = totango.operations.find((o) => o.name === 'search_data_raw')!;
    expect(search.title).toBe('Search data raw');
    expect(search.input).toMatchObject({
      type: 'object',
      required: ['data', 'query'],
      properties: { data: { enum: ['accounts', 'users'], title: 'Data to search' } },
    });
    expect(search.output).toMatchObject({
      type: 'object',
      properties: { total_hits: { type: 'integer' }, hits: { type: 'array' } },
    });
    expect(JSON.parse(JSON.stringify(described))).toEqual(described);
  });

  it('keeps secret: true on secret fields so the editor masks them', () => {
    const totango = described.find((d) => d.name === 'totango')!;
    const props = (totango.auth!.fields as { properties: Record<string, { secret?: boolean }> })
      .properties;
    expect(props.token.secret).toBe(true);
    expect(props.region.secret).toBeUndefined();
    const http = described.find((d) => d.name === 'http')!;
    expect(http.auth?.optional).toBe(true);
    expect(http.auth?.kind).toBe('http');
  });
});

describe('createCatalog', () => {
  const catalog = createCatalog(envFromProcess('/tmp/stepwise-contract'));

  it('knows every operation, with the authentication mode the step needs', () => {
    expect(catalog.connectors()).toEqual(allConnectors.map((c) => c.id));
    for (const c of allConnectors) {
      for (const o of c.operations) {
        const rt = catalog.get(c.id, o.id)!;
        expect(rt.connector).toBe(c.id);
        expect(rt.operation).toBe(o.id);
        if (o.services)
          expect(rt.auth).toEqual({ mode: 'services', services: Object.keys(o.services) });
        else if (!c.auth) expect(rt.auth).toEqual({ mode: 'none' });
        else
          expect(rt.auth).toEqual({
            mode: 'one',
            required: !(o.authOptional ?? c.authOptional ?? false),
          });
      }
    }
    expect(catalog.get('totango', 'search_data_raw')!.auth).toEqual({
      mode: 'one',
      required: true,
    });
    expect(catalog.get('http', 'request')!.auth).toEqual({ mode: 'one', required: false });
    // Slack: only the webhook operation works without a bot token.
    for (const op of [
      'send_message',
      'update_message',
      'list_channels',
      'find_user_by_email',
      'raw_http_request',
    ]) {
      expect(catalog.get('slack', op)!.auth).toEqual({ mode: 'one', required: true });
    }
    expect(catalog.get('slack', 'send_webhook_message')!.auth).toEqual({
      mode: 'one',
      required: false,
    });
    expect(catalog.get('totango', 'no_such_operation')).toBeUndefined();
    expect(catalog.get('nope', 'request')).toBeUndefined();
  });

  it('names the secret fields to redact', () => {
    expect(catalog.secretAuthFields('totango')).toEqual(['token']);
    expect([...catalog.secretAuthFields('http')].sort()).toEqual(['apiKey', 'password', 'token']);
    expect(catalog.secretAuthFields('nope')).toEqual([]);
  });

  it('refuses a step without the authentication it needs', async () => {
    const rt = catalog.get('totango', 'get_task')!;
    const call = {
      input: { id: 1 },
      auth: undefined,
      signal: new AbortController().signal,
      runId: 'r',
      workflowId: undefined,
      stepId: 'totango-1',
      idempotencyKey: 'r:totango-1',
      log: () => undefined,
      state: { get: async () => undefined, set: async () => undefined },
    };
    await expect(rt.execute(call)).rejects.toMatchObject({
      code: 'AUTH_MISSING',
      message: 'This step needs a Totango authentication.',
    });
  });
});

describe('envFromProcess and testAuthentication', () => {
  it('reads the base-URL defaults and puts the files folder under the data folder', () => {
    const saved = { ...process.env };
    try {
      process.env.TOTANGO_BASE_URL = 'http://127.0.0.1:4000';
      process.env.SLACK_API_URL = '';
      process.env.STEPWISE_DATA_DIR = '/var/stepwise';
      const env = envFromProcess();
      expect(env.TOTANGO_BASE_URL).toBe('http://127.0.0.1:4000');
      expect(env.SLACK_API_URL).toBeUndefined();
      expect(env.filesDir).toBe('/var/stepwise/files');
      expect(envFromProcess('/data/x').filesDir).toBe('/data/x/files');
    } finally {
      process.env = saved;
    }
  });

  it('answers in words for an unknown connector and one without authentication', async () => {
    expect(await testAuthentication('nope', {}, { filesDir: '/x' })).toEqual({
      ok: false,
      message: 'There is no connector called "nope".',
    });
    const none = allConnectors.find((c) => c.auth === null);
    if (none)
      expect(await testAuthentication(none.id, {}, { filesDir: '/x' })).toEqual({
        ok: false,
        message: `${none.title} needs no authentication.`,
      });
  });
});

/** The rows of docs/server.md's "Connector settings" table: variable → default. */
function documentedConnectorSettings(): Map<string, string> {
  const page = readFileSync(new URL('../../docs/server.md', import.meta.url), 'utf8');
  const section = page.split(/^### Connector settings$/m)[1]?.split(/^#/m)[0] ?? '';
  const rows = new Map<string, string>();
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const name = /^`([A-Z0-9_]+)`$/.exec(cells[1] ?? '')?.[1];
    if (name) rows.set(name, cells[2].replaceAll('`', ''));
  }
  return rows;
}

describe('connector environment settings', () => {
  const declared = connectorSettings();

  it('are each documented in docs/server.md with their default, and nothing else is', () => {
    const documented = documentedConnectorSettings();
    expect(documented.size, 'the "Connector settings" table in docs/server.md').toBeGreaterThan(0);
    for (const s of declared)
      expect(
        documented.get(s.name),
        `${s.connector} declares ${s.name}: its docs/server.md row's default`,
      ).toBe(s.default);
    expect([...documented.keys()].sort(), 'documented settings no connector declares').toEqual(
      declared.map((s) => s.name).sort(),
    );
  });

  it('are upper-case names with a default and a description, declared once', () => {
    const all = allConnectors.flatMap((c) => (c.env ?? []).map((s) => ({ ...s, connector: c.id })));
    for (const s of all) {
      expect(s.name, s.connector).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(s.default.trim(), `${s.name} default`).not.toBe('');
      expect(s.description.trim(), `${s.name} description`).not.toBe('');
    }
    expect(new Set(all.map((s) => s.name)).size).toBe(all.length);
  });

  it('are read by envFromProcess from what a connector declares, with no SDK edit', () => {
    const extra = {
      id: 'demo',
      title: 'Demo',
      description: 'Declares its own setting',
      auth: null,
      env: [
        { name: 'DEMO_API_URL' as const, default: 'https://demo.example', description: 'demo' },
      ],
      operations: [],
    };
    const env = envFromProcess('/d', [...allConnectors, extra], {
      DEMO_API_URL: ' http://127.0.0.1:9 ',
      TOTANGO_BASE_URL: 'http://127.0.0.1:8',
      NOT_DECLARED: 'x',
    });
    expect(env.DEMO_API_URL).toBe('http://127.0.0.1:9');
    expect(env.TOTANGO_BASE_URL).toBe('http://127.0.0.1:8');
    expect(env.SLACK_API_URL).toBeUndefined();
    expect('NOT_DECLARED' in env).toBe(false);
    expect(env.filesDir).toBe('/d/files');
  });
});

const CONNECTORS_DIR = fileURLToPath(new URL('../../connectors/', import.meta.url));

/** Every file under a connector's or a job's operations/ folder, relative to connectors/. */
function operationFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && /(^|\/)operations$/.test(dir)) out.push(path);
    }
  };
  walk(CONNECTORS_DIR);
  return out.map((p) => relative(CONNECTORS_DIR, p)).sort();
}

describe('the shape of a connector folder (connectors/README.md)', () => {
  const all = allConnectors.flatMap((c) => c.operations.map((op) => ({ c, op })));

  it('puts each operation in its own file under operations/, and each file holds at most one', async () => {
    const home = new Map<OperationDef, string[]>();
    for (const file of operationFiles()) {
      const module = (await import(pathToFileURL(join(CONNECTORS_DIR, file)).href)) as Record<
        string,
        unknown
      >;
      const ops = all.filter(({ op }) => Object.values(module).includes(op));
      expect(
        ops.map(({ c, op }) => `${c.id}.${op.id}`),
        `${file} holds one operation`,
      ).toHaveLength(Math.min(ops.length, 1));
      for (const { op } of ops) home.set(op, [...(home.get(op) ?? []), file]);
    }
    for (const { c, op } of all) {
      const files = home.get(op) ?? [];
      expect(files, `${c.id}.${op.id}: its file under operations/`).toHaveLength(1);
      // A connector's own operations live in its folder (core/<id>/ for the helpers); a job between services in jobs/.
      const folder = op.services
        ? /^jobs\/[a-z0-9-]+\/operations\//
        : new RegExp(`^(core/)?${c.id}/operations/`);
      expect(files[0], `${c.id}.${op.id}`).toMatch(folder);
    }
  });

  it('declares input and output as zod schemas', () => {
    for (const { c, op } of all) {
      expect(op.input, `${c.id}.${op.id} input`).toBeInstanceOf(z.ZodType);
      expect(op.output, `${c.id}.${op.id} output`).toBeInstanceOf(z.ZodType);
    }
  });

  it("names the connector's own authentication on every operation (so ctx.auth is typed)", () => {
    for (const { c, op } of all) {
      const where = `${c.id}.${op.id}`;
      if (op.services)
        expect(op.auth, `${where}: a multi-service operation names services`).toBeUndefined();
      else expect(op.auth ?? null, `${where}: auth`).toBe(c.auth);
      // ctx.auth may be undefined only where the operation says so itself.
      if (op.auth && (op.authOptional ?? c.authOptional))
        expect(op.authOptional, `${where}: says authOptional itself`).toBe(true);
    }
  });
});
