import { checkFits, checkUint } from '../wire/errors.ts';
import type { Reader } from '../wire/reader.ts';
import type { Writer } from '../wire/writer.ts';
import type { CapabilityCodec } from './codec.ts';
import type { OrfCapability } from './types.ts';

// RFC 5291 section 5, one entry per family, repeated:
//      +--------------------------------------------------+
//      | Address Family Identifier (2 octets)             |
//      | Reserved (1 octet)                               |
//      | Subsequent Address Family Identifier (1 octet)   |
//      | Number of ORFs (1 octet)                         |
//      | ORF Type (1 octet)  | Send/Receive (1 octet)     |  x Number of ORFs
//      +--------------------------------------------------+

type Mode = OrfCapability['families'][number]['orfs'][number]['mode'];

const MODES: readonly Mode[] = ['receive', 'send', 'both'];

function modeOf(octet: number): Mode {
  // RFC 5291 section 5: 1 receive, 2 send, 3 both; other values are kept as numbers.
  return octet >= 1 && octet <= 3 ? (MODES[octet - 1] as Mode) : octet;
}

function modeOctet(mode: Mode): number {
  if (typeof mode === 'number') return checkUint('orf.mode', mode, 0xff);
  const i = MODES.indexOf(mode);
  if (i < 0) throw new TypeError(`orf.mode: unknown mode ${String(mode)}`);
  return i + 1;
}

function make(code: 3 | 130): CapabilityCodec<OrfCapability> {
  return Object.freeze({
    code,
    byteLength(v: OrfCapability): number {
      let n = 0;
      for (const f of v.families) n += 5 + 2 * f.orfs.length;
      return n;
    },
    write(v: OrfCapability, w: Writer): void {
      for (const f of v.families) {
        w.u16(checkUint('orf.afi', f.afi, 0xffff));
        w.u8(checkUint('orf.reserved', f.reserved ?? 0, 0xff));
        w.u8(checkUint('orf.safi', f.safi, 0xff));
        checkFits('orf.orfs', f.orfs.length, 0xff);
        w.u8(f.orfs.length);
        for (const o of f.orfs) {
          w.u8(checkUint('orf.orfType', o.orfType, 0xff));
          w.u8(modeOctet(o.mode));
        }
      }
    },
    read(r: Reader): OrfCapability {
      const families: OrfCapability['families'][number][] = [];
      while (r.remaining > 0) {
        const afi = r.u16('orf.afi');
        const reserved = r.u8('orf.reserved');
        const safi = r.u8('orf.safi');
        const count = r.u8('orf.count');
        // Checked before allocating: each ORF takes two octets.
        r.need(2 * count, 'orf.orfs');
        const orfs: { orfType: number; mode: Mode }[] = [];
        for (let i = 0; i < count; i++) orfs.push({ orfType: r.u8('orf.type'), mode: modeOf(r.u8('orf.mode')) });
        families.push(reserved === 0 ? { afi, safi, orfs } : { afi, safi, reserved, orfs });
      }
      return code === 3 ? { type: 'orf', families } : { type: 'orf', code: 130, families };
    },
  });
}

/** Outbound Route Filtering capability (code 3, RFC 5291 section 5). */
export const orf: CapabilityCodec<OrfCapability> = make(3);

/** Cisco's pre-standard ORF capability (code 130, same encoding as code 3). */
export const orfCisco: CapabilityCodec<OrfCapability> = make(130);
