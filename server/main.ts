// `npm start`: one process in embedded mode (see start-server.ts), stopped cleanly on SIGTERM/SIGINT.
import { readConfig } from './config.js';
import { startServer } from './start-server.js';

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
