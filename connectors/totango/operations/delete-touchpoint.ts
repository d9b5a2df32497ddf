// delete_touchpoint: DELETE /api/v3/touchpoints/{id}. Totango's docs say touchpoints can be
// deleted but do not show the request; this one is assumed (api-reference §1.5).
import { z } from 'zod';
import { isStepError, StepError } from '../../../engine/errors/step-error.js';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { refuseFailedEnvelope } from '../envelope.js';

const touchpointId = z
  .union([z.string().min(1), z.number().int()])
  .meta({ title: 'Touchpoint ID' });

export const deleteTouchpoint = defineOperation({
  auth: totangoAuth,
  id: 'delete_touchpoint',
  title: 'Delete touchpoint',
  description: 'Delete a touchpoint by its id.',
  input: z.object({ id: touchpointId }),
  output: z.object({ id: z.union([z.string(), z.number()]), deleted: z.boolean() }),
  async execute({ input, http }) {
    try {
      const res = await http.request({
        method: 'DELETE',
        url: `/api/v3/touchpoints/${encodeURIComponent(String(input.id))}`,
      });
      refuseFailedEnvelope(res, `the deletion of touchpoint ${input.id}`);
    } catch (err) {
      if (isStepError(err) && err.code === 'CONNECTOR_HTTP_404')
        throw new StepError('NOT_FOUND', `Totango has no touchpoint with id ${input.id}.`, {
          details: { field: 'id', id: input.id },
        });
      throw err;
    }
    return { id: input.id, deleted: true };
  },
});
