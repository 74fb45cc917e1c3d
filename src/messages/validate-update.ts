import { AS_TRANS } from '../attributes/as4.ts';
import { findAttribute } from '../attributes/helpers.ts';
import { issue } from '../attributes/issues.ts';
import type { IssueAction, UpdateIssue, UpdateMessage } from '../attributes/types.ts';
import type { PeerType } from '../context/session-context.ts';
import { UpdateErrorSubcode } from '../iana.ts';
import { EMPTY } from '../wire/errors.ts';
import { checkObject, checkOptions, checkTyped } from '../wire/args.ts';

/** The peer an UPDATE came from, as the local configuration knows it. */
export interface AsPathPeer {
  /** The peer's AS (4-octet; on a 2-octet session AS_TRANS also matches an AS above 65535). */
  readonly asn: number;
  /** The kind of session; only external and confed-external sessions are checked. */
  readonly peerType: PeerType;
}

/** Options of {@link validateAsPath}. */
export interface AsPathCheckOptions {
  /**
   * What a leftmost AS other than the external peer's AS gets (RFC 4271 section 6.3 "MAY
   * check"; RFC 7606 section 7.2: "SHOULD ... treat-as-withdraw but MAY follow the session
   * reset behavior if configured to do so"). `off` for route servers, which do not prepend
   * their AS (RFC 7947 section 2.2.2.1). Default `treat-as-withdraw`.
   */
  readonly firstAs: IssueAction | 'off';
  /**
   * Check RFC 5065 section 5: no AS_CONFED segments from a peer outside the confederation, and
   * an AS_CONFED_SEQUENCE first from a confederation peer in another Member-AS; both are a
   * malformed AS_PATH, treat-as-withdraw (RFC 7606 section 7.2). Default true.
   */
  readonly confederation: boolean;
}

/** Merges {@link AsPathCheckOptions} with their defaults. */
export function resolveAsPathCheckOptions(options: Partial<AsPathCheckOptions> | undefined): AsPathCheckOptions {
  checkOptions(options, 'resolveAsPathCheckOptions', 'options');
  return { firstAs: options?.firstAs ?? 'treat-as-withdraw', confederation: options?.confederation ?? true };
}

function malformed(action: IssueAction, reason: string): UpdateIssue {
  // RFC 4271 section 6.3: Malformed AS_PATH (3/11) carries no data.
  return issue(action, UpdateErrorSubcode.MalformedAsPath, EMPTY, reason, { attribute: 2 });
}

/**
 * Checks the AS_PATH of an UPDATE against the peer it came from, a check that needs the
 * session's configuration and so is not part of decoding: from an external peer the leftmost
 * AS must be the peer's (RFC 4271 section 6.3, RFC 7606 section 7.2) and no AS_CONFED segment
 * may appear; from a confederation peer in another Member-AS the first segment must be an
 * AS_CONFED_SEQUENCE (RFC 5065 section 5). Internal peers and UPDATEs without an AS_PATH (pure
 * withdrawals) are not checked. Returns the issues found (3/11), empty when none. Never throws.
 * @example const issues = validateAsPath(update, { asn: 65001, peerType: 'external' })
 */
export function validateAsPath(update: UpdateMessage, peer: AsPathPeer, options?: Partial<AsPathCheckOptions>): UpdateIssue[] {
  checkTyped(update, 'validateAsPath', 'update');
  checkObject(peer, 'validateAsPath', 'peer');
  checkOptions(options, 'validateAsPath', 'options');
  const opts = resolveAsPathCheckOptions(options);
  const out: UpdateIssue[] = [];
  if (peer.peerType === 'internal') return out;
  const path = findAttribute(update, 'AS_PATH');
  if (path === undefined) return out;
  const segments = path.segments;
  if (peer.peerType === 'external') {
    if (opts.confederation && segments.some((s) => s.type === 'AS_CONFED_SEQUENCE' || s.type === 'AS_CONFED_SET')) {
      out.push(malformed('treat-as-withdraw', 'AS_CONFED segment from a peer outside the confederation (RFC 5065 section 5)'));
    }
    if (opts.firstAs !== 'off') {
      const first = segments[0];
      // The leftmost AS is the first of an AS_SEQUENCE: an external speaker prepends its AS as
      // one (RFC 4271 section 5.1.2); an empty path or a leading AS_SET has no leftmost AS.
      const leftmost = first !== undefined && first.type === 'AS_SEQUENCE' ? first.asns[0] : undefined;
      const ok = leftmost === peer.asn || (leftmost === AS_TRANS && peer.asn > 0xffff);
      if (!ok) out.push(malformed(opts.firstAs, `leftmost AS ${leftmost ?? 'none'} is not the peer's AS ${peer.asn}`));
    }
  } else if (opts.confederation) {
    const first = segments[0];
    if (first === undefined || first.type !== 'AS_CONFED_SEQUENCE') {
      out.push(malformed('treat-as-withdraw', 'first segment from a confederation peer is not an AS_CONFED_SEQUENCE (RFC 5065 section 5)'));
    }
  }
  return out;
}
