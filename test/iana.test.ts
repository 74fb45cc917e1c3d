import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  AttrType,
  CapabilityCode,
  CeaseSubcode,
  ErrorCode,
  FsmErrorSubcode,
  HeaderErrorSubcode,
  MessageType,
  MrtType,
  OpenErrorSubcode,
  Role,
  RouteRefreshErrorSubcode,
  Safi,
  UpdateErrorSubcode,
  WellKnownCommunity,
  attributeName,
  capabilityName,
  errorSubcodeName,
  familyName,
  wellKnownCommunityName,
} from '../src/iana.ts';
import { noShared, SKIP_SHARED, sharedPath } from './helpers/shared.ts';

/** Records of one IANA registry (by its id) as value → name, from the XML form. */
function registry(file: string, id: string): Map<number, string> {
  const xml = readFileSync(sharedPath('rfc', 'iana', file) as string, 'utf8');
  const start = xml.indexOf(`<registry id="${id}">`);
  if (start < 0) throw new Error(`no registry ${id} in ${file}`);
  // Up to the next registry at any depth (sub-registries are siblings or children).
  const next = xml.indexOf('<registry id=', start + 10);
  const body = xml.slice(start, next < 0 ? undefined : next);
  const out = new Map<number, string>();
  for (const m of body.matchAll(/<record[^>]*>([\s\S]*?)<\/record>/g)) {
    const rec = m[1] as string;
    const value = /<value>\s*([^<]+?)\s*<\/value>/.exec(rec)?.[1];
    const name = /<(?:name|code|attribute|description)>\s*([\s\S]*?)\s*<\/(?:name|code|attribute|description)>/.exec(rec)?.[1];
    if (value === undefined || name === undefined || value.includes('-')) continue;
    out.set(Number(value), name.replace(/\s+/g, ' '));
  }
  return out;
}

function assigned(reg: Map<number, string>, table: Readonly<Record<string, number>>): string[] {
  const bad: string[] = [];
  for (const [k, v] of Object.entries(table)) {
    const name = reg.get(v);
    if (name === undefined || /^(Unassigned|Reserved)$/i.test(name)) bad.push(`${k}=${v} (${name ?? 'absent'})`);
  }
  return bad;
}

describe.skipIf(noShared())('IANA code points match ../shared/rfc/iana', () => {
  it('message types (names identical)', () => {
    const reg = registry('bgp-parameters.xml', 'bgp-parameters-1');
    for (const [k, v] of Object.entries(MessageType)) expect(reg.get(v)).toBe(k);
  });

  it('path attributes (every code assigned; names agree where IANA uses the RFC name)', () => {
    const reg = registry('bgp-parameters.xml', 'bgp-parameters-2');
    expect(assigned(reg, AttrType)).toEqual([]);
    for (const k of ['ORIGIN', 'AS_PATH', 'NEXT_HOP', 'MULTI_EXIT_DISC', 'LOCAL_PREF', 'ATOMIC_AGGREGATE', 'AGGREGATOR', 'COMMUNITIES', 'ORIGINATOR_ID', 'CLUSTER_LIST', 'MP_REACH_NLRI', 'MP_UNREACH_NLRI', 'AS4_PATH', 'AS4_AGGREGATOR', 'LARGE_COMMUNITY', 'ATTR_SET', 'AIGP']) {
      expect(reg.get(AttrType[k as keyof typeof AttrType])).toBe(k);
    }
    expect(attributeName(254)).toBe('unknown-254');
  });

  it('error codes and subcodes', () => {
    expect(assigned(registry('bgp-parameters.xml', 'bgp-parameters-3'), ErrorCode)).toEqual([]);
    expect(assigned(registry('bgp-parameters.xml', 'bgp-parameters-5'), HeaderErrorSubcode)).toEqual([]);
    expect(assigned(registry('bgp-parameters.xml', 'bgp-parameters-6'), OpenErrorSubcode)).toEqual([]);
    expect(assigned(registry('bgp-parameters.xml', 'bgp-parameters-7'), UpdateErrorSubcode)).toEqual([]);
    expect(assigned(registry('bgp-parameters.xml', 'bgp-finite-state-machine-error-subcodes'), FsmErrorSubcode)).toEqual([]);
    expect(assigned(registry('bgp-parameters.xml', 'bgp-parameters-8'), CeaseSubcode)).toEqual([]);
    expect(assigned(registry('bgp-parameters.xml', 'route-refresh-error-subcodes'), RouteRefreshErrorSubcode)).toEqual([]);
    // RFC 9687 Send Hold Timer Expired is code 8; RFC 9234 Role Mismatch is OPEN subcode 11.
    expect(registry('bgp-parameters.xml', 'bgp-parameters-3').get(8)).toBe('Send Hold Timer Expired');
    expect(registry('bgp-parameters.xml', 'bgp-parameters-6').get(11)).toBe('Role Mismatch');
    expect(errorSubcodeName(6, 10)).toBe('BfdDown');
    expect(errorSubcodeName(6, 99)).toBe('unknown-99');
  });

  it('capability codes, SAFIs, roles, MRT types', () => {
    expect(assigned(registry('capability-codes.xml', 'capability-codes-2'), CapabilityCode)).toEqual([]);
    expect(assigned(registry('safi-namespace.xml', 'safi-namespace-2'), Safi)).toEqual([]);
    expect(assigned(registry('capability-codes.xml', 'bgp-role-value'), Role)).toEqual([]);
    expect(assigned(registry('mrt.xml', 'type-codes'), MrtType)).toEqual([]);
    expect(capabilityName(250)).toBe('unknown-250');
    expect(familyName(1, 1)).toBe('ipv4-unicast');
    expect(familyName(99, 99)).toBe('afi-99-safi-99');
  });

  it('well-known communities (names identical)', () => {
    const reg = registry('bgp-well-known-communities.xml', 'bgp-well-known-communities-1');
    const ours = Object.entries(WellKnownCommunity);
    expect(ours.length).toBeGreaterThan(10);
    // IANA's "Standby PE" is spelled STANDBY_PE here, so that every name is an identifier.
    for (const [k, v] of ours) expect(reg.get(v)?.replace(/ /g, '_').toUpperCase()).toBe(k.toUpperCase());
    expect(wellKnownCommunityName(0xffffff01)).toBe('NO_EXPORT');
  });
});

if (noShared()) console.warn(SKIP_SHARED);
