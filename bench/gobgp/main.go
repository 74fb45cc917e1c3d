// Command gobgp decodes the bench's UPDATE streams with GoBGP's bgp.ParseBGPMessage and
// prints its rates as one JSON line: the other side of the issue 5 decode ratio, measured on
// the same messages. bench/run.ts writes the input file, builds this and runs it.
//
// Input file (integers big-endian):
//
//	magic     "BGPWGOB1"
//	streams   uint32
//	messages  uint64   expected, all streams (bgpwire's count)
//	prefixes  uint64   expected, all four prefix fields
//	per stream:
//	  flags     uint8    bit 0: 4-octet AS (GoBGP infers the AS size itself; kept for the report)
//	  families  uint8    families with ADD-PATH receive, then per family: afi uint16, safi uint8
//	  messages  uint32
//	  prefixes  uint32
//	  length    uint32   then `length` bytes: the stream's messages, back to back
//
// Usage: gobgp FILE (BENCH_MIN_MS, default 2000: timed run per variant).
package main

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"syscall"
	"time"

	"github.com/osrg/gobgp/v3/pkg/packet/bgp"
)

type stream struct {
	asn4     bool
	families [][2]int
	opts     []*bgp.MarshallingOption
	data     []byte
	messages int
	prefixes int
}

// tally is what one pass over the streams counted; every timed pass must repeat it exactly.
type tally struct {
	Messages int `json:"messages"`
	Prefixes int `json:"prefixes"`
	// Messages returned with an error, by GoBGP's ErrorHandling (the RFC 7606 action a
	// GoBGP speaker would take): attribute-discard, treat-as-withdraw, afisafi-disable,
	// session-reset. The message is still counted when GoBGP returned it.
	Errors map[string]int `json:"errors,omitempty"`
	// Messages ParseBGPMessage returned no message for.
	Rejected int `json:"rejected"`
	// Characters of every prefix's String() (the string variant; keeps the calls alive).
	Chars int `json:"-"`
}

var handlingNames = []string{"none", "attribute-discard", "treat-as-withdraw", "afisafi-disable", "session-reset"}

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "gobgp bench: "+format+"\n", args...)
	os.Exit(1)
}

func readInput(path string) ([]*stream, int, int) {
	b, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	p := 0
	need := func(n int) []byte {
		if p+n > len(b) {
			fail("input truncated at byte %d (needs %d more)", p, n)
		}
		s := b[p : p+n]
		p += n
		return s
	}
	if string(need(8)) != "BGPWGOB1" {
		fail("not a bench input file (bad magic)")
	}
	n := int(binary.BigEndian.Uint32(need(4)))
	messages := int(binary.BigEndian.Uint64(need(8)))
	prefixes := int(binary.BigEndian.Uint64(need(8)))
	streams := make([]*stream, 0, n)
	for i := 0; i < n; i++ {
		s := &stream{asn4: need(1)[0]&1 != 0}
		nf := int(need(1)[0])
		addPath := map[bgp.RouteFamily]bgp.BGPAddPathMode{}
		for j := 0; j < nf; j++ {
			f := need(3)
			afi, safi := binary.BigEndian.Uint16(f), f[2]
			s.families = append(s.families, [2]int{int(afi), int(safi)})
			// What a GoBGP speaker passes after negotiating ADD-PATH receive for the family.
			addPath[bgp.AfiSafiToRouteFamily(afi, safi)] = bgp.BGP_ADD_PATH_RECEIVE
		}
		if nf > 0 {
			s.opts = []*bgp.MarshallingOption{{AddPath: addPath}}
		}
		s.messages = int(binary.BigEndian.Uint32(need(4)))
		s.prefixes = int(binary.BigEndian.Uint32(need(4)))
		s.data = need(int(binary.BigEndian.Uint32(need(4))))
		streams = append(streams, s)
	}
	if p != len(b) {
		fail("%d bytes after the last stream", len(b)-p)
	}
	return streams, messages, prefixes
}

// decodeStream parses every message of s with ParseBGPMessage, counting into t. With
// strings, it also formats every prefix of the four prefix fields.
func decodeStream(s *stream, strings bool, t *tally) {
	b := s.data
	for p := 0; p < len(b); {
		if p+19 > len(b) {
			fail("stream ends inside a header at byte %d", p)
		}
		l := int(binary.BigEndian.Uint16(b[p+16:]))
		if l < 19 || p+l > len(b) {
			fail("bad message length %d at byte %d", l, p)
		}
		m, err := bgp.ParseBGPMessage(b[p:p+l], s.opts...)
		p += l
		if err != nil {
			var me *bgp.MessageError
			h := "other"
			if errors.As(err, &me) && int(me.ErrorHandling) < len(handlingNames) {
				h = handlingNames[me.ErrorHandling]
			}
			if t.Errors == nil {
				t.Errors = map[string]int{}
			}
			t.Errors[h]++
		}
		if m == nil {
			t.Rejected++
			continue
		}
		u, ok := m.Body.(*bgp.BGPUpdate)
		if !ok {
			fail("message at byte %d is not an UPDATE", p-l)
		}
		t.Messages++
		t.Prefixes += len(u.WithdrawnRoutes) + len(u.NLRI)
		if strings {
			for _, x := range u.WithdrawnRoutes {
				t.Chars += len(x.String())
			}
			for _, x := range u.NLRI {
				t.Chars += len(x.String())
			}
		}
		for _, a := range u.PathAttributes {
			var v []bgp.AddrPrefixInterface
			switch a := a.(type) {
			case *bgp.PathAttributeMpReachNLRI:
				v = a.Value
			case *bgp.PathAttributeMpUnreachNLRI:
				v = a.Value
			default:
				continue
			}
			t.Prefixes += len(v)
			if strings {
				for _, x := range v {
					t.Chars += len(x.String())
				}
			}
		}
	}
}

