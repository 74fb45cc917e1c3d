// The `bgpwire/bmp` entry (src/bmp/index.ts) and the station's exports from `bgpwire/node`.
import { describe, expect, it } from 'vitest';
import * as bmp from '../../src/bmp/index.ts';
import * as node from '../../src/node/index.ts';

describe('bgpwire/bmp exports', () => {
  it('the codec, framer, contexts, names and errors; the station from bgpwire/node', () => {
    for (const name of ['decodeBmpMessage', 'encodeBmpMessage', 'encodeBmpMessageInto', 'bmpMessageByteLength', 'peekBmp', 'BmpFramer', 'frameBmp', 'BmpError', 'isBmpError', 'BmpPeers', 'bmpPdus', 'bmpContext', 'chooseBmpContext', 'bmpPeerKey', 'bmpPeerFlags', 'formatBmpPeerFlags', 'formatDistinguisher', 'tlvTexts', 'bmpMessageTypeName', 'bmpStatShape', 'bmpStatName']) {
      expect(typeof (bmp as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(bmp.BmpMessageType.RouteMirroring).toBe(6);
    expect(bmp.BmpPeerType.LocRib).toBe(3);
    expect(bmp.BmpPeerFlag.O).toBe(0x10);
    expect(bmp.bmpMessageTypeName(200)).toBe('unknown-200');
    expect(bmp.bmpStatShape(9)).toBe('afi-safi-gauge');
    expect(bmp.bmpStatShape(65531)).toBeUndefined();
    expect(bmp.isBmpError(new bmp.BmpError('x', 3))).toBe(true);
    expect(typeof node.BmpStation).toBe('function');
    expect(typeof node.BmpRouter).toBe('function');
    expect(node.resolveBmpStationOptions().maxRoutes).toBe(1_000_000);
  });
});

describe('bgpwire/bmp arguments (as issue 14 asks of every entry point)', () => {
  it('a wrong shape is a TypeError naming the function, never an engine message', () => {
    const calls: [string, () => unknown][] = [
      ['decodeBmpMessage', () => bmp.decodeBmpMessage(null as never)],
      ['decodeBmpMessage', () => bmp.decodeBmpMessage(new Uint8Array(6), 42 as never)],
      ['peekBmp', () => bmp.peekBmp(new ArrayBuffer(8) as never)],
      ['encodeBmpMessage', () => bmp.encodeBmpMessage(null as never)],
      ['encodeBmpMessageInto', () => bmp.encodeBmpMessageInto({ type: 'initiation', information: [] }, [1, 2] as never)],
      ['BmpFramer', () => new bmp.BmpFramer(42 as never)],
      ['BmpFramer.push', () => new bmp.BmpFramer().push(null as never)],
      ['frameBmp', () => bmp.frameBmp('x' as never)],
      ['BmpPeers', () => new bmp.BmpPeers(null as never)],
      ['BmpPeers.read', () => new bmp.BmpPeers().read(undefined as never)],
      ['bmpPdus', () => bmp.bmpPdus(null as never)],
      ['bmpContext', () => bmp.bmpContext(null as never, null as never, null as never)],
      ['bmpPeerKey', () => bmp.bmpPeerKey({} as never)],
      ['peerUpOpens', () => bmp.peerUpOpens(null as never)],
      ['chooseBmpContext', () => bmp.chooseBmpContext(null as never, undefined, undefined)],
      ['bmpPeerFlags', () => bmp.bmpPeerFlags(null as never)],
      ['formatDistinguisher', () => bmp.formatDistinguisher(null as never)],
      ['tlvTexts', () => bmp.tlvTexts(null as never, 0)],
    ];
    for (const [name, call] of calls) expect(call, name).toThrow(new RegExp(`^${name.replace('.', '\\.')}: `));
    for (const [name, call] of calls) expect(call, name).toThrow(TypeError);
  });
});
