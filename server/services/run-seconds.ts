// How long a run took, in seconds, from its stored times: the run log and the run counters
// both report it, for every run that ends.
import type { RunJson } from './run-json.js';

/** The last run asked about: the log and the counters ask in turn about the same ended run. */
let lastRun: RunJson | undefined;
let lastSeconds: number | null = null;

/** Seconds from start (or creation, for a run that never started) to end; null while it runs. */
export function runSeconds(run: RunJson): number | null {
  if (!run.finishedAt) return null;
  if (run === lastRun) return lastSeconds;
  lastSeconds = secondsBetween(run.startedAt ?? run.createdAt, run.finishedAt);
  lastRun = run;
  return lastSeconds;
}

/**
 * Seconds from one stored time to another. Two times of the same day differ by their times of
 * day, read off the digits: Date.parse read each time through V8's general date parser, four
 * parses a run (a third of what the run counters cost it). Any other form goes to Date.parse.
 */
export function secondsBetween(from: string, to: string): number {
  const a = millisOfDay(from);
  const b = millisOfDay(to);
  if (a >= 0 && b >= 0 && sameDate(from, to)) return (b - a) / 1000;
  return (Date.parse(to) - Date.parse(from)) / 1000;
}

/** A digit's value; far below zero for anything else, so that a sum with it stays negative. */
function digit(text: string, at: number): number {
  const d = text.charCodeAt(at) - 48;
  return d >= 0 && d <= 9 ? d : -100_000;
}

function twoDigits(text: string, at: number): number {
  return digit(text, at) * 10 + digit(text, at + 1);
}

/** Milliseconds since midnight of a stored time ("2026-12-04T15:38:34.929Z"); -1 for other text. */
function millisOfDay(text: string): number {
  if (
    text.length !== 24 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 46 || // .
    text.charCodeAt(23) !== 90 // Z
  )
    return -1;
  const hours = twoDigits(text, 11);
  const minutes = twoDigits(text, 14);
  const seconds = twoDigits(text, 17);
  const millis = twoDigits(text, 20) * 10 + digit(text, 22);
  if (hours < 0 || minutes < 0 || seconds < 0 || millis < 0) return -1;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

/** The same date part ("2026-12-04"). */
function sameDate(a: string, b: string): boolean {
  for (let i = 0; i < 10; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
}
