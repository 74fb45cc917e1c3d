import { describe, expect, it } from 'vitest';
import * as capture from '../src/capture/index.ts';
import * as decision from '../src/decision/index.ts';
import * as fsm from '../src/fsm/index.ts';
import * as core from '../src/index.ts';
import * as rib from '../src/rib/index.ts';
import { Writer } from '../src/wire/writer.ts';

// Issue 14: plain JavaScript at the boundary. Every exported function of `bgpwire`,
// `bgpwire/fsm`, `bgpwire/decision`, `bgpwire/rib` and `bgpwire/capture` is called with
// arguments of the wrong shape — null, undefined, wrong primitives, an ArrayBuffer, a plain
// array, objects missing required fields — and must throw a TypeError that names the function
// (and the parameter), never an engine message ("Cannot read properties of null"). The table
// has a row per export: a new export without one fails the test.

const ctx = core.sessionContext({ asn4: true });
const KA = core.encodeKeepalive();
const OPEN = { type: 'OPEN', version: 4, myAs: 65001, holdTime: 90, bgpId: '192.0.2.1', capabilities: [] } as const;
const UPDATE = { type: 'UPDATE', withdrawn: [], attributes: [], nlri: [] } as const;
const ROUTE = { peer: { type: 'external', asn: 65001, bgpId: '192.0.2.1', address: '192.0.2.1' }, local: { asn: 65000, bgpId: '10.255.0.1' }, attributes: [] };
const PEER = { asn: 65001, bgpId: '10.0.0.1', address: '192.0.2.1', type: 'external' } as const;
const LOCAL = { asn: 65000, bgpId: '10.255.0.1', clusterId: '10.255.0.1' };

const AB = new ArrayBuffer(8);
/** The wrong values per expected kind of argument. */
const BAD = {
  bytes: [null, undefined, 42, 'x', true, AB, [255, 255], {}],
  object: [null, undefined, 42, 'x', true, AB, [1, 2]],
  options: [null, 42, 'x', true, AB, [1, 2]],
  number: [null, undefined, 'x', true, AB, [1], {}],
  optNumber: [null, 'x', true, AB, [1], {}],
  string: [null, undefined, 42, true, AB, [1], {}],
  optString: [null, 42, true, AB, [1], {}],
  boolean: [null, undefined, 42, 'x', AB, [1], {}],
  array: [null, undefined, 42, 'x', true, AB, {}],
  context: [null, undefined, 42, 'x', true, AB, [1], {}, { asn4: true }],
  optContext: [null, 42, 'x', true, AB, [1], {}, { asn4: true }],
  function: [null, undefined, 42, 'x', true, AB, [1], {}],
  iterable: [null, undefined, 42, true, AB, {}],
  typed: [null, undefined, 42, 'x', true, AB, [1], {}, { type: 7 }],
} as const;
type Kind = keyof typeof BAD;

/** A row: the kind of the argument under test, a call putting `x` in its place, extra bad values. */
interface Row {
  readonly kind: Kind;
  readonly call: (x: never) => unknown;
  readonly also?: readonly unknown[];
}
/**
 * Arguments that take any value: type guards, the JSON mapping, and the routes of the decision
 * process and the events of the FSM, which never throw on odd data (an odd route is
 * ineligible, an unknown event changes nothing: test/decision/eligibility.test.ts and
 * test/fsm/properties.test.ts hold them to it). They must not throw at all.
 */
type Total = { readonly total: (x: never) => unknown };

const r = (kind: Kind, call: (x: never) => unknown, also?: readonly unknown[]): Row => (also === undefined ? { kind, call } : { kind, call, also });
const total = (f: (x: never) => unknown): Total => ({ total: f });
const drain = (it: Iterable<unknown> | AsyncIterable<unknown>): unknown => {
  if (Symbol.iterator in it) return [...(it as Iterable<unknown>)];
  return (it as AsyncIterable<unknown>)[Symbol.asyncIterator]().next();
};

