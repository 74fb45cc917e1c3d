// bgpwire: BGP-4 on the wire. Codecs and helpers of the core (pure: Uint8Array and DataView only).

export { decodeMessage } from './messages/decode.ts';
export { encodeMessage, encodeMessageInto, messageByteLength } from './messages/encode.ts';
export { encodeMessagePooled } from './messages/encode.ts';
export { peekMessage, decodeHeader } from './messages/header.ts';
export { contextFor, localAsOf } from './messages/context-for.ts';
export { sessionContext, hasAddPath, maxMessageLength } from './context/session-context.ts';
export { hasFamily, formatFamily } from './context/family.ts';
export { validateOpen } from './messages/validate-open.ts';
export { validateAsPath, resolveAsPathCheckOptions } from './messages/validate-update.ts';
export { viewUpdate, viewUpdateInto, UpdateView } from './view/update-view.ts';
export { PrefixCursor } from './view/prefix-cursor.ts';
export { AsPathCursor, SegmentType } from './view/as-path-view.ts';
export { AttributeCursor } from './view/attribute-cursor.ts';
export { MessageFramer, frameMessages } from './messages/framing.ts';
export { notificationFor } from './messages/notification-for.ts';
export { decodeOpen, encodeOpen } from './messages/open.ts';
export {
  decodeNotification,
  encodeNotification,
  notification,
  notificationDetails,
  shutdownNotification,
  hardReset,
  describeNotification,
} from './messages/notification.ts';
export { decodeRouteRefresh, encodeRouteRefresh } from './messages/route-refresh.ts';
export { KEEPALIVE, decodeKeepalive, encodeKeepalive } from './messages/keepalive.ts';
export { decodeAttributes } from './attributes/decode.ts';
export { attributesLength, writeAttributes } from './attributes/encode.ts';
export { reconstructAsPath, prepareFor2Octet, asPathLength, AS_TRANS } from './attributes/as4.ts';
export { findAttribute, communityName, endOfRib, endOfRibMessage, passOn } from './attributes/helpers.ts';
export { parseCommunity, formatCommunity } from './attributes/communities.ts';
export { formatExtendedCommunity } from './attributes/extended-communities.ts';
export { packUpdates } from './attributes/pack.ts';
export { strongestAction } from './attributes/issues.ts';
export { attributeCodecs } from './attributes/registry.ts';
export { capabilityCodecs } from './capabilities/registry.ts';
export { nlriCodec, nlriCodecByName, nlriCodecs, nlriContext, labelCount } from './nlri/registry.ts';
export { nlriText, nlriKey, hasPrefix } from './nlri/text.ts';
export { rdText, rdBytes } from './nlri/route-distinguisher.ts';
export { routeTargetBytes } from './nlri/rt-constraint.ts';
export { BgpError, isBgpError } from './wire/errors.ts';
export { toJSON } from './json.ts';
export { encodeJSON, writeJSON } from './json.ts';
export { TextWriter } from './wire/text-writer.ts';
export { toHex, fromHex, bytesEqual } from './wire/hex.ts';
export { formatIPv4, formatIPv6, parseIPv4, parseIPv6, parsePrefix, canonicalPrefix } from './wire/ip.ts';
export {
  MessageType,
  AttrType,
  ErrorCode,
  HeaderErrorSubcode,
  OpenErrorSubcode,
  UpdateErrorSubcode,
  FsmErrorSubcode,
  CeaseSubcode,
  RouteRefreshErrorSubcode,
  CapabilityCode,
  OptionalParameterType,
  Afi,
  Safi,
  Role,
  WellKnownCommunity,
  RouteRefreshSubtype,
  MrtType,
  messageTypeName,
  attributeName,
  errorCodeName,
  errorSubcodeName,
  capabilityName,
  afiName,
  safiName,
  familyName,
  wellKnownCommunityName,
  roleName,
} from './iana.ts';

export type { BgpMessage, OpenMessage, OpenWire, KeepaliveMessage, NotificationMessage, NotificationDetails } from './messages/types.ts';
export type { RouteRefreshMessage, RouteRefreshOrf, OrfList, AddressPrefixOrfEntry } from './messages/types.ts';
export type { DecodeOptions } from './messages/options.ts';
export type { MessageHeader } from './messages/header.ts';
export type { ContextForOptions } from './messages/context-for.ts';
export type { OpenExpectations } from './messages/validate-open.ts';
export type { AsPathPeer, AsPathCheckOptions } from './messages/validate-update.ts';
export type { SessionContext, SessionContextOptions, SessionContextDefaults, PeerType, ExtendedNextHopFamily, LabelCountFamily } from './context/session-context.ts';
export type { Family } from './context/family.ts';
export type { Capability } from './capabilities/types.ts';
export type {
  UpdateMessage,
  UpdateWire,
  UpdateIssue,
  IssueAction,
  Prefix,
  PathAttribute,
  OriginAttribute,
  AsPathAttribute,
  As4PathAttribute,
  AsPathSegment,
  AsPathSegmentType,
  NextHopAttribute,
  MedAttribute,
  LocalPrefAttribute,
  AtomicAggregateAttribute,
  AggregatorAttribute,
  As4AggregatorAttribute,
  CommunitiesAttribute,
  OriginatorIdAttribute,
  ClusterListAttribute,
  MpReachAttribute,
  MpUnreachAttribute,
  ExtendedCommunity,
  ExtendedCommunitiesAttribute,
  Ipv6ExtendedCommunity,
  Ipv6ExtendedCommunitiesAttribute,
  AigpTlv,
  AigpAttribute,
  LargeCommunitiesAttribute,
  OtcAttribute,
  RawAttribute,
} from './attributes/types.ts';
export type { DecodedAttributes } from './attributes/decode.ts';
export type { RouteSet } from './attributes/pack.ts';
export type { Nlri, LabeledPrefix, VpnPrefix, RtcPrefix } from './nlri/types.ts';
export type { NlriCodec, NlriContext, NextHopForm } from './nlri/codec.ts';
