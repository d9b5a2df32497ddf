import { z } from 'zod';
import { salesforceAuth } from '../auth.js';
import { defineOperation } from '../../sdk/types.js';
import { objectName, session } from '../common.js';

interface DescribeField {
  name: string;
  label: string;
  type: string;
  createable?: boolean;
  updateable?: boolean;
  nillable?: boolean;
  externalId?: boolean;
  relationshipName?: string | null;
  referenceTo?: string[];
  picklistValues?: { value: string; active?: boolean }[];
}

export const describeObject = defineOperation({
  auth: salesforceAuth,
  id: 'describe_object',
  sideEffects: false,
  title: 'Describe an object',
  description:
    "Lists the object's fields (API name, label, type, whether they can be written, picklist values), so field names can be picked instead of typed.",
  input: z.object({ object: objectName }),
  output: z.object({
    name: z.string(),
    label: z.string(),
    fields: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        type: z.string(),
        createable: z.boolean(),
        updateable: z.boolean(),
        externalId: z.boolean(),
        relationshipName: z.string().optional(),
        referenceTo: z
          .array(z.string())
          .optional()
          .meta({ description: 'For a reference field: the objects it can point at.' }),
        picklistValues: z.array(z.string()).optional(),
      }),
    ),
  }),
  async execute(ctx) {
    const sf = await session(ctx);
    const res = await sf.data({ method: 'GET', url: `/sobjects/${ctx.input.object}/describe` });
    const body = res.body as { name: string; label: string; fields: DescribeField[] };
    return {
      name: body.name,
      label: body.label,
      fields: body.fields.map((f) => ({
        name: f.name,
        label: f.label,
        type: f.type,
        createable: f.createable === true,
        updateable: f.updateable === true,
        externalId: f.externalId === true,
        ...(f.relationshipName ? { relationshipName: f.relationshipName } : {}),
        ...(f.referenceTo?.length ? { referenceTo: f.referenceTo } : {}),
        ...(f.picklistValues?.length
          ? {
              picklistValues: f.picklistValues
                .filter((p) => p.active !== false)
                .map((p) => p.value),
            }
          : {}),
      })),
    };
  },
});
