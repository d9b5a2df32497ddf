// Small shared types of the Totango connector.
import type { StepLogger } from '../../engine/run/catalog.js';

export type { HttpClient } from '../sdk/types.js';
export type StepLoggerLike = StepLogger;
