// The closed list of step error codes. A connector's HTTP failure uses the family
// `CONNECTOR_HTTP_<status>` (e.g. CONNECTOR_HTTP_404) and Slack's ok:false errors use
// `SLACK_<ERROR>` (e.g. SLACK_CHANNEL_NOT_FOUND), as WORKFLOW-FORMAT.md and CONNECTORS.md
// show; every other code is one of these.
export const STEP_ERROR_CODES = [
  'INPUT_INVALID', // the resolved input does not fit the operation's schema
  'MAPPING_FAILED', // a JSONPath matched nothing, or a value has the wrong shape (e.g. loop over a non-list)
  'AUTH_MISSING', // the step needs an authentication and has none, or it does not exist
  'AUTH_FAILED', // the service rejected the credentials
  'FORBIDDEN', // a personal authentication used by someone else, a path outside the files folder, a URL off the auth's host
  'CONNECTOR_HTTP', // the service answered with an error status (see CONNECTOR_HTTP_<status>)
  'CONNECTOR_ERROR', // the service answered 2xx but said it failed (Totango's failed envelope, Salesforce error arrays)
  'RATE_LIMITED', // the service kept answering 429 after our retries
  'NETWORK', // no answer: connection refused, DNS, reset
  'STEP_TIMEOUT', // the step ran past its timeout
  'MAX_ITERATIONS', // a forever loop reached maxIterations without a break
  'OUTPUT_TOO_LARGE', // a service's answer or a file is larger than one step may read (STEPWISE_MAX_OUTPUT_BYTES)
  'UNKNOWN_CONNECTOR', // the connector or operation is not in the catalog
  'CANCELLED', // the run was cancelled
  'INTERRUPTED', // the step was running when its worker stopped and cannot safely run again: it may or may not have happened
  'NOT_FOUND', // the record or file the step names does not exist
  'INTERNAL', // a bug in our code: the message says so
  'NOT_RESUMED', // (a run's error) the run was executing during two unexpected server stops in a row, so it is not resumed again
  'RUN_TIMEOUT', // (a run's error) the run executed longer than STEPWISE_RUN_TIMEOUT and was stopped
  'TERMINATED', // a terminate step ended the run as failed, with its message
  'CALLED_RUN_FAILED', // a called workflow's run failed (details: its runId, step and error)
  'CALL_DEPTH', // a chain of call steps deeper than 10
  'CALL_UNAVAILABLE', // a call step where no workflows can be started (the command-line runner)
  'ALREADY_RESPONDED', // a second respond step in one run (the first one's answer stands)
  'VALUE_TOO_LARGE', // a storage value over 1 MiB of JSON (the message names the key and the size)
  'SCRIPT_ERROR', // a script step's code threw, did not parse, or returned something that is not JSON
  'SCRIPT_TIMEOUT', // a script step ran past its time limit
  'SCRIPT_MEMORY', // a script step went over its memory limit
] as const;
export type StepErrorCode =
  | (typeof STEP_ERROR_CODES)[number]
  | `CONNECTOR_HTTP_${number}`
  | `SLACK_${string}`
  | `SALESFORCE_${string}`;
