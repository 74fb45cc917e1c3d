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