func pass(streams []*stream, strings bool) tally {
	var t tally
	for _, s := range streams {
		decodeStream(s, strings, &t)
	}
	return t
}

func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		fail("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

type variant struct {
	Name       string  `json:"name"`
	Iterations int     `json:"iterations"`
	WallMs     float64 `json:"wallMsPerIteration"`
	CPUMs      float64 `json:"cpuMsPerIteration"`
	MsgsCPU    float64 `json:"messagesPerSecondCpu"`
	MsgsWall   float64 `json:"messagesPerSecondWall"`
	MBCPU      float64 `json:"mbPerSecondCpu"`
	MBWall     float64 `json:"mbPerSecondWall"`
	PrefixCPU  float64 `json:"prefixesPerSecondCpu"`
	PrefixWall float64 `json:"prefixesPerSecondWall"`
}

// measure warms up (at least one pass and 300 ms), then times passes for at least minMs
// and 3 passes. Every pass is checked against the reference tally.
func measure(name string, streams []*stream, strings bool, ref tally, bytes int, minMs int) variant {
	check := func(t tally) {
		if t.Messages != ref.Messages || t.Prefixes != ref.Prefixes || t.Rejected != ref.Rejected {
			fail("%s: pass counted %d messages, %d prefixes, %d rejected; first pass %d, %d, %d", name, t.Messages, t.Prefixes, t.Rejected, ref.Messages, ref.Prefixes, ref.Rejected)
		}
		if strings && t.Chars == 0 {
			fail("%s: no prefix strings", name)
		}
	}
	w0 := time.Now()
	for i := 0; i < 1 || time.Since(w0) < 300*time.Millisecond; i++ {
		check(pass(streams, strings))
	}
	runtime.GC()
	n := 0
	c0 := cpuNow()
	t0 := time.Now()
	for n < 3 || time.Since(t0) < time.Duration(minMs)*time.Millisecond {
		check(pass(streams, strings))
		n++
	}
	wall := time.Since(t0).Seconds() / float64(n)
	cpu := (cpuNow() - c0).Seconds() / float64(n)
	return variant{
		Name:       name,
		Iterations: n,
		WallMs:     wall * 1000,
		CPUMs:      cpu * 1000,
		MsgsCPU:    float64(ref.Messages) / cpu,
		MsgsWall:   float64(ref.Messages) / wall,
		MBCPU:      float64(bytes) / 1e6 / cpu,
		MBWall:     float64(bytes) / 1e6 / wall,
		PrefixCPU:  float64(ref.Prefixes) / cpu,
		PrefixWall: float64(ref.Prefixes) / wall,
	}
}

type mismatch struct {
	Stream           int      `json:"stream"`
	Asn4             bool     `json:"asn4"`
	AddPath          [][2]int `json:"addPath"`
	ExpectedMessages int      `json:"expectedMessages"`
	ExpectedPrefixes int      `json:"expectedPrefixes"`
	tally
}

func main() {
	if len(os.Args) != 2 {
		fail("usage: gobgp FILE")
	}
	minMs := 2000
	if v := os.Getenv("BENCH_MIN_MS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			fail("BENCH_MIN_MS: %v", err)
		}
		minMs = n
	}
	streams, wantMessages, wantPrefixes := readInput(os.Args[1])
	bytes := 0
	for _, s := range streams {
		bytes += len(s.data)
	}
	// The reference pass, stream by stream, against bgpwire's counts.
	var ref tally
	mismatches := []mismatch{}
	for i, s := range streams {
		var t tally
		decodeStream(s, false, &t)
		if t.Messages != s.messages || t.Prefixes != s.prefixes || t.Rejected != 0 {
			mismatches = append(mismatches, mismatch{i, s.asn4, s.families, s.messages, s.prefixes, t})
		}
		ref.Messages += t.Messages
		ref.Prefixes += t.Prefixes
		ref.Rejected += t.Rejected
		for k, v := range t.Errors {
			if ref.Errors == nil {
				ref.Errors = map[string]int{}
			}
			ref.Errors[k] += v
		}
	}
	out := map[string]interface{}{
		"go":          runtime.Version(),
		"gomaxprocs":  runtime.GOMAXPROCS(0),
		"streams":     len(streams),
		"bytes":       bytes,
		"expected":    map[string]int{"messages": wantMessages, "prefixes": wantPrefixes},
		"counted":     ref,
		"mismatches":  mismatches,
		"minMsPerRun": minMs,
	}
	if len(mismatches) > 0 || ref.Messages != wantMessages || ref.Prefixes != wantPrefixes {
		j, _ := json.Marshal(out)
		fmt.Println(string(j))
		fail("counts differ from bgpwire's: %d messages, %d prefixes; expected %d, %d", ref.Messages, ref.Prefixes, wantMessages, wantPrefixes)
	}
	out["variants"] = []variant{
		measure("ParseBGPMessage", streams, false, ref, bytes, minMs),
		measure("ParseBGPMessage+String", streams, true, ref, bytes, minMs),
	}
	j, err := json.Marshal(out)
	if err != nil {
		fail("%v", err)
	}
	fmt.Println(string(j))
}
