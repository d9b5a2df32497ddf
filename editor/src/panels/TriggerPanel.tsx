import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client.js';
import type { Workflow } from '../graph/types.js';
import { edit, editorStore, useEditor } from '../state/editor-store.js';
import { CopyButton } from '../ui/CopyButton.js';
import { TestPayload } from './TestPayload.js';

type Trigger = Workflow['trigger'];
type Schedule = Extract<Trigger, { type: 'schedule' }>['schedule'];
type Preset = 'minutes' | 'hourly' | 'daily' | 'workdays' | 'weekly' | 'monthly' | 'cron';

const PRESETS: { value: Preset; label: string }[] = [
  { value: 'minutes', label: 'Every few minutes' },
  { value: 'hourly', label: 'Every hour' },
  { value: 'daily', label: 'Every day' },
  { value: 'workdays', label: 'Every workday (Mon–Fri)' },
  { value: 'weekly', label: 'Every week' },
  { value: 'monthly', label: 'Every month' },
  { value: 'cron', label: 'Cron expression' },
];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

function presetOf(s: Schedule): Preset {
  return 'cron' in s ? 'cron' : s.every;
}

/** A schedule of the chosen preset, keeping the time and timezone the user already picked. */
function schedulePreset(preset: Preset, old: Schedule | undefined): Schedule {
  const timezone = old?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
  const at = old && 'at' in old ? old.at : '09:00';
  switch (preset) {
    case 'minutes':
      return { every: 'minutes', interval: 15, timezone };
    case 'hourly':
      return { every: 'hourly', minute: 0, timezone };
    case 'daily':
      return { every: 'daily', at, timezone };
    case 'workdays':
      return { every: 'workdays', at, timezone };
    case 'weekly':
      return { every: 'weekly', day: 'mon', at, timezone };
    case 'monthly':
      return { every: 'monthly', day: 1, at, timezone };
    default:
      return { cron: '0 9 * * 1-5', timezone };
  }
}

function timezones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const list = intl.supportedValuesOf?.('timeZone') ?? [];
  return list.includes('UTC') ? list : ['UTC', ...list];
}

