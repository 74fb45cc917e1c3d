import type { NlriCodec } from './codec.ts';
import { labeledCodec } from './labeled-nlri.ts';
import type { LabeledPrefix } from './types.ts';

// RFC 8277: "If the prefix is an IPv4 address prefix or an IPv6 address prefix, the
// Subsequent Address Family Identifier (SAFI) field is set to 4" (section 2).

/** IPv4 labeled unicast, AFI 1 SAFI 4 (RFC 8277). */
export const ipv4LabeledUnicast: NlriCodec<LabeledPrefix> = labeledCodec<LabeledPrefix>({ afi: 1, safi: 4, name: 'ipv4-labeled-unicast', size: 4, rd: false });

/** IPv6 labeled unicast, AFI 2 SAFI 4 (RFC 8277). */
export const ipv6LabeledUnicast: NlriCodec<LabeledPrefix> = labeledCodec<LabeledPrefix>({ afi: 2, safi: 4, name: 'ipv6-labeled-unicast', size: 16, rd: false });
