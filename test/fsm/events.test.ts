import { describe, expect, it } from 'vitest';
import { BgpError } from '../../src/wire/errors.ts';
import { eventForError, eventForMessage, eventNumber } from '../../src/fsm/index.ts';
import { PEER_OPEN } from './helpers.ts';

describe('eventForMessage / eventForError', () => {
  it('maps messages to the RFC events', () => {
    expect(eventForMessage({ type: 'KEEPALIVE' }).type).toBe('KeepAliveMsg');
    expect(eventForMessage(PEER_OPEN).type).toBe('BGPOpen');
    expect(eventForMessage({ type: 'NOTIFICATION', code: 2, subcode: 1, data: Uint8Array.of(0, 4) }).type).toBe('NotifMsgVerErr');
    expect(eventForMessage({ type: 'NOTIFICATION', code: 6, subcode: 2, data: new Uint8Array(0) }).type).toBe('NotifMsg');
    expect(eventForMessage({ type: 'UPDATE', withdrawn: [], attributes: [], nlri: [] }).type).toBe('UpdateMsg');
  });
  it('maps errors by NOTIFICATION code', () => {
    expect(eventForError(new BgpError(1, 1, 'x')).type).toBe('BGPHeaderErr');
    expect(eventForError(new BgpError(2, 2, 'x')).type).toBe('BGPOpenMsgErr');
    expect(eventForError(new BgpError(3, 1, 'x')).type).toBe('UpdateMsgErr');
    expect(eventForError(new BgpError(7, 1, 'x')).type).toBe('UpdateMsgErr');
  });
  it('numbers events as RFC 4271 section 8.1 and RFC 9687 do', () => {
    expect(eventNumber({ type: 'ManualStart' })).toBe(1);
    expect(eventNumber({ type: 'BGPOpen_with_DelayOpenTimer_running', open: PEER_OPEN })).toBe(20);
    expect(eventNumber({ type: 'UpdateMsgErr', error: { code: 3, subcode: 1 } })).toBe(28);
    expect(eventNumber({ type: 'SendHoldTimer_Expires' })).toBe(29);
    expect(eventNumber({ type: 'MessageSent', messageType: 4 })).toBeUndefined();
  });
});
