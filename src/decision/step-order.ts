import { DECISION_STEPS } from './steps.ts';
import type { DecisionStep } from './types.ts';

/** The names of the decision steps in the order they run (RFC 4271 section 9.1.2.2, RFC 4456 section 9, RFC 7311, RFC 5004). */
export const DECISION_STEP_ORDER: readonly DecisionStep[] = Object.freeze(DECISION_STEPS.map((s) => s.name));
