// Run the fake Totango by hand, for the Tray tutorial (docs/tray-tutorial.md):
//   npx tsx test/fakes/totango/serve.ts
// starts the fake Totango on 127.0.0.1:4010 (FAKE_TOTANGO_PORT) with a few demo accounts, and a
// receiver on 127.0.0.1:4011 (FAKE_RECEIVER_PORT) that prints every request it gets.
import { FAKE_TOTANGO_TOKEN, startFakeTotango } from '../totango.js';
import { listen, readBody } from '../../helpers/listen.js';
import { demoAccounts } from './demo.js';

const totangoPort = Number(process.env.FAKE_TOTANGO_PORT ?? 4010);
const receiverPort = Number(process.env.FAKE_RECEIVER_PORT ?? 4011);

const fake = await startFakeTotango({
  port: totangoPort,
  accounts: demoAccounts,
  perMinute: Number.POSITIVE_INFINITY,
});

const receiver = await listen(async (req, res) => {
  const body = await readBody(req);
  console.log(
    `receiver: ${req.method} ${req.url} Idempotency-Key=${req.headers['idempotency-key'] ?? '-'} ${body}`,
  );
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"received":true}');
}, receiverPort);

console.log(
  `fake Totango on ${fake.url} (app-token: ${FAKE_TOTANGO_TOKEN}), ${demoAccounts.length} accounts`,
);
console.log(`receiver on ${receiver.url}`);
console.log('Ctrl+C to stop.');

process.on('SIGINT', () => {
  void Promise.all([receiver.close(), fake.close()]).then(() => process.exit(0));
});