const CORE: Record<string, Row | Total | readonly Row[]> = {
  AsPathCursor: r('bytes', (x) => new core.AsPathCursor().reset(x, 0, 0, 4)),
  AttributeCursor: r('bytes', (x) => new core.AttributeCursor().reset(x, 0, 0)),
  BgpError: r('number', (x) => new core.BgpError(x, 0, 'm')),
  MessageFramer: [r('optContext', (x) => new core.MessageFramer(x)), r('bytes', (x) => new core.MessageFramer().push(x))],
  PrefixCursor: r('bytes', (x) => new core.PrefixCursor().reset(x, 0, 0, 1, 1, false)),
  UpdateView: r('bytes', (x) => new core.UpdateView().reset(x, ctx)),
  afiName: r('number', (x) => core.afiName(x)),
  hasPrefix: total((x) => core.hasPrefix(x)),
  labelCount: [r('context', (x) => core.labelCount(x, 1, 4))],
  nlriCodec: [r('number', (x) => core.nlriCodec(x, 1)), r('number', (x) => core.nlriCodec(1, x))],
  nlriCodecByName: r('string', (x) => core.nlriCodecByName(x)),
  nlriContext: [r('context', (x) => core.nlriContext(x, 1, 4, false)), r('boolean', (x) => core.nlriContext(ctx, 1, 4, x))],
  nlriKey: r('object', (x) => core.nlriKey(1, 128, x)),
  nlriText: r('object', (x) => core.nlriText(1, 128, x)),
  rdBytes: r('string', (x) => core.rdBytes(x)),
  rdText: [r('bytes', (x) => core.rdText(x, 0)), r('number', (x) => core.rdText(new Uint8Array(8), x))],
  routeTargetBytes: r('string', (x) => core.routeTargetBytes(x)),
  asPathLength: r('array', (x) => core.asPathLength(x)),
  attributeName: r('number', (x) => core.attributeName(x)),
  attributesLength: [r('array', (x) => core.attributesLength(x, ctx)), r('context', (x) => core.attributesLength([], x))],
  bytesEqual: r('bytes', (x) => core.bytesEqual(x, KA)),
  canonicalPrefix: r('string', (x) => core.canonicalPrefix(x)),
  capabilityName: r('number', (x) => core.capabilityName(x)),
  communityName: r('string', (x) => core.communityName(x)),
  contextFor: [r('typed', (x) => core.contextFor(x, OPEN), [{ type: 'OPEN' }]), r('typed', (x) => core.contextFor(OPEN, x), [{ type: 'OPEN' }])],
  decodeAttributes: [r('bytes', (x) => core.decodeAttributes(x, ctx)), r('context', (x) => core.decodeAttributes(new Uint8Array(0), x))],
  decodeHeader: r('bytes', (x) => core.decodeHeader(x, 0)),
  decodeKeepalive: r('bytes', (x) => core.decodeKeepalive(x)),
  decodeMessage: [r('bytes', (x) => core.decodeMessage(x, ctx)), r('optContext', (x) => core.decodeMessage(KA, x)), r('options', (x) => core.decodeMessage(KA, ctx, x))],
  decodeNotification: r('bytes', (x) => core.decodeNotification(x)),
  decodeOpen: r('bytes', (x) => core.decodeOpen(x)),
  decodeRouteRefresh: r('bytes', (x) => core.decodeRouteRefresh(x)),
  describeNotification: r('number', (x) => core.describeNotification(x, 0)),
  encodeKeepalive: total(() => core.encodeKeepalive()),
  encodeMessage: [r('typed', (x) => core.encodeMessage(x, ctx), [{ type: 'UPDATE' }, { type: 'OPEN' }, { type: 'NOTIFICATION' }, { type: 'ROUTE-REFRESH' }, { ...UPDATE, nlri: ['10.0.0.0/8'] }, { ...UPDATE, withdrawn: [null] }, { ...UPDATE, attributes: [7] }]), r('optContext', (x) => core.encodeMessage(UPDATE, x))],
  encodeMessagePooled: [r('typed', (x) => core.encodeMessagePooled(x, ctx), [{ type: 'UPDATE' }, { type: 'OPEN' }, { ...UPDATE, nlri: ['10.0.0.0/8'] }]), r('optContext', (x) => core.encodeMessagePooled(UPDATE, x))],
  encodeJSON: total((x) => core.encodeJSON(x)),
  writeJSON: r('object', (x) => core.writeJSON(x, {})),
  TextWriter: [r('optNumber', (x) => new core.TextWriter(x)), r('string', (x) => new core.TextWriter().text(x)), r('bytes', (x) => new core.TextWriter().hex(x))],
  encodeMessageInto: [r('typed', (x) => core.encodeMessageInto(x, new Uint8Array(64), 0, ctx)), r('bytes', (x) => core.encodeMessageInto({ type: 'KEEPALIVE' }, x, 0))],
  encodeNotification: r('object', (x) => core.encodeNotification(x)),
  encodeOpen: r('typed', (x) => core.encodeOpen(x), [{ type: 'OPEN' }]),
  encodeRouteRefresh: r('object', (x) => core.encodeRouteRefresh(x)),
  endOfRib: r('typed', (x) => core.endOfRib(x)),
  endOfRibMessage: r('optNumber', (x) => core.endOfRibMessage(x, 1)),
  errorCodeName: r('number', (x) => core.errorCodeName(x)),
  errorSubcodeName: r('number', (x) => core.errorSubcodeName(x, 0)),
  familyName: r('number', (x) => core.familyName(x, 1)),
  findAttribute: r('array', (x) => core.findAttribute(x, 'ORIGIN')),
  formatCommunity: r('number', (x) => core.formatCommunity(x)),
  formatExtendedCommunity: r('object', (x) => core.formatExtendedCommunity(x)),
  formatFamily: r('object', (x) => core.formatFamily(x)),
  formatIPv4: r('bytes', (x) => core.formatIPv4(x)),
  formatIPv6: r('bytes', (x) => core.formatIPv6(x)),
  frameMessages: [r('bytes', (x) => core.frameMessages(x, () => {})), r('function', (x) => core.frameMessages(KA, x))],
  fromHex: r('string', (x) => core.fromHex(x)),
  hardReset: r('object', (x) => core.hardReset(x)),
  hasAddPath: r('context', (x) => core.hasAddPath(x, 1, 1)),
  hasFamily: r('array', (x) => core.hasFamily(x, 1, 1)),
  isBgpError: total((x) => core.isBgpError(x)),
  localAsOf: r('typed', (x) => core.localAsOf(x)),
  maxMessageLength: r('optContext', (x) => core.maxMessageLength(x)),
  messageByteLength: r('typed', (x) => core.messageByteLength(x, ctx)),
  messageTypeName: r('number', (x) => core.messageTypeName(x)),
  notification: r('number', (x) => core.notification(x, 0)),
  notificationDetails: r('number', (x) => core.notificationDetails(x, 0, new Uint8Array(0))),
  notificationFor: r('object', (x) => core.notificationFor(x)),
  packUpdates: [r('object', (x) => core.packUpdates(x, ctx)), r('context', (x) => core.packUpdates({ prefixes: [], attributes: [] } as never, x))],
  parseCommunity: r('string', (x) => core.parseCommunity(x)),
  parseIPv4: r('string', (x) => core.parseIPv4(x)),
  parseIPv6: r('string', (x) => core.parseIPv6(x)),
  parsePrefix: r('string', (x) => core.parsePrefix(x)),
  passOn: r('array', (x) => core.passOn(x)),
  peekMessage: r('bytes', (x) => core.peekMessage(x)),
  prepareFor2Octet: r('array', (x) => core.prepareFor2Octet(x)),
  reconstructAsPath: [r('array', (x) => core.reconstructAsPath(x, ctx)), r('object', (x) => core.reconstructAsPath([], x), [{}])],
  resolveAsPathCheckOptions: r('options', (x) => core.resolveAsPathCheckOptions(x)),
  roleName: r('number', (x) => core.roleName(x)),
  safiName: r('number', (x) => core.safiName(x)),
  sessionContext: r('object', (x) => core.sessionContext(x), [{}]),
  shutdownNotification: r('string', (x) => core.shutdownNotification(x)),
  strongestAction: r('array', (x) => core.strongestAction(x)),
  toHex: r('bytes', (x) => core.toHex(x)),
  toJSON: total((x) => core.toJSON(x)),
  validateAsPath: r('typed', (x) => core.validateAsPath(x, { asn: 65001, type: 'external' } as never, {})),
  validateOpen: r('typed', (x) => core.validateOpen(x, {})),
  viewUpdate: [r('bytes', (x) => core.viewUpdate(x, ctx)), r('context', (x) => core.viewUpdate(KA, x))],
  viewUpdateInto: r('bytes', (x) => core.viewUpdateInto(new core.UpdateView(), x, ctx)),
  wellKnownCommunityName: r('number', (x) => core.wellKnownCommunityName(x)),
  writeAttributes: r('array', (x) => core.writeAttributes(x, new Uint8Array(64) as never, ctx)),
};

