// How long a run took, in seconds, from its stored times: the run log and the run counters
// both report it, for every run that ends.
import type { RunJson } from './run-json.js';

/** Seconds from start (or creation, for a run that never started) to end; null while it runs. */
export function runSeconds(run: RunJson): number | null {
  if (!run.finishedAt) return null;
  return secondsBetween(run.startedAt ?? run.createdAt, run.finishedAt);
}

/** Where the digits of a stored time ("2026-12-04T15:38:34.929Z", toISOString's form) are. */
const HOURS = 11;
const MINUTES = 14;
const SECONDS = 17;
const MILLIS = 20;
const DIGITS = [11, 12, 14, 15, 17, 18, 20, 21, 22];

/**
 * Seconds from one stored time to another. Two times of the same day differ by their times of
 * day, read off the digits: Date.parse read each time through V8's general date parser, four
 * parses a run (a third of what the run counters cost it).
 */
export function secondsBetween(from: string, to: string): number {
  if (sameDay(from, to)) return (millisOfDay(to) - millisOfDay(from)) / 1000;
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

function sameDay(a: string, b: string): boolean {
  if (!isStoredTime(a) || !isStoredTime(b)) return false;
  for (let i = 0; i < HOURS; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}

function isStoredTime(text: string): boolean {
  if (text.length !== 24 || text[10] !== 'T' || text[23] !== 'Z') return false;
  for (const i of DIGITS) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text[13] === ':' && text[16] === ':' && text[19] === '.';
}

function digits(text: string, at: number, count: number): number {
  let n = 0;
  for (let i = at; i < at + count; i++) n = n * 10 + text.charCodeAt(i) - 48;
  return n;
}

function millisOfDay(text: string): number {
  return (
    ((digits(text, HOURS, 2) * 60 + digits(text, MINUTES, 2)) * 60 + digits(text, SECONDS, 2)) *
      1000 +
    digits(text, MILLIS, 3)
  );
}
