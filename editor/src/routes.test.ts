import { describe, expect, it } from 'vitest';
import { parseRoute } from './routes.js';

describe('parseRoute', () => {
  it('reads the hash routes that links and notifications use', () => {
    expect(parseRoute('#/login')).toEqual({ page: 'login' });
    expect(parseRoute('#/workflows')).toEqual({ page: 'workflows' });
    expect(parseRoute('#/workflows/wf_1')).toEqual({ page: 'builder', workflowId: 'wf_1' });
    expect(parseRoute('#/runs/run_9')).toEqual({ page: 'run', runId: 'run_9' });
    expect(parseRoute('')).toEqual({ page: 'workflows' });
  });
});