const FSM: Record<string, Row | Total | readonly Row[]> = {
  detectCollision: r('object', (x) => fsm.detectCollision(x)),
  eventForError: r('object', (x) => fsm.eventForError(x)),
  eventForMessage: r('typed', (x) => fsm.eventForMessage(x)),
  eventNumber: r('typed', (x) => fsm.eventNumber(x)),
  initialState: r('object', (x) => fsm.initialState(x)),
  localOpen: r('object', (x) => fsm.localOpen(x)),
  resolveFsmConfig: r('object', (x) => fsm.resolveFsmConfig(x)),
  transition: [r('object', (x) => fsm.transition(x, { type: 'ManualStart' } as never)), total((x) => fsm.transition(fsm.initialState({ localAs: 65001, bgpId: '192.0.2.1' } as never), x)) as never],
};

const DECISION: Record<string, Row | Total | readonly Row[]> = {
  asPathLength: total((x) => decision.asPathLength(x)),
  compareRoutes: [total((x) => decision.compareRoutes(x, ROUTE as never)) as never, r('options', (x) => decision.compareRoutes(ROUTE as never, ROUTE as never, x))],
  hasAsLoop: total((x) => decision.hasAsLoop(x)),
  ineligibleReason: [total((x) => decision.ineligibleReason(x, decision.resolveDecisionOptions())) as never, r('object', (x) => decision.ineligibleReason(ROUTE as never, x))],
  neighbourAs: total((x) => decision.neighbourAs(x)),
  nextHopOf: total((x) => decision.nextHopOf(x)),
  rankRoutes: [total((x) => decision.rankRoutes(x)) as never, r('options', (x) => decision.rankRoutes([], x))],
  resolveAnyNextHop: r('optString', (x) => decision.resolveAnyNextHop(x)),
  resolveDecisionOptions: r('options', (x) => decision.resolveDecisionOptions(x)),
  selectBest: [total((x) => decision.selectBest(x)) as never, r('options', (x) => decision.selectBest([], x))],
};

