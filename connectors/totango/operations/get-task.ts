// get_task: GET /api/v3/tasks?id=<id>, which answers an array.
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { refuseFailedEnvelope } from '../envelope.js';
import { noTask, taskId, taskOutput } from './task-fields.js';

const input = z.object({ id: taskId });

export const getTask = defineOperation({
  auth: totangoAuth,
  id: 'get_task',
  sideEffects: false,
  title: 'Get task',
  description: 'Read one task by its id.',
  input,
  output: taskOutput,
  // A read: a worker stopped in the middle of it may just read again.
  idempotent: true,
  async execute({ input: i, http }) {
    const res = await http.request({
      method: 'GET',
      url: '/api/v3/tasks',
      query: { id: String(i.id) },
    });
    refuseFailedEnvelope(res, `the lookup of task ${i.id}`);
    const list = Array.isArray(res.body) ? res.body : [res.body];
    const task = list.find((t) => t && typeof t === 'object');
    if (!task) throw noTask(i.id);
    return task as z.input<typeof taskOutput>;
  },
});
