// bgpwire/bmp: the BGP Monitoring Protocol (RFC 7854, RFC 8671, RFC 9069, RFC 9736). Pure core.

export { decodeBmpMessage, encodeBmpMessage, encodeBmpMessageInto, bmpMessageByteLength, peekBmp, BMP_HEADER_LENGTH, BMP_VERSION, DEFAULT_MAX_BMP_LENGTH } from './message.ts';
export { BmpFramer, frameBmp } from './framer.ts';
export { BmpError, isBmpError } from './error.ts';
export { BmpPeers, bmpPdus } from './peers.ts';
export { bmpContext, bmpPeerKey, chooseBmpContext, peerUpOpens } from './context.ts';
export { bmpPeerFlags, formatBmpPeerFlags, peerHeader, PEER_HEADER_LENGTH } from './peer-header.ts';
export { formatDistinguisher } from './address.ts';
export { tlvTexts } from './tlv.ts';
export {
  BmpMessageType,
  BmpPeerType,
  BmpPeerFlag,
  BmpPeerDownReason,
  BmpInitiationTlv,
  BmpTerminationTlv,
  BmpPeerUpTlv,
  BmpMirroringTlv,
  bmpMessageTypeName,
  bmpPeerTypeName,
  bmpPeerDownReasonName,
  bmpTerminationReasonName,
  bmpStatShape,
  bmpStatName,
} from './iana.ts';

export type { BmpDecodeOptions } from './message.ts';
export type { BmpFramerOptions, FramedBmp } from './framer.ts';
export type { BmpPdu, BmpPduRole, BmpPeersOptions } from './peers.ts';
export type { BmpContextChoice, BmpContextInfo, BmpContextOption, BmpContextSource, BmpPeerOpens } from './context.ts';
export type { BmpPeerFlags } from './peer-header.ts';
export type { BmpStatShape } from './iana.ts';
export type {
  BmpMessage,
  BmpPeerMessage,
  BmpPeerHeader,
  BmpTlv,
  BmpStringTlv,
  BmpCodeTlv,
  BmpRawTlv,
  BmpStat,
  BmpCounterStat,
  BmpGaugeStat,
  BmpAfiSafiGaugeStat,
  BmpRawStat,
  BmpRouteMonitoring,
  BmpStatisticsReport,
  BmpPeerDown,
  BmpPeerUp,
  BmpInitiation,
  BmpTermination,
  BmpRouteMirroring,
  BmpUnknownMessage,
} from './types.ts';
