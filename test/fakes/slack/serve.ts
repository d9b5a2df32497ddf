// Run the fake Slack by hand, to try the Slack examples without a Slack workspace:
//   npx tsx test/fakes/slack/serve.ts
// starts it on 127.0.0.1:4020 (FAKE_SLACK_PORT), bot token `xoxb-fake-token`, Web API base
// http://127.0.0.1:4020/api, and prints every message posted (docs/slack.md, "Trying it").
import { startFakeSlack } from '../slack.js';

const port = Number(process.env.FAKE_SLACK_PORT ?? 4020);
const slack = await startFakeSlack({
  port,
  onRequest: (r) => {
    const text = typeof r.params.text === 'string' ? ` ${JSON.stringify(r.params.text)}` : '';
    const channel = typeof r.params.channel === 'string' ? ` ${r.params.channel}` : '';
    console.log(`slack: ${r.httpMethod} ${r.method}${channel}${text}`);
  },
});

console.log(`fake Slack Web API on ${slack.url} (bot token: ${slack.token})`);
console.log(`incoming webhook: ${slack.webhookUrl}`);
console.log(
  `channels: ${slack.state.channels.map((c) => `#${c.name}${c.is_member ? '' : ' (app not invited)'}${c.is_archived ? ' (archived)' : ''}`).join(', ')}`,
);
console.log('Ctrl+C to stop.');

process.on('SIGINT', () => {
  void slack.close().then(() => process.exit(0));
});