const RIB: Record<string, Row | Total | readonly Row[]> = {
  AdjRibOut: r('object', (x) => new rib.AdjRibOut(x, LOCAL as never)),
  AttrSetTable: r('array', (x) => new rib.AttrSetTable().intern(x)),
  Rib: r('object', (x) => new rib.Rib(x), [{}]),
  exportAttributes: r('object', (x) => rib.exportAttributes(x, PEER as never, LOCAL as never)),
  familyAfiSafi: r('string', (x) => rib.familyAfiSafi(x)),
  ribFamily: r('number', (x) => rib.ribFamily(x, 1)),
};

const CAPTURE: Record<string, Row | Total | readonly Row[]> = {
  BgpFramer: [r('boolean', (x) => new capture.BgpFramer(x, { resyncChain: 2, maxLength: 4096, maxBuffer: 1024 })), r('bytes', (x) => new capture.BgpFramer(true, { resyncChain: 2, maxLength: 4096, maxBuffer: 1024 }).push(x, 1, 0n))],
  Bzip2Decoder: r('bytes', (x) => new capture.Bzip2Decoder().push(x)),
  Bzip2Encoder: r('bytes', (x) => new capture.Bzip2Encoder().push(x)),
  CaptureError: r('string', (x) => new capture.CaptureError(x, 'm', 0)),
  CaptureReader: [r('options', (x) => new capture.CaptureReader(x)), r('bytes', (x) => new capture.CaptureReader().push(x))],
  Ipv4Defragmenter: r('bytes', (x) => new capture.Ipv4Defragmenter().add(x, 1, 0n, [])),
  MrtOpenTracker: r('typed', (x) => new capture.MrtOpenTracker().apply(x)),
  MrtReader: [r('options', (x) => new capture.MrtReader(x)), r('bytes', (x) => new capture.MrtReader().push(x))],
  RecordReader: [r('options', (x) => new capture.RecordReader(x)), r('bytes', (x) => new capture.RecordReader().push(x))],
  TcpStream: [r('object', (x) => new capture.TcpStream(x)), r('bytes', (x) => new capture.TcpStream({ maxPending: 1024, history: 1024 }).segment(1, false, x, 4))],
  applyContextOption: r('object', (x) => capture.applyContextOption(undefined, x, { context: undefined, source: undefined })),
  bgp4mpContext: r('bytes', (x) => capture.bgp4mpContext(true, false, 1, 2, x)),
  bzip2Chunks: r('iterable', (x) => drain(capture.bzip2Chunks(x))),
  candidateContext: r('object', (x) => capture.candidateContext(x, 'external')),
  captureReader: r('options', (x) => capture.captureReader(x)),
  compressBzip2: r('bytes', (x) => capture.compressBzip2(x)),
  compressBzip2Chunks: r('iterable', (x) => drain(capture.compressBzip2Chunks(x))),
  checkNotMrtLookalike: r('bytes', (x) => capture.checkNotMrtLookalike(x)),
  currentGuess: r('object', (x) => capture.currentGuess(x)),
  decodeIp: r('bytes', (x) => capture.decodeIp(4, x)),
  decodeLink: r('bytes', (x) => capture.decodeLink(1, x)),
  decodeRibAttributes: r('bytes', (x) => capture.decodeRibAttributes(x, 1, 1)),
  decompressBzip2: r('bytes', (x) => capture.decompressBzip2(x)),
  deriveContext: r('object', (x) => capture.deriveContext(x, undefined, undefined, 'mirror')),
  expandRibMpReach: r('bytes', (x) => capture.expandRibMpReach(x, 1, 1)),
  isBzip2: r('bytes', (x) => capture.isBzip2(x)),
  isCaptureError: total((x) => capture.isCaptureError(x)),
  isExtendedTimestamp: r('number', (x) => capture.isExtendedTimestamp(x)),
  isIPv4Fragment: r('bytes', (x) => capture.isIPv4Fragment(x)),
  isIpSkip: total((x) => capture.isIpSkip(x)),
  isLinkSkip: total((x) => capture.isLinkSkip(x)),
  isPcap: r('bytes', (x) => capture.isPcap(x)),
  isPcapng: r('bytes', (x) => capture.isPcapng(x)),
  mrtRecordName: r('number', (x) => capture.mrtRecordName(x, 0)),
  narrowGuess: r('object', (x) => capture.narrowGuess(x, KA, () => 'value' as never)),
  nlriFits: r('bytes', (x) => capture.nlriFits(x, [], false)),
  openAddPath: r('bytes', (x) => capture.openAddPath(x)),
  pcapngState: total(() => capture.pcapngState()),
  pcapngTimestamp: r('boolean', (x) => capture.pcapngTimestamp(x, undefined)),
  readCapture: [r('bytes', (x) => capture.readCapture(x)), r('options', (x) => capture.readCapture(new Uint8Array(0), x))],
  readCaptureStream: r('iterable', (x) => drain(capture.readCaptureStream(x))),
  readMrt: r('bytes', (x) => drain(capture.readMrt(x))),
  readMrtStream: r('iterable', (x) => drain(capture.readMrtStream(x))),
  readPcapHeader: r('bytes', (x) => capture.readPcapHeader(x)),
  readPcapRecord: r('bytes', (x) => capture.readPcapRecord(x, 0, { format: 'pcap', littleEndian: true, nanosecond: false, versionMajor: 2, versionMinor: 4, snaplen: 65535, linkType: 1 }, 1, 1024)),
  readPcapngBlock: r('bytes', (x) => capture.readPcapngBlock(x, 0, capture.pcapngState(), 1, 1024)),
  resolveCaptureOptions: r('options', (x) => capture.resolveCaptureOptions(x)),
  resolveMrtReaderOptions: r('options', (x) => capture.resolveMrtReaderOptions(x)),
  resolveRecordReaderOptions: r('options', (x) => capture.resolveRecordReaderOptions(x)),
  ribMpReachForm: r('bytes', (x) => capture.ribMpReachForm(x)),
  seqAdd: r('number', (x) => capture.seqAdd(x, 1)),
  seqDiff: r('number', (x) => capture.seqDiff(x, 1)),
  startGuess: total(() => capture.startGuess()),
  updateFamilies: r('bytes', (x) => capture.updateFamilies(x)),
  // The writers (issue 18).
  Bgp4mpRecorder: [r('object', (x) => new capture.Bgp4mpRecorder(x)), r('bytes', (x) => new capture.Bgp4mpRecorder({ peerAs: 1, localAs: 2, peerAddress: '192.0.2.1', localAddress: '192.0.2.2' }).received(x, 0n))],
  MrtWriter: [r('options', (x) => new capture.MrtWriter(x)), r('typed', (x) => new capture.MrtWriter().write(x))],
  PcapWriter: [r('options', (x) => new capture.PcapWriter(x)), r('object', (x) => new capture.PcapWriter().write(x), [{ timestamp: 1, data: KA }, { data: [1] }])],
  PcapngWriter: [r('options', (x) => new capture.PcapngWriter(x)), r('object', (x) => new capture.PcapngWriter().write(x), [{ timestamp: 1, data: KA }])],
  TcpSession: [r('options', (x) => new capture.TcpSession(x)), r('boolean', (x) => new capture.TcpSession().send(x, KA, 0n))],
  encodeMrtRecord: r('typed', (x) => capture.encodeMrtRecord(x)),
  planMrtRecord: r('typed', (x) => capture.planMrtRecord(x)),
  resolveMrtWriterOptions: r('options', (x) => capture.resolveMrtWriterOptions(x)),
  resolvePcapWriterOptions: r('options', (x) => capture.resolvePcapWriterOptions(x)),
  resolvePcapngWriterOptions: r('options', (x) => capture.resolvePcapngWriterOptions(x)),
  resolveTcpSessionOptions: r('options', (x) => capture.resolveTcpSessionOptions(x)),
  ribDumpRecords: r('object', (x) => drain(capture.ribDumpRecords(x, { timestamp: 0 }))),
  writeMrt: r('iterable', (x) => drain(capture.writeMrt(x))),
  writeMrtPlan: r('object', (x) => capture.writeMrtPlan(x, new Writer(new Uint8Array(16)))),
  writeMrtStream: r('iterable', (x) => drain(capture.writeMrtStream(x))),
  writeRibDump: r('object', (x) => drain(capture.writeRibDump(x, { timestamp: 0 }))),
  writeTcpCapture: r('iterable', (x) => drain(capture.writeTcpCapture(x))),
  writerLinkType: r('string', (x) => capture.writerLinkType(x)),
};

