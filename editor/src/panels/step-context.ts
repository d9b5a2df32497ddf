// The connector step whose input a form shows: what a field with dynamic choices sends to
// POST /api/choices (the step's connector, operation, authentication and current input).
import { createContext, useContext } from 'react';

export interface StepContext {
  connector: string;
  operation: string;
  auth: string | Record<string, string> | undefined;
  input: Record<string, unknown>;
}

export const StepContextValue = createContext<StepContext | null>(null);

export function useStepContext(): StepContext | null {
  return useContext(StepContextValue);
}
