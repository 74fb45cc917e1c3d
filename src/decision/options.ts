import type { DecisionOptions, NextHopResolution, Route } from './types.ts';
import { checkOptions, checkString } from '../wire/args.ts';

const RESOLVABLE: NextHopResolution = { resolvable: true };
const UNRESOLVABLE: NextHopResolution = { resolvable: false };

/** The default resolver: a next hop is resolvable when the route has one (RFC 4271 section 9.1.2.1). */
export function resolveAnyNextHop(nextHop: string | undefined): NextHopResolution {
  if (nextHop !== undefined) checkString(nextHop, 'resolveAnyNextHop', 'nextHop');
  return nextHop === undefined || nextHop === '' ? UNRESOLVABLE : RESOLVABLE;
}

function noExternalPolicy(_route: Route): number | undefined {
  return undefined;
}

/** The defaults: the RFC 4271 section 9.1 procedure with no vendor variation. */
export const DEFAULT_DECISION_OPTIONS: DecisionOptions = Object.freeze({
  resolveNextHop: resolveAnyNextHop,
  externalPreference: noExternalPolicy,
  defaultLocalPref: 100,
  alwaysCompareMed: false,
  deterministicMed: true,
  ignoreAsPathLength: false,
  missingMedAsWorst: false,
  compareRouterId: true,
  rfc5004: false,
  currentBest: undefined,
  aigp: false,
  allowOwnAs: 0,
});

/**
 * Merges partial options over {@link DEFAULT_DECISION_OPTIONS} (RFC 4271 section 9.1); fields given
 * as undefined keep their default (except `currentBest`, whose default is undefined anyway).
 * @example resolveDecisionOptions({ alwaysCompareMed: true })
 */
export function resolveDecisionOptions(options?: Partial<DecisionOptions>): DecisionOptions {
  checkOptions(options, 'resolveDecisionOptions', 'options');
  if (options === undefined || options === null) return DEFAULT_DECISION_OPTIONS;
  const d = DEFAULT_DECISION_OPTIONS;
  return {
    resolveNextHop: options.resolveNextHop ?? d.resolveNextHop,
    externalPreference: options.externalPreference ?? d.externalPreference,
    defaultLocalPref: options.defaultLocalPref ?? d.defaultLocalPref,
    alwaysCompareMed: options.alwaysCompareMed ?? d.alwaysCompareMed,
    deterministicMed: options.deterministicMed ?? d.deterministicMed,
    ignoreAsPathLength: options.ignoreAsPathLength ?? d.ignoreAsPathLength,
    missingMedAsWorst: options.missingMedAsWorst ?? d.missingMedAsWorst,
    compareRouterId: options.compareRouterId ?? d.compareRouterId,
    rfc5004: options.rfc5004 ?? d.rfc5004,
    currentBest: options.currentBest,
    aigp: options.aigp ?? d.aigp,
    allowOwnAs: options.allowOwnAs ?? d.allowOwnAs,
  };
}
