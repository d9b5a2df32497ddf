// Emits debug records in order and keeps their number bounded. Up to `maxRecords` every
// record is emitted as it happens. Past it, a record inside a loop is held as a cheap raw
// object in its loop's "pending" list, which is dropped (and counted) when the next
// iteration starts and emitted when the loop ends: so each loop's last iteration survives.
// Error records and records outside any loop are always emitted.
// PERFORMANCE: redaction, the size bound and ISO dates are only paid for records emitted.
import type { StepErrorJson } from '../errors/step-error.js';
import type { DebugRecord } from '../model/record.js';
import { redactSecrets } from './redact.js';
import { boundValue } from './truncate.js';

export interface RawRecord {
  stepId: string;
  place: string;
  status: DebugRecord['status'];
  attempt: number;
  input: unknown;
  output: unknown;
  error: StepErrorJson | null;
  /** Epoch ms. */
  startedAt: number;
  durationMs: number;
}

export interface RecorderOptions {
  runId: string;
  maxRecords: number;
  maxValueBytes: number;
  /** Secrets seen so far in the run (auth fields, secret inputs); grows as steps resolve auths. */
  secrets: Set<string>;
  onRecord?: (record: DebugRecord) => void | Promise<void>;
  /** Restored counters when resuming. */
  seq?: number;
  recordsOmitted?: number;
}

/** One per running loop: the raw records of its current iteration, once past the limit. */
export interface LoopBuffer {
  pending: RawRecord[];
}

export class Recorder {
  seq: number;
  recordsOmitted: number;
  private readonly loops: LoopBuffer[] = [];

  constructor(private readonly opts: RecorderOptions) {
    this.seq = opts.seq ?? 0;
    this.recordsOmitted = opts.recordsOmitted ?? 0;
  }

  enterLoop(): LoopBuffer {
    const buffer: LoopBuffer = { pending: [] };
    this.loops.push(buffer);
    return buffer;
  }

  /** A new iteration starts: the previous one was not the last, so its held records go. */
  nextIteration(buffer: LoopBuffer): void {
    if (buffer.pending.length) {
      this.recordsOmitted += buffer.pending.length;
      buffer.pending = [];
    }
  }

  /** The loop ended: its last iteration's held records move up to the enclosing level. */
  async exitLoop(buffer: LoopBuffer): Promise<void> {
    const held = buffer.pending;
    buffer.pending = [];
    if (this.loops[this.loops.length - 1] === buffer) this.loops.pop();
    for (const raw of held) await this.emit(raw);
  }

  async emit(raw: RawRecord): Promise<void> {
    const inner = this.loops[this.loops.length - 1];
    if (raw.status === 'error') {
      // Keep the story readable: what this iteration did before the error comes first.
      for (const buffer of this.loops) {
        const held = buffer.pending;
        buffer.pending = [];
        for (const r of held) await this.deliver(r);
      }
      return this.deliver(raw);
    }
    if (inner === undefined || this.seq < this.opts.maxRecords) return this.deliver(raw);
    inner.pending.push(raw);
  }

  private async deliver(raw: RawRecord): Promise<void> {
    this.seq += 1;
    const record = this.build(raw, this.seq);
    if (this.opts.onRecord) await this.opts.onRecord(record);
  }

  build(raw: RawRecord, seq: number): DebugRecord {
    return buildRecord(raw, seq, this.opts.runId, [...this.opts.secrets], this.opts.maxValueBytes);
  }
}

export function buildRecord(
  raw: RawRecord,
  seq: number,
  runId: string,
  secrets: readonly string[],
  maxValueBytes: number,
): DebugRecord {
  const error = raw.error ? (redactSecrets(raw.error, secrets) as StepErrorJson) : null;
  return {
    runId,
    seq,
    stepId: raw.stepId,
    place: raw.place,
    status: raw.status,
    attempt: raw.attempt,
    input: boundValue(redactSecrets(raw.input, secrets), maxValueBytes),
    output: boundValue(redactSecrets(raw.output, secrets), maxValueBytes),
    error,
    startedAt: new Date(raw.startedAt).toISOString(),
    durationMs: raw.durationMs,
  };
}
