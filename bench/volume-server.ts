// The server the volume bench drives (bench/run-volume.bench.ts): `npm start`'s startServer
// with every connector Stepwise ships plus the test connector's `echo` (a mapping step that
// makes no HTTP call), bundled by esbuild like `npm start` so its memory is the real server's.
// Usage: node dist/bench/volume-server.mjs <data folder>
import '../server/v8-tuning.js';
import { randomBytes } from 'node:crypto';
import { envFromProcess } from '../connectors/index.js';
import { startServer } from '../server/start-server.js';
import { createConnectorDirectory } from '../server/services/connector-directory.js';
import { createTestConnector } from '../test/helpers/test-connector.js';

const dataDir = process.argv[2];
process.on('SIGTERM', () => process.exit(0));
const real = createConnectorDirectory(envFromProcess(dataDir));
const test = createTestConnector().catalog;
const running = await startServer({
  port: 0,
  host: '127.0.0.1',
  dataDir,
  redisUrl: undefined,
  concurrency: 8,
  bodyLimit: '1mb',
  editorDir: null,
  env: { ...process.env, STEPWISE_SECRET_KEY: randomBytes(32).toString('hex') },
  connectors: {
    ...real,
    catalog: {
      get: (c, o) => (c === 'test' ? test.get(c, o) : real.catalog.get(c, o)),
      connectors: () => [...real.catalog.connectors(), 'test'],
      secretAuthFields: (c) =>
        c === 'test' ? test.secretAuthFields(c) : real.catalog.secretAuthFields(c),
    },
  },
  log: () => {},
});
console.log(`READY ${running.url}`);
