import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capabilityByteLength,
  capabilityCode,
  decodeCapabilityValue,
  readCapabilities,
  writeCapabilities,
  capabilitiesByteLength,
} from '../../src/capabilities/registry.ts';
import type { Capability } from '../../src/capabilities/types.ts';
import { BgpError } from '../../src/wire/errors.ts';
import { fromHex, toHex } from '../../src/wire/hex.ts';
import { Reader } from '../../src/wire/reader.ts';
import { Writer } from '../../src/wire/writer.ts';
import { arbCapability } from '../arbitraries/messages.ts';
import { noShared, runs, SKIP_SHARED, sharedPath } from '../helpers/shared.ts';
import { decodeCap, encodeCap } from './check.ts';

function encodeValue(c: Capability): Uint8Array {
  const w = Writer.alloc(capabilityByteLength(c));
  const list = [c];
  writeCapabilities(list, w);
  return w.bytes.subarray(2);
}

describe('capability registry (RFC 5492 section 4)', () => {
  it('keeps an unknown capability raw (RFC 5492 section 3: "it MUST ignore that capability")', () => {
    // code 200, length 3, value 01 02 03
    expect(decodeCap('c8 03 010203')).toEqual({ type: 'raw', code: 200, value: fromHex('010203') });
    expect(encodeCap({ type: 'raw', code: 200, value: fromHex('010203') })).toBe('c803010203');
  });
  it('keeps a known capability whose value re-encodes differently raw (UTF-8 BOM is dropped by the decoder)', () => {
    // software version: length 4, EF BB BF (BOM) 41 "A"
    const c = decodeCap('4b 05 04 efbbbf41');
    expect(c).toMatchObject({ type: 'raw', code: 75, malformed: 'value does not re-encode canonically' });
    expect(encodeCap(c)).toBe('4b0504efbbbf41');
  });
  it('reads several TLVs of one parameter and rejects an overrun with 2/0', () => {
    const bytes = fromHex('0104 00010001 0200 4104 0000fde8');
    expect(readCapabilities(new Reader(bytes, 0, bytes.length, 2, 0))).toEqual([
      { type: 'multiprotocol', afi: 1, safi: 1 },
      { type: 'route-refresh' },
      { type: 'as4', asn: 65000 },
    ]);
    const bad = fromHex('0200 4104 0000fd');
    try {
      readCapabilities(new Reader(bad, 0, bad.length, 2, 0, 'OPEN.parameters[0].capabilities'));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(BgpError);
      expect(e).toMatchObject({ code: 2, subcode: 0, path: 'OPEN.parameters[0].capabilities' });
    }
  });
  it('throws RangeError for a value longer than 255 bytes and TypeError for a wrong type', () => {
    expect(() => capabilityByteLength({ type: 'raw', code: 200, value: new Uint8Array(256) })).toThrow(RangeError);
    expect(() => capabilityCode({ type: 'nope' } as unknown as Capability)).toThrow(TypeError);
  });

  it('round-trips arbitrary capabilities (decode(encode(v)) equals v)', () => {
    fc.assert(
      fc.property(fc.array(arbCapability, { maxLength: 8 }), (caps) => {
        const w = Writer.alloc(capabilitiesByteLength(caps));
        writeCapabilities(caps, w);
        const r = new Reader(w.bytes, 0, w.bytes.length, 2, 0);
        expect(readCapabilities(r)).toEqual(caps);
      }),
      { numRuns: runs(1000, 20000) },
    );
  });
  it('re-encodes any value of any code byte for byte (typed or raw fallback)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 255 }), fc.uint8Array({ maxLength: 40 }), (code, value) => {
        const c = decodeCapabilityValue(code, value);
        expect(capabilityCode(c)).toBe(code);
        expect(toHex(encodeValue(c))).toBe(toHex(value));
      }),
      { numRuns: runs(3000, 100000) },
    );
  });
});

interface ScapyVector {
  source: string;
  hex: string;
  expect: { layer: string; direction: string; fields: Record<string, unknown> | null } | null;
}