const ENTRIES: readonly [string, Record<string, unknown>, Record<string, Row | Total | readonly Row[]>][] = [
  ['bgpwire', core, CORE],
  ['bgpwire/fsm', fsm, FSM],
  ['bgpwire/decision', decision, DECISION],
  ['bgpwire/rib', rib, RIB],
  ['bgpwire/capture', capture, CAPTURE],
];

/** Engine wording that must never reach a caller. */
const ENGINE = /Cannot read|Cannot destructure|is not a function|is not iterable|is not a constructor|undefined is not|null is not|Cannot convert|Invalid typed array length|Cannot mix BigInt/;

async function thrownBy(f: () => unknown): Promise<unknown> {
  try {
    const out = f();
    if (out instanceof Promise) await out;
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('every exported function refuses arguments of the wrong shape with a TypeError naming it', () => {
  for (const [entry, mod, table] of ENTRIES) {
    it(`${entry}: a row per exported function, and no row without an export`, () => {
      const fns = Object.entries(mod).filter(([, v]) => typeof v === 'function').map(([k]) => k).sort();
      expect(fns).toEqual(Object.keys(table).sort());
    });

    it(`${entry}: null, undefined, wrong primitives, an ArrayBuffer, a plain array, objects missing fields`, async () => {
      let calls = 0;
      const failures: string[] = [];
      for (const [name, spec] of Object.entries(table)) {
        if ('total' in spec) {
          for (const x of [null, undefined, 42, 'x', true, AB, [1], {}]) {
            const e = await thrownBy(() => spec.total(x as never));
            calls++;
            if (e !== undefined) failures.push(`${name}(${String(x)}) threw ${String(e)}`);
          }
          continue;
        }
        const rows = Array.isArray(spec) ? (spec as readonly (Row | Total)[]) : [spec as Row];
        for (const row of rows) {
          if ('total' in row) {
            for (const x of [null, undefined, 42, 'x', true, AB, [1], {}]) {
              const e = await thrownBy(() => row.total(x as never));
              calls++;
              if (e !== undefined) failures.push(`${name}(${String(x)}) threw ${String(e)}`);
            }
            continue;
          }
          for (const x of [...BAD[row.kind], ...(row.also ?? [])]) {
            calls++;
            const e = await thrownBy(() => row.call(x as never));
            const shown = x instanceof ArrayBuffer ? 'ArrayBuffer' : JSON.stringify(x);
            if (!(e instanceof TypeError)) failures.push(`${name}: ${shown} gave ${e === undefined ? 'no error' : String(e)}`);
            else if (!e.message.includes(name) || ENGINE.test(e.message)) failures.push(`${name}: ${shown}: "${e.message}"`);
          }
        }
      }
      expect(failures).toEqual([]);
      expect(calls).toBeGreaterThan(Object.keys(table).length * 5);
    });
  }

  it('a number[] is not silently decoded, and an ArrayBuffer is not misread', () => {
    const asArray = Array.from(KA);
    expect(() => core.decodeMessage(asArray as never)).toThrow(/decodeMessage: bytes must be a Uint8Array, got an array/);
    expect(() => capture.readCapture(new ArrayBuffer(24) as never)).toThrow(/readCapture: bytes must be a Uint8Array, got an ArrayBuffer/);
    expect(() => core.encodeMessage({ type: 'UPDATE' } as never, { asn4: true } as never)).toThrow(/encodeMessage needs a SessionContext as ctx \(addPath missing/);
    expect(() => core.encodeMessage({ ...UPDATE, nlri: ['10.0.0.0/8'] } as never, ctx)).toThrow(/encodeMessage: message.nlri\[0\] must be/);
    // A Buffer is a Uint8Array: accepted.
    expect(core.decodeMessage(Buffer.from(KA))).toEqual({ type: 'KEEPALIVE' });
  });
});
