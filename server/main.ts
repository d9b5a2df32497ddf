// `npm start`: one process in embedded mode (see start-server.ts), stopped cleanly on SIGTERM/SIGINT.
import './v8-tuning.js';
import { readConfig } from './config.js';
import { startServer } from './start-server.js';

// A last resort: every stream and request error is handled where it happens, but should
// something still escape, the process says what and exits (code 1) rather than limp on in a
// state nobody knows. Runs in flight resume at the next start; a supervisor (systemd,
// a container's restart policy: docs/operations.md) starts it again.
process.on('uncaughtException', (err, origin) => {
  console.error(
    `Stepwise stopped on an unexpected error (${origin === 'unhandledRejection' ? 'a promise rejection nobody handled' : 'an uncaught exception'}); runs in progress resume at the next start.\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );
  process.exit(1);
});

try {
  const config = readConfig();
  const running = await startServer(config);
  console.log(`Stepwise is running at ${running.url} (data in ${config.dataDir})`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing active runs, then stopping`);
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(
          `Could not stop cleanly: ${err instanceof Error ? err.message : String(err)}`,
        );
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  console.error(`Stepwise could not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
