// defineOperation infers ctx.auth from the `auth` the operation names: these checks run in
// `npm run typecheck` (expectTypeOf fails to compile on a wrong type) and in vitest.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { defineAuth, defineOperation } from '../../connectors/sdk/types.js';

const fields = z.object({ token: z.string().meta({ secret: true }), region: z.string() });
const demoAuth = defineAuth({ kind: 'token', title: 'Demo token', fields });
const otherAuth = defineAuth({
  kind: 'token',
  title: 'Other',
  fields: z.object({ key: z.string() }),
});
type DemoFields = z.output<typeof fields>;

describe('defineOperation', () => {
  it('types ctx.auth from the connector auth the operation names', () => {
    const op = defineOperation({
      auth: demoAuth,
      id: 'demo',
      title: 'Demo',
      description: 'Demo operation',
      input: z.object({ n: z.number() }),
      output: z.object({ region: z.string() }),
      async execute({ auth, input }) {
        expectTypeOf(auth).toEqualTypeOf<DemoFields>();
        expectTypeOf(input).toEqualTypeOf<{ n: number }>();
        return { region: auth.region };
      },
    });
    expect(op.auth).toBe(demoAuth);
  });

  it('adds undefined when the step may leave the authentication out', () => {
    defineOperation({
      auth: demoAuth,
      authOptional: true,
      id: 'demo',
      title: 'Demo',
      description: 'Demo operation',
      input: z.object({}),
      output: z.object({ ok: z.boolean() }),
      async execute({ auth }) {
        expectTypeOf(auth).toEqualTypeOf<DemoFields | undefined>();
        return { ok: auth !== undefined };
      },
    });
  });

  it('gives an operation without authentication ctx.auth: undefined', () => {
    defineOperation({
      id: 'demo',
      title: 'Demo',
      description: 'Demo operation',
      input: z.object({}),
      output: z.object({ ok: z.boolean() }),
      async execute({ auth }) {
        expectTypeOf(auth).toEqualTypeOf<undefined>();
        return { ok: true };
      },
    });
  });

  it('types each named service of a multi-service operation', () => {
    defineOperation({
      services: { demo: demoAuth, other: otherAuth },
      id: 'demo',
      title: 'Demo',
      description: 'Demo operation',
      input: z.object({}),
      output: z.object({ ok: z.boolean() }),
      async execute({ services }) {
        expectTypeOf(services.demo.auth).toEqualTypeOf<DemoFields>();
        expectTypeOf(services.other.auth).toEqualTypeOf<{ key: string }>();
        return { ok: true };
      },
    });
  });
});
