import type { NlriCodec } from './codec.ts';
import { labeledCodec } from './labeled-nlri.ts';
import type { VpnPrefix } from './types.ts';

// RFC 4364 section 4.3.4: VPN-IPv4 routes are "labeled VPN-IPv4 NLRI" (RFC 8277 encoding,
// SAFI 128), an RD then the IPv4 prefix; RFC 4659 section 3.2 the same for VPN-IPv6.
// RFC 6513/6514 use SAFI 129 for VPN multicast routes with the same NLRI.

/** VPN-IPv4, AFI 1 SAFI 128 (RFC 4364). */
export const vpnIpv4: NlriCodec<VpnPrefix> = labeledCodec<VpnPrefix>({ afi: 1, safi: 128, name: 'l3vpn-ipv4-unicast', size: 4, rd: true });

/** VPN-IPv6, AFI 2 SAFI 128 (RFC 4659). */
export const vpnIpv6: NlriCodec<VpnPrefix> = labeledCodec<VpnPrefix>({ afi: 2, safi: 128, name: 'l3vpn-ipv6-unicast', size: 16, rd: true });

/** VPN-IPv4 multicast, AFI 1 SAFI 129 (RFC 6513 section 5). */
export const vpnIpv4Multicast: NlriCodec<VpnPrefix> = labeledCodec<VpnPrefix>({ afi: 1, safi: 129, name: 'l3vpn-ipv4-multicast', size: 4, rd: true });

/** VPN-IPv6 multicast, AFI 2 SAFI 129 (RFC 6513 section 5). */
export const vpnIpv6Multicast: NlriCodec<VpnPrefix> = labeledCodec<VpnPrefix>({ afi: 2, safi: 129, name: 'l3vpn-ipv6-multicast', size: 16, rd: true });
