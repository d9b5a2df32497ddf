// Secret inputs (an operation's `secretInputs`, like a Slack incoming-webhook URL typed into a
// step) are stored encrypted in the workflow and every version: the stored text holds
// `stepwise-secret:v1:<base64 of AES-GCM>`, bound to the workflow, the step and the input, so
// the API answers carry only the ciphertext and a copy in another workflow or step does not
// decrypt. Saving the ciphertext back keeps the secret; an export writes a placeholder; runs and
// validation see the plain value.
import { eachStep, type Step } from '../../engine/index.js';
import type { Cipher } from './cipher.js';

export const SECRET_PREFIX = 'stepwise-secret:v1:';
/** What an export (or a copy that cannot carry the secret) holds instead: type the value again. */
export const SECRET_PLACEHOLDER = '[secret: type it again]';

/** Names of an operation's secret inputs (the connector catalog's). */
export type SecretInputsOf = (connector: string, operation: string) => readonly string[];

const aadFor = (workflowId: string, stepId: string, input: string) =>
  `secret-input:${workflowId}:${stepId}:${input}`;

/** Each (step, secret input) holding a string, in a raw document; `set` changes it in place. */
function eachSecretInput(
  doc: Record<string, unknown>,
  secretInputsOf: SecretInputsOf,
  visit: (value: string, stepId: string, name: string) => string,
): void {
  eachStep((doc.steps ?? []) as Step[], (step) => {
    if (!('connector' in step)) return;
    const names = secretInputsOf(step.connector, step.operation);
    const input = (step as { input?: unknown }).input;
    if (names.length === 0 || !input || typeof input !== 'object' || Array.isArray(input)) return;
    const values = input as Record<string, unknown>;
    for (const name of names) {
      const value = values[name];
      if (typeof value === 'string') values[name] = visit(value, step.id, name);
    }
  });
}

const copy = (doc: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(doc)) as Record<string, unknown>;

export function createSecretInputs(cipher: Cipher, secretInputsOf: SecretInputsOf) {
  function open(value: string, workflowId: string, stepId: string, name: string): string {
    if (!value.startsWith(SECRET_PREFIX)) return value;
    try {
      return cipher.decrypt(
        Buffer.from(value.slice(SECRET_PREFIX.length), 'base64'),
        aadFor(workflowId, stepId, name),
      );
    } catch {
      // Sealed for another workflow or step (a copy, a renamed step): it must be typed again.
      return SECRET_PLACEHOLDER;
    }
  }

  return {
    /** The document as the engine runs it: every sealed secret input in plain text. */
    open(doc: Record<string, unknown>, workflowId: string): Record<string, unknown> {
      const out = copy(doc);
      eachSecretInput(out, secretInputsOf, (value, stepId, name) =>
        open(value, workflowId, stepId, name),
      );
      return out;
    },

    /** The document to store: every secret input sealed (a value already sealed here is kept). */
    seal(doc: Record<string, unknown>, workflowId: string): Record<string, unknown> {
      const out = copy(doc);
      eachSecretInput(out, secretInputsOf, (value, stepId, name) => {
        const plain = open(value, workflowId, stepId, name);
        if (plain === SECRET_PLACEHOLDER) return plain;
        const sealed = cipher.encrypt(plain, aadFor(workflowId, stepId, name));
        return SECRET_PREFIX + sealed.toString('base64');
      });
      return out;
    },

    /** The document to export: no secret, sealed or not, leaves the server. */
    forExport(doc: Record<string, unknown>): Record<string, unknown> {
      const out = copy(doc);
      eachSecretInput(out, secretInputsOf, () => SECRET_PLACEHOLDER);
      return out;
    },
  };
}
export type SecretInputs = ReturnType<typeof createSecretInputs>;
