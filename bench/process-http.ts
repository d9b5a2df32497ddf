// What the benches that drive a real server process share: a JSON request over a keep-alive
// agent, and the CPU time a process has used (wall-clock numbers swing with the machine's
// load; CPU time much less).
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';

/**
 * CPU time (user + system, µs) process `pid` has used so far, from /proc (Linux): the sum of
 * its threads' run time in nanoseconds (schedstat), so that a batch of a few hundred runs is
 * measured to the microsecond; /proc/PID/stat counts in ticks of 10 ms, which alone made two
 * identical servers differ by a few per cent over such a batch.
 */
export function cpuMicros(pid: number | undefined): number {
  let ns = 0;
  try {
    for (const task of readdirSync(`/proc/${pid}/task`))
      ns += Number(readFileSync(`/proc/${pid}/task/${task}/schedstat`, 'utf8').split(' ')[0]);
    return ns / 1000;
  } catch {
    // No schedstat here (or a thread ended meanwhile): the ticks, then.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  }
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