function ScheduleForm({
  schedule,
  onChange,
}: {
  schedule: Schedule;
  onChange: (s: Schedule) => void;
}) {
  const zones = useMemo(timezones, []);
  const [times, setTimes] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(schedule);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.previewSchedule(schedule).then(
        (r) => {
          if (live) {
            setTimes(r.times);
            setError(null);
          }
        },
        (err: Error) => {
          if (live) {
            setTimes(null);
            setError(err.message);
          }
        },
      );
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // The key captures every field of the schedule.
  }, [key]);
  const s = schedule as Record<string, unknown>;
  const set = (patch: Record<string, unknown>) => onChange({ ...schedule, ...patch } as Schedule);
  const tz = String(s.timezone ?? 'UTC');
  return (
    <div className="schema-form">
      <div className="field">
        <label htmlFor="preset">Run</label>
        <select
          id="preset"
          aria-label="Schedule"
          value={presetOf(schedule)}
          onChange={(e) => onChange(schedulePreset(e.target.value as Preset, schedule))}
        >
          {PRESETS.map((p) => (
            <option key={p.value} value={p.value}>
              {p.label}
            </option>
          ))}
        </select>
      </div>
      {'interval' in s && (
        <div className="field">
          <label htmlFor="interval">Every how many minutes</label>
          <input
            id="interval"
            type="number"
            min={1}
            max={1440}
            value={Number(s.interval)}
            onChange={(e) => set({ interval: Number(e.target.value) })}
          />
        </div>
      )}
      {'minute' in s && (
        <div className="field">
          <label htmlFor="minute">At minute</label>
          <input
            id="minute"
            type="number"
            min={0}
            max={59}
            value={Number(s.minute)}
            onChange={(e) => set({ minute: Number(e.target.value) })}
          />
        </div>
      )}
      {'day' in s && s.every === 'weekly' && (
        <div className="field">
          <label htmlFor="weekday">On</label>
          <select id="weekday" value={String(s.day)} onChange={(e) => set({ day: e.target.value })}>
            {DAYS.map((d) => (
              <option key={d} value={d}>
                {d}
              </option>
            ))}
          </select>
        </div>
      )}
      {'day' in s && s.every === 'monthly' && (
        <div className="field">
          <label htmlFor="monthday">On day</label>
          <select
            id="monthday"
            value={String(s.day)}
            onChange={(e) =>
              set({ day: e.target.value === 'last' ? 'last' : Number(e.target.value) })
            }
          >
            {Array.from({ length: 31 }, (_, i) => (
              <option key={i + 1} value={i + 1}>
                {i + 1}
              </option>
            ))}
            <option value="last">last day</option>
          </select>
        </div>
      )}
      {'at' in s && (
        <div className="field">
          <label htmlFor="at">At</label>
          <input
            id="at"
            type="time"
            value={String(s.at)}
            onChange={(e) => set({ at: e.target.value })}
          />
        </div>
      )}
      {'cron' in s && (
        <div className="field">
          <label htmlFor="cron">Cron expression</label>
          <input
            id="cron"
            value={String(s.cron)}
            onChange={(e) => set({ cron: e.target.value })}
            spellCheck={false}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor="timezone">Timezone</label>
        <select id="timezone" value={tz} onChange={(e) => set({ timezone: e.target.value })}>
          {!zones.includes(tz) && <option value={tz}>{tz}</option>}
          {zones.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </select>
      </div>
      <div className="next-times" aria-label="Next runs">
        <h4>Next runs</h4>
        {error && <p className="error">{error}</p>}
        {times && (
          <ol>
            {times.map((t) => (
              <li key={t}>
                <time dateTime={t}>
                  {new Date(t).toLocaleString(undefined, {
                    timeZone: tz,
                    weekday: 'short',
                    year: 'numeric',
                    month: 'short',
                    day: 'numeric',
                    hour: '2-digit',
                    minute: '2-digit',
                  })}
                </time>{' '}
                <span className="muted">({tz})</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}

function WebhookInfo() {
  const url = useEditor((s) => s.webhookUrl);
  const workflowId = useEditor((s) => s.workflowId);
  const [error, setError] = useState<string | null>(null);
  const full = url ? new URL(url, window.location.origin).toString() : null;
  const rotate = async () => {
    if (!workflowId || !window.confirm('Make a new URL? Callers of the old one will be refused.'))
      return;
    try {
      const { webhookUrl } = await api.rotateWebhook(workflowId);
      editorStore.set({ webhookUrl });
    } catch (err) {
      setError((err as Error).message);
    }
  };
  return (
    <div className="field">
      <label>Webhook URL</label>
      {full ? (
        <div className="row">
          <input readOnly aria-label="Webhook URL" value={full} />
          <CopyButton text={full} label="Copy the webhook URL" />
        </div>
      ) : (
        <p className="hint">Save the workflow to get its URL.</p>
      )}
      <p className="hint">
        POST to this URL to start a run; the body, query and headers become the trigger's output.
      </p>
      <button type="button" onClick={() => void rotate()}>
        Make a new URL
      </button>
      {error && <p className="error">{error}</p>}
    </div>
  );
}

export function TriggerPanel() {
  const trigger = useEditor((s) => s.doc?.trigger);
  if (!trigger) return null;
  const setTrigger = (next: Trigger) => edit((doc) => ({ ...doc, trigger: next }));
  return (
    <div>
      <header className="panel-head">
        <h2>Trigger</h2>
      </header>
      <div className="field">
        <label htmlFor="trigger-type">What starts a run</label>
        <select
          id="trigger-type"
          aria-label="Trigger type"
          value={trigger.type}
          onChange={(e) => {
            const type = e.target.value as Trigger['type'];
            setTrigger(
              type === 'schedule'
                ? { type, schedule: schedulePreset('daily', undefined) }
                : ({ type } as Trigger),
            );
          }}
        >
          <option value="manual">Manual (the Run button)</option>
          <option value="webhook">Webhook (an HTTP call)</option>
          <option value="schedule">Schedule</option>
          <option value="callable">Called by another workflow</option>
        </select>
      </div>
      {trigger.type === 'webhook' && <WebhookInfo />}
      {trigger.type !== 'schedule' && <TestPayload type={trigger.type} />}
      {trigger.type === 'schedule' && (
        <ScheduleForm
          schedule={trigger.schedule}
          onChange={(schedule) => setTrigger({ type: 'schedule', schedule })}
        />
      )}
    </div>
  );
}
