// create_task: POST /api/v3/tasks (JSON). An unknown account is Totango's 400 "Account not found".
import { z } from 'zod';
import { defineOperation } from '../../sdk/types.js';
import { totangoAuth } from '../auth.js';
import { taskFields, taskFrom, taskOutput } from './task-fields.js';

const input = z.object({
  account_id: z.string().min(1).meta({ title: 'Account ID' }),
  ...taskFields,
  status: taskFields.status.default('open'),
});

export const createTask = defineOperation({
  auth: totangoAuth,
  id: 'create_task',
  title: 'Create task',
  description: 'Create a task on an account.',
  input,
  output: taskOutput,
  async execute({ input: i, http }) {
    const res = await http.request({ method: 'POST', url: '/api/v3/tasks', json: i });
    return taskFrom(res, { ...i }, 'the task creation');
  },
});