/** Wraps a scapy fragment into a whole capability TLV. */
function asTlv(layer: string, hex: string): string | undefined {
  const len = (n: number): string => n.toString(16).padStart(2, '0');
  switch (layer) {
    case 'BGPCapability':
    case 'BGPCapMultiprotocol':
    case 'BGPCapORF':
    case 'BGPCapGracefulRestart':
    case 'BGPCapFourBytesASN':
      return hex;
    case 'BGPCapORFBlock':
      return `03${len(hex.length / 2)}${hex}`;
    case 'BGPCapORFBlock.ORFTuple':
      return `0307 0001 00 01 01 ${hex}`;
    case 'BGPCapGracefulRestart.GRTuple':
      return `4006 0000 ${hex}`;
    default:
      return undefined;
  }
}

/** The scapy field `key` of a decoded capability. */
function field(c: Capability, layer: string, key: string): unknown {
  const k = key.replace(/^c\./, '');
  const fam = (c as { families?: Record<string, unknown>[] }).families?.[0];
  const orf0 = (fam?.orfs as { orfType: number; mode: unknown }[] | undefined)?.[0];
  const modeNumber = (m: unknown): unknown => (m === 'receive' ? 1 : m === 'send' ? 2 : m === 'both' ? 3 : m);
  const famFlags = (f: Record<string, unknown>): number => (f.forwarding === true ? 0x80 : 0) | ((f.reservedFlags as number | undefined) ?? 0);
  const inFamily = layer === 'BGPCapORFBlock' || layer === 'BGPCapGracefulRestart.GRTuple';
  switch (k) {
    case 'code':
      return capabilityCode(c);
    case 'length':
      return capabilityByteLength(c) - 2;
    case 'afi':
    case 'safi':
      return inFamily ? fam?.[k] : (c as unknown as Record<string, unknown>)[k];
    case 'reserved':
      return (inFamily ? fam?.reserved : (c as { reserved?: number }).reserved) ?? 0;
    case 'orf_number':
      return (fam?.orfs as unknown[]).length;
    case 'orf_type':
      return orf0?.orfType;
    case 'send_receive':
      return modeNumber(orf0?.mode);
    case 'flags':
      return fam === undefined ? undefined : famFlags(fam);
    case 'restart_flags': {
      const g = c as { restarting: boolean; notification: boolean; reservedFlags?: number };
      return (g.restarting ? 8 : 0) | (g.notification ? 4 : 0) | (g.reservedFlags ?? 0);
    }
    case 'restart_time':
      return (c as { restartTime: number }).restartTime;
    case 'entries[0].afi':
    case 'entries[0].safi':
      return fam?.[k.slice(11)];
    case 'entries[0].flags':
      return fam === undefined ? undefined : famFlags(fam);
    case 'asn':
      return (c as { asn: number }).asn;
    default:
      throw new Error(`unmapped scapy field ${key}`);
  }
}

describe.skipIf(noShared())('scapy capability vectors (../shared/corpus/vectors/scapy-bgp-uts.json)', () => {
  it('decodes each capability vector to the fields scapy asserts and re-encodes it byte for byte', () => {
    const path = sharedPath('corpus', 'vectors', 'scapy-bgp-uts.json');
    if (path === undefined) return void console.warn(SKIP_SHARED);
    const vectors = JSON.parse(readFileSync(path, 'utf8')) as ScapyVector[];
    let checked = 0;
    let fields = 0;
    for (const v of vectors) {
      const layer = v.expect?.layer;
      if (layer === undefined) continue;
      const tlv = asTlv(layer, v.hex);
      if (tlv === undefined) continue;
      const c = decodeCap(tlv);
      expect(encodeCap(c), v.source).toBe(tlv.replace(/\s+/g, ''));
      for (const [key, want] of Object.entries(v.expect?.fields ?? {})) {
        if (typeof want === 'object' && want !== null) continue; // scapy expressions, not values
        expect(field(c, layer, key), `${v.source} ${key}`).toBe(want);
        fields++;
      }
      checked++;
    }
    // 2 BGPCapability + 4 multiprotocol + 5 ORF block + 4 ORF tuple + 5 ORF + 4 GR tuple + 7 GR + 5 AS4.
    expect(checked).toBe(36);
    expect(fields).toBe(61);
  });
});
