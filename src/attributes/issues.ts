import { UpdateErrorSubcode } from '../iana.ts';
import { EMPTY } from '../wire/errors.ts';
import type { IssueAction, UpdateIssue } from './types.ts';
import { checkArray } from '../wire/args.ts';

const RANK: Readonly<Record<IssueAction, number>> = {
  'attribute-discard': 1,
  'treat-as-withdraw': 2,
  'afisafi-disable': 3,
  'session-reset': 4,
};

/** The stronger of two RFC 7606 actions (section 3 h: the strongest action is used). */
export function strongerAction(a: IssueAction | undefined, b: IssueAction): IssueAction {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

/** The strongest action among `issues`, or undefined when there are none. */
export function strongestAction(issues: readonly UpdateIssue[]): IssueAction | undefined {
  checkArray(issues, 'strongestAction', 'issues');
  let out: IssueAction | undefined;
  for (const i of issues) out = strongerAction(out, i.action);
  return out;
}

/**
 * The NOTIFICATION Data for an UPDATE error subcode (RFC 4271 section 6.3): the erroneous
 * attribute (type, length and value) for subcodes 2, 4, 5, 6, 8 and 9; none otherwise
 * (subcode 3 carries the missing type code and is built by its caller).
 */
export function dataFor(subcode: number, attribute: Uint8Array): Uint8Array {
  switch (subcode) {
    case UpdateErrorSubcode.UnrecognizedWellKnownAttribute:
    case UpdateErrorSubcode.AttributeFlagsError:
    case UpdateErrorSubcode.AttributeLengthError:
    case UpdateErrorSubcode.InvalidOriginAttribute:
    case UpdateErrorSubcode.InvalidNextHopAttribute:
    case UpdateErrorSubcode.OptionalAttributeError:
      return attribute.slice();
    default:
      return EMPTY;
  }
}

/** Builds an issue (dropping undefined optional fields). */
export function issue(
  action: IssueAction,
  subcode: number,
  data: Uint8Array,
  reason: string,
  extra: { attribute?: number; index?: number; afi?: number; safi?: number } = {},
): UpdateIssue {
  const out: { -readonly [K in keyof UpdateIssue]: UpdateIssue[K] } = { action, code: 3, subcode, data, reason };
  if (extra.attribute !== undefined) out.attribute = extra.attribute;
  if (extra.index !== undefined) out.index = extra.index;
  if (extra.afi !== undefined) out.afi = extra.afi;
  if (extra.safi !== undefined) out.safi = extra.safi;
  return out;
}
