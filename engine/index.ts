// The engine's public API: the server, the queue worker and the CLI import only this file.
export { runWorkflow } from './run/run-workflow.js';
export {
  parseWorkflow,
  workflowSchema,
  stepSchema,
  conditionOperators,
  scheduleSchema,
  notificationsSchema,
} from './model/workflow.schema.js';
export type {
  Workflow,
  WorkflowInput,
  Step,
  ConnectorStep,
  LoopStep,
  BooleanStep,
  BreakStep,
  BranchStep,
  BranchCase,
  DelayStep,
  TerminateStep,
  CallStep,
  RespondStep,
  Trigger,
  Schedule,
  OnError,
  SchemaProblem,
  ConditionOperator,
} from './model/workflow.schema.js';
export type { DebugRecord, RunStatus, RunError } from './model/record.js';
export { StepError, isStepError } from './errors/step-error.js';
export type { StepErrorJson, StepErrorOptions } from './errors/step-error.js';
export { STEP_ERROR_CODES } from './errors/codes.js';
export type { StepErrorCode } from './errors/codes.js';
export type {
  Catalog,
  OperationRuntime,
  OperationCall,
  ResolvedAuth,
  StepStateStore,
  StepLogger,
  LogLevel,
} from './run/catalog.js';
export type {
  RunOptions,
  RunResult,
  Checkpoint,
  ValidationProblem,
  RunEnv,
  StepStartInfo,
  RunHost,
  RunResponse,
  RunWait,
  CallRequest,
  CallOutcome,
} from './run/types.js';
export { MAX_CALL_DEPTH } from './steps/call-step.js';
export { eachStep } from './model/each-step.js';
export {
  STEP_KINDS,
  CHILD_LISTS,
  childLists,
  childListAt,
  withChildList,
  stepAtPath,
  stepKind,
  kindOf,
  caseTitle,
} from './model/step-kinds.js';
export type { StepKind, StepOfKind, ChildList, ChildRole } from './model/step-kinds.js';
export { friendlyError } from './model/friendly-errors.js';
export { validateWorkflow } from './validate/validate-workflow.js';
export { checkWithServices, type ServiceCheckOptions } from './validate/check-with-services.js';
export type { ValidateOptions } from './validate/validate-workflow.js';
export { replayStep } from './run/replay-step.js';
export { secretForms } from './records/secret-forms.js';
export { splitCheckpoint, joinCheckpoint } from './run/checkpoint-parts.js';
export type { CheckpointParts, CheckpointPosition } from './run/checkpoint-parts.js';
export type { ReplayOptions } from './run/replay-step.js';
export {
  engineLimits,
  setEngineLimits,
  engineLimitsFromEnv,
  DEFAULT_ENGINE_LIMITS,
} from './limits.js';
export type { EngineLimits } from './limits.js';
export { refusedProblems } from './validate/refused.js';
export { jsonDeeperThan, DEFAULT_MAX_JSON_DEPTH } from './json-depth.js';
// Storage (the storage connector's host interface) and the rules every host applies.
export {
  STORAGE_SCOPES,
  MAX_STORAGE_KEY_LENGTH,
  MAX_STORAGE_VALUE_BYTES,
  createMemoryStorage,
  storageOwner,
  encodeStoredValue,
  appendedList,
  incrementedNumber,
} from './run/storage.js';
export type { StepStorage, StorageScope, StoredValue } from './run/storage.js';
// The boolean step's operators, for the list connector's filter and find.
export { evaluateCondition } from './steps/conditions.js';
