// A speaker in 15 lines: hold a session with a router, print what it sends, announce a prefix.
import { toJSON } from 'bgpwire';
import { Speaker } from 'bgpwire/node';

const speaker = new Speaker({ localAs: 65001, bgpId: '192.0.2.1' });
const router = speaker.addPeer({ address: '192.0.2.2', peerAs: 65002 });

router.on('update', (update) => console.log(JSON.stringify(toJSON(update))));
router.on('down', ({ reason }) => console.error(`session down: ${reason}`));

await router.established();
router.announce({ prefixes: ['198.51.100.0/24', '2001:db8:100::/48'], nextHop: ['192.0.2.1', '2001:db8::1'] });

process.once('SIGINT', () => void speaker.close());
