// update_task: PUT /api/v3/tasks/{id} with the fields to change.
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { taskFields, taskFrom, taskId, taskOutput } from './task-fields.js';

const input = z.object({
  id: taskId,
  account_id: z.string().min(1).optional().meta({ title: 'Account ID' }),
  ...taskFields,
  title: taskFields.title.optional(),
  activity_type_id: taskFields.activity_type_id.optional(),
});

export const updateTask = defineOperation({
  auth: totangoAuth,
  id: 'update_task',
  title: 'Update task',
  description: "Change a task's fields; fields left empty keep their value.",
  input,
  output: taskOutput,
  async execute({ input: i, http }) {
    const { id, ...changes } = i;
    const res = await http.request({
      method: 'PUT',
      url: `/api/v3/tasks/${encodeURIComponent(String(id))}`,
      json: { id, ...changes },
    });
    return taskFrom(res, { id, ...changes }, `the update of task ${id}`);
  },
});
