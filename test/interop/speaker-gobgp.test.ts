// The bgpwire Speaker against gobgp in network namespaces: the interop matrix of issue 17 (see
// test/interop/daemons/matrix.ts and docs/SPEAKER.md "Interop matrix"). Runs only with
// BGPWIRE_INTEROP=1 or BGPWIRE_REQUIRE=1, as root.
import { defineMatrix } from './daemons/matrix.ts';

defineMatrix('gobgp');
