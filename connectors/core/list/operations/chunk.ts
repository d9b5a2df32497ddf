import { z } from 'zod';
import { defineOperation } from '../../../sdk/types.js';
import { listField, wholeNumber } from '../../common/fields.js';

export const chunkOperation = defineOperation({
  id: 'chunk',
  title: 'Split list into chunks',
  description:
    'Cut a list into lists of a given size (the last may be shorter), e.g. to send 200 records per call.',
  input: z.object({
    list: listField(),
    size: wholeNumber('Chunk size', 'How many items per chunk.').min(1),
  }),
  output: z.object({ chunks: z.array(z.array(z.unknown())) }),
  async execute({ input }) {
    const chunks: unknown[][] = [];
    for (let i = 0; i < input.list.length; i += input.size)
      chunks.push(input.list.slice(i, i + input.size));
    return { chunks };
  },
});
