/** The facts (facts.ts) of a message as tshark 4.0 decodes it, from its `-T json` object. */
import { add, facts, type Facts, isComparedFamily, isLabeledFamily, labeledFact } from './facts.ts';
import { all, isObject, type JsonValue, one, str } from './tshark-json.ts';

const P = 'bgp.update.path_attribute.';

/** The prefixes of a tshark prefix container (`bgp.update.nlri`, `...mp_reach_nlri` ...). */
function tsharkPrefixes(container: JsonValue | undefined, family: string): string[] {
  const out: string[] = [];
  if (!isObject(container)) return out;
  for (const key of Object.keys(container)) {
    for (const entry of all(container, key)) {
      if (!isObject(entry)) continue;
      const len = str(entry, 'bgp.prefix_length');
      const addrKey = Object.keys(entry).find((k) => k.endsWith('_prefix') && k !== 'bgp.prefix_length');
      const addr = addrKey === undefined ? undefined : str(entry, addrKey);
      if (len === undefined || addr === undefined) continue;
      const id = str(entry, 'bgp.nlri_path_id');
      // The key is tshark's text for the prefix ("10.0.0.0/24", "10.0.0.1/32 PathId 2 "):
      // a key that disagrees with the fields is kept visible so that it cannot compare equal.
      const text = `${addr}/${len}${id === undefined ? '' : ` PathId ${id} `}`;
      out.push(`${family}${addr}/${len}${id === undefined ? '' : `#${id}`}${key === text ? '' : ` (key ${JSON.stringify(key)})`}`);
    }
  }
  return out;
}

/** The labeled NLRI of a tshark container (labeled unicast, VPN-IPv4), as facts.ts labeledFact. */
function tsharkLabeled(container: JsonValue | undefined, family: string): string[] {
  const out: string[] = [];
  if (!isObject(container)) return out;
  for (const key of Object.keys(container)) {
    for (const entry of all(container, key)) {
      if (!isObject(entry)) continue;
      const bits = str(entry, 'bgp.prefix_length');
      const stack = str(entry, 'bgp.label_stack');
      const addrKey = Object.keys(entry).find((k) => k.endsWith('_prefix') && k !== 'bgp.prefix_length');
      const addr = addrKey === undefined ? undefined : str(entry, addrKey);
      out.push(labeledFact(family, addr ?? '?', Number(bits), stack ?? '?', str(entry, 'bgp.rd')));
    }
  }
  return out;
}

function nextHops(f: Facts, attr: JsonValue): void {
  const tree = one(attr, `${P}mp_reach_nlri.next_hop_tree`);
  if (!isObject(tree)) return;
  for (const k of Object.keys(tree)) {
    if (/next_hop\.ipv[46](\.link_local)?$/.test(k)) for (const v of all(tree, k)) add(f, 'mp_next_hop', String(v));
  }
}

function tsharkSegments(attr: JsonValue): string {
  return all(attr, `${P}as_path_segment`)
    .map((seg) => {
      const asns = [...all(seg, `${P}as_path_segment.as2`), ...all(seg, `${P}as_path_segment.as4`)];
      return `${str(seg, `${P}as_path_segment.type`) ?? '?'}:[${asns.join(' ')}]`;
    })
    .join(' ');
}

function wellKnown(hex: string): string {
  const v = Number.parseInt(hex, 16) >>> 0;
  return `${v >>> 16}:${v & 0xffff}`;
}

/** `type:subtype:global:local` for route targets and origins (2-octet AS, IPv4, 4-octet AS), else `type:subtype:other`. */
function tsharkExtCommunity(c: JsonValue): string {
  const type = Number.parseInt(str(c, 'bgp.ext_com.type') ?? 'x', 16);
  const stypeKey = isObject(c) ? Object.keys(c).find((k) => k.startsWith('bgp.ext_com.stype')) : undefined;
  const subtype = stypeKey === undefined ? Number.NaN : Number.parseInt(str(c, stypeKey) ?? 'x', 16);
  const global = str(c, 'bgp.ext_com.value_as2') ?? str(c, 'bgp.ext_com.value_IP4') ?? str(c, 'bgp.ext_com.value_as4');
  const local = str(c, 'bgp.ext_com.value_an4') ?? str(c, 'bgp.ext_com.value_an2');
  // Only route targets and route origins (RFC 4360, RFC 5668) are typed on both sides.
  const typed = (subtype === 2 || subtype === 3) && (type & 0xbf) <= 2;
  return !typed || global === undefined || local === undefined ? `${type}:${subtype}:other` : `${type}:${subtype}:${global}:${local}`;
}

function tsharkAttribute(f: Facts, attr: JsonValue): void {
  const code = Number(str(attr, `${P}type_code`));
  add(f, 'attribute', String(code));
  switch (code) {
    case 2:
    case 17:
      add(f, code === 2 ? 'as_path' : 'as4_path', tsharkSegments(attr));
      break;
    case 3: {
      const nh = str(attr, `${P}next_hop`);
      if (nh !== undefined) add(f, 'next_hop', nh);
      break;
    }
    case 1:
      add(f, 'origin', str(attr, `${P}origin`) ?? '?');
      break;
    case 4:
      add(f, 'med', str(attr, `${P}multi_exit_disc`) ?? '?');
      break;
    case 16:
      for (const c of all(one(attr, 'bgp.ext_communities'), 'bgp.ext_community')) add(f, 'ext_community', tsharkExtCommunity(c));
      break;
    case 5:
      add(f, 'local_pref', str(attr, `${P}local_pref`) ?? '?');
      break;
    case 8: {
      const list = one(attr, `${P}communities`);
      for (const c of all(list, `${P}community`)) add(f, 'community', `${str(c, `${P}community_as`)}:${str(c, `${P}community_value`)}`);
      for (const w of all(list, `${P}community_wellknown`)) if (typeof w === 'string') add(f, 'community', wellKnown(w));
      break;
    }
    case 32:
      for (const t of all(attr, 'bgp.large_communities_tree')) {
        add(f, 'large_community', `${str(t, 'bgp.large_communities.ga')}:${str(t, 'bgp.large_communities.ldp1')}:${str(t, 'bgp.large_communities.ldp2')}`);
      }
      break;
    case 14:
    case 15: {
      const name = code === 14 ? 'mp_reach_nlri' : 'mp_unreach_nlri';
      const afi = Number(str(attr, `${P}${name}.afi`));
      const safi = Number(str(attr, `${P}${name}.safi`));
      const container = one(attr, `${P}${name}`);
      if (isLabeledFamily(afi, safi)) {
        if (code === 14) nextHops(f, attr);
        for (const p of tsharkLabeled(container, `${afi}/${safi} `)) add(f, code === 14 ? 'labeled_nlri' : 'labeled_withdrawn', p);
        break;
      }
      if (!isComparedFamily(afi, safi)) {
        f.skipped += tsharkPrefixes(container, '').length;
        break;
      }
      if (code === 14) nextHops(f, attr);
      for (const p of tsharkPrefixes(container, `${afi}/${safi} `)) add(f, name, p);
      break;
    }
  }
}

function tsharkCapability(f: Facts, cap: JsonValue): void {
  const code = Number(str(cap, 'bgp.cap.type'));
  let detail = '';
  if (code === 1) detail = ` ${str(cap, 'bgp.cap.mp.afi')}/${str(cap, 'bgp.cap.mp.safi')}`;
  else if (code === 65) detail = ` ${str(cap, 'bgp.cap.4as')}`;
  else if (code === 69) {
    const afi = all(cap, 'bgp.cap.ap.afi');
    const safi = all(cap, 'bgp.cap.ap.safi');
    const sr = all(cap, 'bgp.cap.ap.sendreceive');
    detail = afi.map((a, i) => ` ${a}/${safi[i]}/${sr[i]}`).join('');
  } else if (code === 64) {
    const t = one(cap, 'bgp.cap.gr.timers_tree');
    const afi = all(cap, 'bgp.cap.gr.afi');
    const safi = all(cap, 'bgp.cap.gr.safi');
    const flag = all(cap, 'bgp.cap.gr.flag');
    detail = ` R=${str(t, 'bgp.cap.gr.timers.restart_flag')} N=${str(t, 'bgp.cap.gr.timers.notification_flag')} t=${str(t, 'bgp.cap.gr.timers.restart_time')}`;
    detail += afi.map((a, i) => ` ${a}/${safi[i]}/F=${(Number.parseInt(String(flag[i]), 16) & 0x80) === 0 ? 0 : 1}`).join('');
  }
  add(f, 'capability', `${code}${detail}`);
}

/** The facts of one tshark `bgp` object. */
export function tsharkFacts(bgp: JsonValue): Facts {
  const type = Number(str(bgp, 'bgp.type'));
  const f = facts(type);
  if (type === 1) {
    add(f, 'open', `as=${str(bgp, 'bgp.open.myas')} hold=${str(bgp, 'bgp.open.holdtime')} id=${str(bgp, 'bgp.open.identifier')}`);
    for (const opt of all(bgp, 'bgp.open.opt')) {
      for (const param of all(opt, 'bgp.open.opt.param')) for (const cap of all(param, 'bgp.cap')) tsharkCapability(f, cap);
    }
  } else if (type === 2) {
    for (const p of tsharkPrefixes(one(bgp, 'bgp.update.withdrawn_routes'), '')) add(f, 'withdrawn', p);
    for (const attrs of all(bgp, 'bgp.update.path_attributes')) {
      for (const attr of all(attrs, 'bgp.update.path_attribute')) tsharkAttribute(f, attr);
    }
    for (const p of tsharkPrefixes(one(bgp, 'bgp.update.nlri'), '')) add(f, 'nlri', p);
  } else if (type === 3) {
    const minor = Object.keys(bgp as object).find((k) => k.startsWith('bgp.notify.minor_error'));
    add(f, 'notification', `${str(bgp, 'bgp.notify.major_error')}/${minor === undefined ? '?' : str(bgp, minor)}`);
    const text = str(bgp, 'bgp.notify.communication');
    if (text !== undefined) add(f, 'shutdown', text);
  } else if (type === 5) {
    add(f, 'route_refresh', `${str(bgp, 'bgp.route_refresh.afi')}/${str(bgp, 'bgp.route_refresh.safi')}/${str(bgp, 'bgp.route_refresh.subtype') ?? '0'}`);
  }
  return f;
}
