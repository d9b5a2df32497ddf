import { describe, expect, it } from 'vitest';
import { parseRoute, runLink } from './routes.js';

describe('parseRoute', () => {
  it('reads the hash routes that links and notifications use', () => {
    expect(parseRoute('#/login')).toEqual({ page: 'login' });
    expect(parseRoute('#/workflows')).toEqual({ page: 'workflows' });
    expect(parseRoute('#/workflows/wf_1')).toEqual({ page: 'builder', workflowId: 'wf_1' });
    expect(parseRoute('#/runs/run_9')).toEqual({ page: 'run', runId: 'run_9' });
    expect(parseRoute('')).toEqual({ page: 'workflows' });
  });

  it('reads the pages around the builder', () => {
    expect(parseRoute('#/runs')).toEqual({ page: 'runs' });
    expect(parseRoute('#/runs?workflowId=wf_2')).toEqual({ page: 'runs', workflowId: 'wf_2' });
    expect(parseRoute('#/files')).toEqual({ page: 'files' });
    expect(parseRoute('#/authentications')).toEqual({ page: 'authentications' });
    expect(parseRoute('#/users')).toEqual({ page: 'users' });
    expect(parseRoute('#/status')).toEqual({ page: 'status' });
    expect(parseRoute('#/account')).toEqual({ page: 'account' });
    expect(parseRoute('#/nowhere')).toEqual({ page: 'workflows' });
  });

  it('opens a run in its builder by link', () => {
    const link = runLink('wf 1', 'run_3');
    expect(link).toBe('#/workflows/wf%201/runs/run_3');
    expect(parseRoute(link)).toEqual({ page: 'builder', workflowId: 'wf 1', runId: 'run_3' });
  });
});
