// `npm run worker`: a queue-mode worker. Not built yet: the server runs workflows in its own
// process (embedded mode), which needs no worker.
console.error(
  'Stepwise: "npm run worker" (queue mode with BullMQ workers) is not available yet. Use "npm start": it runs workflows in-process.',
);
process.exit(1);
