// The fake HTTP collector (/pixel.gif/, api-reference §1.7): records every call and, like the
// real one, always answers 200 with a GIF; account and user upserts are applied when sdr_s matches.
import type { Answer } from './answer.js';
import type { RecordedTotangoRequest } from './request.js';
import type { FakeStore } from './store.js';

export const GIF = Buffer.from(
  'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7',
  'base64',
);

export function collector(store: FakeStore, rec: RecordedTotangoRequest): Answer {
  const { state } = store;
  const params = { ...rec.query, ...(rec.form ?? {}) };
  state.collector.push({ method: rec.method, params });
  if (params.sdr_s === state.serviceId && params.sdr_o) {
    const acc =
      state.accounts.find((a) => a.id === params.sdr_o) ?? store.addAccount({ id: params.sdr_o });
    for (const [k, v] of Object.entries(params)) {
      if (k === 'sdr_o.account_name') acc.display_name = v;
      else if (k.startsWith('sdr_o.')) acc.attributes[k.slice(6)] = v;
    }
    if (params.sdr_u) {
      const user =
        state.users.find((u) => u.id === params.sdr_u && u.account_id === params.sdr_o) ??
        store.addUser({ id: params.sdr_u, account_id: params.sdr_o });
      for (const [k, v] of Object.entries(params))
        if (k.startsWith('sdr_u.')) user.attributes[k.slice(6)] = v;
      if (params.sdr_a) user.last_activity_time = store.now();
    }
  }
  return { status: 200, body: GIF, headers: { 'content-type': 'image/gif' } };
}
