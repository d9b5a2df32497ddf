// What the benches that drive a real server process share: a JSON request over a keep-alive
// agent, and the CPU time a process has used (wall-clock numbers swing with the machine's
// load; CPU time much less).
import { readFileSync } from 'node:fs';
import http from 'node:http';

/** CPU time (user + system, µs) process `pid` has used so far, from /proc (Linux). */
export function cpuMicros(pid: number | undefined): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime, in clock ticks of 1/100 s.
  return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
}

/** One JSON request to 127.0.0.1:`port` (body as JSON when given, Bearer token when given). */
export function request(
  agent: http.Agent,
  port: number,
  method: string,
  path: string,
  body: unknown,
  token?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : JSON.stringify(body);
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        agent,
        headers: {
          ...(data
            ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) }
            : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}
