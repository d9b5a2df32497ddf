// The JSON of GET /api/connectors (API.md): what the editor needs to draw forms.
import { jsonSchema } from './resolve-auth.js';
import type { ConnectorDef } from './types.js';

export interface ConnectorDescription {
  name: string;
  title: string;
  description: string;
  auth: { kind: string; title: string; optional: boolean; fields: Record<string, unknown> } | null;
  operations: {
    name: string;
    title: string;
    description: string;
    input: Record<string, unknown>;
    output: Record<string, unknown>;
    /** Present for an operation whose step names one authentication per service. */
    services?: { name: string; kind: string; fields: Record<string, unknown> }[];
  }[];
}

export function describeConnectorList(defs: readonly ConnectorDef[]): ConnectorDescription[] {
  return defs.map((c) => ({
    name: c.id,
    title: c.title,
    description: c.description,
    auth: c.auth
      ? {
          kind: c.auth.kind,
          title: c.auth.title,
          optional: c.authOptional === true,
          fields: jsonSchema(c.auth.fields, 'input'),
        }
      : null,
    operations: c.operations.map((o) => ({
      name: o.id,
      title: o.title,
      description: o.description,
      input: jsonSchema(o.input, 'input'),
      output: jsonSchema(o.output, 'output'),
      ...(o.services
        ? {
            services: Object.entries(o.services).map(([name, d]) => ({
              name,
              kind: d.kind,
              fields: jsonSchema(d.fields, 'input'),
            })),
          }
        : {}),
    })),
  }));
}
