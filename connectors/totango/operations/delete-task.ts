// delete_task: DELETE /api/v3/tasks/{id}.
import { z } from 'zod';
import { isStepError } from '../../../engine/errors/step-error.js';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { refuseFailedEnvelope } from '../envelope.js';
import { noTask, taskId } from './task-fields.js';

const input = z.object({ id: taskId });
const output = z.object({ id: z.union([z.string(), z.number()]), deleted: z.boolean() });

export const deleteTask = defineOperation({
  auth: totangoAuth,
  id: 'delete_task',
  title: 'Delete task',
  description: 'Delete a task by its id.',
  input,
  output,
  async execute({ input: i, http }) {
    try {
      const res = await http.request({
        method: 'DELETE',
        url: `/api/v3/tasks/${encodeURIComponent(String(i.id))}`,
      });
      refuseFailedEnvelope(res, `the deletion of task ${i.id}`);
    } catch (err) {
      if (isStepError(err) && err.code === 'CONNECTOR_HTTP_404') throw noTask(i.id);
      throw err;
    }
    return { id: i.id, deleted: true };
  },
});
