// A line's `time` field as pino writes it (the logger's `timestamp` option and flat lines):
// `,"time":"2026-12-04T15:38:34.929Z"`, in UTC. The date part is made once a second: a Date
// per line was a tenth of a line's cost.
let second = -1;
let secondText = '';
/** Lines logged in the same millisecond share the text. */
let lastMs = -1;
let lastText = '';

export function timestampAt(ms: number): string {
  if (ms === lastMs) return lastText;
  const s = Math.floor(ms / 1000);
  if (s !== second) {
    second = s;
    secondText = new Date(s * 1000).toISOString().slice(0, 20);
  }
  const rest = ms - s * 1000;
  lastMs = ms;
  lastText = `,"time":"${secondText}${rest < 10 ? '00' : rest < 100 ? '0' : ''}${rest}Z"`;
  return lastText;
}
