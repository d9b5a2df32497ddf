// The form of each control step kind, shown under the step's name in the properties panel
// (a connector step's form is the operation's schema form, in PropertiesPanel). A Record by
// StepKind: a new kind does not compile until it has its form here.
import type { ComponentType } from 'react';
import type { StepKind, StepOfKind } from '../../../engine/model/step-kinds.js';
import type { Step } from '../graph/types.js';
import { BooleanForm, BreakForm, LoopForm } from './ControlStepForm.js';
import { BranchForm, CallForm, DelayForm, RespondForm, TerminateForm } from './HelperStepForms.js';

export interface KindFormProps<S> {
  step: S;
  onChange: (s: Step) => void;
  /** Problems by input field (`list`, `value`, `seconds`). */
  problems: Map<string, string>;
}

type Forms = { [K in Exclude<StepKind, 'connector'>]: ComponentType<KindFormProps<StepOfKind<K>>> };

export const KIND_FORMS: Forms = {
  loop: LoopForm,
  boolean: BooleanForm,
  break: BreakForm,
  branch: BranchForm,
  delay: DelayForm,
  terminate: TerminateForm,
  call: CallForm,
  respond: RespondForm,
};

/** What the panel calls a step of each kind when it has no name. */
export const KIND_TITLES: Record<StepKind, string> = {
  connector: 'Step',
  loop: 'Loop collection',
  boolean: 'Boolean condition',
  break: 'Break',
  branch: 'Branch',
  delay: 'Delay',
  terminate: 'Terminate',
  call: 'Call workflow',
  respond: 'Respond',
};

/** The form of a control step, or null for a connector step. */
export function KindForm(props: KindFormProps<Step>) {
  const kind = (props.step.type ?? 'connector') as StepKind;
  if (kind === 'connector') return null;
  const Form = KIND_FORMS[kind] as ComponentType<KindFormProps<Step>>;
  return <Form {...props} />;
}
