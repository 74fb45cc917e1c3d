export { selectBest, compareRoutes, rankRoutes } from './select.ts';
export { resolveDecisionOptions, DEFAULT_DECISION_OPTIONS, resolveAnyNextHop } from './options.ts';
export { ineligibleReason, hasAsLoop } from './eligibility.ts';
export { asPathLength, neighbourAs, nextHopOf } from './facts.ts';
export { DECISION_STEP_ORDER } from './step-order.ts';
export type {
  Comparison,
  DecisionOptions,
  DecisionStep,
  Elimination,
  IneligibleReason,
  Ineligibility,
  LocalSpeaker,
  NextHopResolution,
  NextHopResolver,
  RankedRoute,
  Ranking,
  Route,
  RoutePeer,
  Selection,
  StepValue,
} from './types.ts';
