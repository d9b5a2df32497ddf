import { z } from 'zod';

export const keysField = z
  .array(z.string().min(1))
  .meta({ title: 'Fields', description: 'The field names, e.g. ["name", "tier"].' });
