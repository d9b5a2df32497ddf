// GET /api/connectors: what the editor needs to draw forms. `fields`, `input` and `output`
// are JSON Schemas (z.toJSONSchema of the connector's zod schemas, with its meta: `title`,
// `secret`, `choices`, `suggest`).
import { z } from 'zod';

const jsonSchema = z.record(z.string(), z.unknown());

export const operationDescriptionSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  input: jsonSchema,
  output: jsonSchema,
  /**
   * True for an operation that only reads (search, get, list): replaying it changes nothing
   * in the service. False: it may write, so the editor asks before replaying it.
   */
  readOnly: z.boolean(),
  /** Present for an operation whose step names one authentication per service. */
  services: z
    .array(z.object({ name: z.string(), kind: z.string(), fields: jsonSchema }))
    .optional(),
});
export type OperationDescription = z.output<typeof operationDescriptionSchema>;

export const connectorDescriptionSchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  auth: z
    .object({ kind: z.string(), title: z.string(), optional: z.boolean(), fields: jsonSchema })
    .nullable(),
  operations: z.array(operationDescriptionSchema),
});
export type ConnectorDescription = z.output<typeof connectorDescriptionSchema>;

/** One offered value of a field with dynamic choices (POST /api/choices). */
export const choiceSchema = z.object({ value: z.unknown(), label: z.string() });
export type Choice = z.output<typeof choiceSchema>;

/** POST /api/choices: the values to offer, and whether the list was cut at its bound. */
export const choicesAnswerSchema = z.object({
  choices: z.array(choiceSchema),
  truncated: z.boolean(),
});
export type ChoicesAnswer = z.output<typeof choicesAnswerSchema>;
