// The password rule for every place a password is set (setup, a new user, a changed password):
// at least 12 characters, and not guessable from a list of common passwords, words and
// keyboard patterns (zxcvbn-ts with its common dictionaries), nor from the person's email.
import zxcvbnCore from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { ApiError } from '../errors.js';

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 200;
// zxcvbn scores 0-4; 3 is "safely unguessable" (about 10^8 guesses), its own advice for passwords.
const MIN_SCORE = 3;

let checker: InstanceType<typeof zxcvbnCore.ZxcvbnFactory> | undefined;
function strength() {
  // Built on first use: the dictionaries take a moment to load and most requests never need them.
  checker ??= new zxcvbnCore.ZxcvbnFactory({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
  });
  return checker;
}

/** Why `password` is refused, in words for a person, or null when it is fine. */
export function passwordProblem(password: string, context: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH)
    return `A password needs at least ${MIN_PASSWORD_LENGTH} characters`;
  if (password.length > MAX_PASSWORD_LENGTH)
    return `A password can have at most ${MAX_PASSWORD_LENGTH} characters`;
  // The email and its parts count as known words: "jane.doe@acme.com" must not make "janedoe2024!" pass.
  const words = context.flatMap((c) => [c, ...c.split(/[@.+_-]+/)]).filter((w) => w.length >= 3);
  const result = strength().check(password, words);
  if (result.score >= MIN_SCORE) return null;
  const why = WARNINGS[result.feedback.warning ?? ''] ?? 'it is too easy to guess';
  return `This password is too easy to guess (${why}): use a longer phrase of unrelated words`;
}

/** Throws a 400 naming `path` when the password breaks the rule (see passwordProblem). */
export function assertPasswordAllowed(
  password: string,
  options: { path?: string; context?: string[] } = {},
): void {
  const problem = passwordProblem(password, options.context);
  if (problem)
    throw new ApiError('VALIDATION', 'The password is not allowed', [
      { path: options.path ?? 'password', message: problem },
    ]);
}

// zxcvbn's warning keys, in our words (its own translations are keys without a language pack).
const WARNINGS: Record<string, string> = {
  straightRow: 'it is a row of keys',
  keyPattern: 'it is a keyboard pattern',
  simpleRepeat: 'it repeats characters',
  extendedRepeat: 'it repeats a pattern',
  sequences: 'it is a sequence like "abc" or "123"',
  recentYears: 'it contains a recent year',
  dates: 'it contains a date',
  topTen: 'it is one of the ten most used passwords',
  topHundred: 'it is one of the hundred most used passwords',
  common: 'it is a commonly used password',
  similarToCommon: 'it is close to a commonly used password',
  wordByItself: 'it is a single word',
  namesByThemselves: 'it is a name',
  commonNames: 'it is a common name',
  userInputs: 'it contains your email or name',
  pwned: 'it has appeared in a data breach',
};
