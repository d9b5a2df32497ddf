// What the connector tests share: expecting a step error, and a fake Slack with a catalog
// pointed at it (a stepping clock, so retries never make a test wait).
import { expect } from 'vitest';
import { createCatalog } from '../../connectors/index.js';
import { steppingClock } from '../../connectors/sdk/clock.js';
import { StepError } from '../../engine/errors/step-error.js';
import type { Catalog, ResolvedAuth } from '../../engine/run/catalog.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../fakes/slack.js';

export { callOperation } from '../helpers/call-operation.js';

/** The StepError a call fails with; the test fails if it succeeds or throws anything else. */
export async function failure(p: Promise<unknown>): Promise<StepError> {
  const err = await p.then(
    () => {
      throw new Error('expected the step to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StepError);
  return err as StepError;
}

export interface SlackSetup {
  slack: FakeSlack;
  catalog: Catalog;
  clock: ReturnType<typeof steppingClock>;
}

export async function startSlack(opts: FakeSlackOptions = {}): Promise<SlackSetup> {
  const slack = await startFakeSlack(opts);
  const clock = steppingClock();
  const catalog = createCatalog({
    filesDir: '/nonexistent',
    SLACK_API_URL: slack.url,
    clock,
    pacing: false,
  });
  return { slack, catalog, clock };
}

export const SLACK_TOKEN_FIELDS = { token: 'xoxb-fake-token' };

export const slackAuth = (fields: Record<string, unknown>): ResolvedAuth => ({
  id: 'auth_slack',
  connector: 'slack',
  fields,
});
