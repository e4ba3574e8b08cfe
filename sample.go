package wolfden

import (
	"crypto/md5"
	"crypto/sha256"
	"encoding"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"strings"
)

// A threat's sample is its file, as GET /threats/v2/download hands it out
// (zipped with the password "infected"). wolfden holds no malware, so a
// sample is harmless content whose SHA-256 and MD5 are the threat's:
// integrations that download a sample and check its hash (Splunk SOAR's
// get-file adds it to its vault, which keys files by their hashes) find
// the file they asked for. A sample is either
//   - generated: text made again from a seed and a size on every download,
//     so that a million seeded threats are two numbers each, not their
//     bytes; or
//   - reported: content an agent sent, kept as is, at most MaxSampleContent
//     bytes so that it fits one request and one row.
//
// A threat reported by hash alone has no sample: no content wolfden could
// make has that hash.

const (
	// MaxSampleContent bounds the content a threat report carries: 512 KiB
	// is 683 KiB of base64, within the 1 MiB request bodies.
	MaxSampleContent = 512 << 10
	// MinGeneratedSampleSize is one tail line, so that every generated
	// sample holds its whole seed and differs from every other.
	MinGeneratedSampleSize = sampleLineLen
	// MaxGeneratedSampleSize bounds the size of a generated sample: hashing
	// it when reported and making it on download take tens of milliseconds.
	MaxGeneratedSampleSize = 32 << 20
)

// Sample is a threat's file as its download hands it out: Generated, or
// else Content as reported.
type Sample struct {
	Generated *GeneratedSample
	Content   []byte
}

// WriteTo writes the sample's bytes.
func (s *Sample) WriteTo(w io.Writer) (int64, error) {
	if s.Generated != nil {
		return s.Generated.WriteTo(w)
	}
	n, err := w.Write(s.Content)
	return int64(n), err
}

// Size is the sample's length in bytes.
func (s *Sample) Size() int64 {
	if s.Generated != nil {
		return s.Generated.Size
	}
	return int64(len(s.Content))
}

// Hashes are the upper-case hexadecimal SHA-256 and MD5 of the sample.
func (s *Sample) Hashes() (sha256Hex, md5Hex string) {
	sh, m := sha256.New(), md5.New()
	s.WriteTo(io.MultiWriter(sh, m)) // hashes take every write
	return upperHex(sh), upperHex(m)
}

func upperHex(h hash.Hash) string { return strings.ToUpper(hex.EncodeToString(h.Sum(nil))) }

// WriteSample writes what the threat's sample download holds: its sample,
// or, for a threat reported by hash alone, a short text naming the threat,
// which does not hash to it.
func (th *Threat) WriteSample(w io.Writer) error {
	if th.Sample != nil {
		_, err := th.Sample.WriteTo(w)
		return err
	}
	_, err := fmt.Fprintf(w, "wolfden simulated sample: the threat was reported by its hash alone, so this text stands in for it\n"+
		"sha256: %s\nmd5: %s\nname: %s\nclassification: %s/%s\n", th.SHA256, th.MD5, th.Name, th.Classification, th.SubClassification)
	return err
}

// GeneratedSample is Size bytes of text made from Seed: 64-byte lines of a
// body that every generated sample shares, cut at a 512-byte boundary, then
// a tail of at least one line naming the seed, which makes it unique.
// Sharing the body is what lets SampleHasher hash a sample by its tail.
type GeneratedSample struct {
	Seed uint64
	Size int64
}

const (
	sampleLineLen  = 64
	sampleBlockLen = 512 // a multiple of sampleLineLen
	// sampleBodyLine is the template of the body's lines; the first eight
	// bytes are the line's number in hexadecimal.
	sampleBodyLine = "00000000 wolfden sample body: harmless text, not malware       \n"
)

// bodyLen is the length of the shared body: the last block boundary that
// leaves the tail a line at least.
func (s GeneratedSample) bodyLen() int64 {
	return max(0, (s.Size-sampleLineLen)/sampleBlockLen*sampleBlockLen)
}

// bodyLine is line n of the shared body.
func bodyLine(line *[sampleLineLen]byte, n int64) {
	const digits = "0123456789ABCDEF"
	copy(line[:], sampleBodyLine)
	for i := 7; i >= 0; i-- {
		line[i] = digits[n&0xf]
		n >>= 4
	}
}

// tailLine is the line the tail repeats.
func (s GeneratedSample) tailLine() (line [sampleLineLen]byte) {
	copy(line[:], fmt.Sprintf("wolfden sample %016X: harmless text, not malware    \n", s.Seed))
	return line
}

// WriteTo writes the sample's bytes, a buffer at a time.
func (s GeneratedSample) WriteTo(w io.Writer) (int64, error) {
	var (
		buf     = make([]byte, 0, 32<<10)
		written int64
		line    [sampleLineLen]byte
	)
	body, tail := s.bodyLen(), s.tailLine()
	for at := int64(0); at < s.Size; at += sampleLineLen {
		if at < body {
			bodyLine(&line, at/sampleLineLen)
		} else {
			line = tail
		}
		buf = append(buf, line[:min(sampleLineLen, s.Size-at)]...)
		if len(buf) > cap(buf)-sampleLineLen || at+sampleLineLen >= s.Size {
			n, err := w.Write(buf)
			written += int64(n)
			if err != nil {
				return written, err
			}
			buf = buf[:0]
		}
	}
	return written, nil
}

// SampleHasher hashes many generated samples, as seeding does: it keeps the
// hash states of the shared body at each block boundary it has passed, so
// that a sample costs its tail (at most 575 bytes) instead of its size
// (megabytes). Its memory grows with the largest sample hashed: about
// 300 bytes per 512 of it, 5 MB for 8 MiB. It is not safe for concurrent
// use.
type SampleHasher struct {
	sha, md5 hash.Hash  // over the body's first len(states)-1 blocks
	states   [][][]byte // states[i]: the SHA-256 and MD5 states after i blocks
}

// NewSampleHasher returns a hasher that has passed no block yet.
func NewSampleHasher() (*SampleHasher, error) {
	h := &SampleHasher{sha: sha256.New(), md5: md5.New()}
	return h, h.mark()
}

// mark records the states where the body's hashes are.
func (h *SampleHasher) mark() error {
	var state [][]byte
	for _, sum := range []hash.Hash{h.sha, h.md5} {
		b, err := sum.(encoding.BinaryMarshaler).MarshalBinary()
		if err != nil {
			return err
		}
		state = append(state, b)
	}
	h.states = append(h.states, state)
	return nil
}

// Hashes are the upper-case hexadecimal SHA-256 and MD5 of s.
func (h *SampleHasher) Hashes(s GeneratedSample) (sha256Hex, md5Hex string, err error) {
	body := s.bodyLen()
	var line [sampleLineLen]byte
	for blocks := int64(len(h.states) - 1); blocks < body/sampleBlockLen; blocks++ {
		for n := blocks * sampleBlockLen / sampleLineLen; n < (blocks+1)*sampleBlockLen/sampleLineLen; n++ {
			bodyLine(&line, n)
			h.sha.Write(line[:])
			h.md5.Write(line[:])
		}
		if err := h.mark(); err != nil {
			return "", "", err
		}
	}
	sh, m := sha256.New(), md5.New()
	for i, sum := range []hash.Hash{sh, m} {
		if err := sum.(encoding.BinaryUnmarshaler).UnmarshalBinary(h.states[body/sampleBlockLen][i]); err != nil {
			return "", "", err
		}
	}
	tail := s.tailLine()
	for at := body; at < s.Size; at += sampleLineLen {
		part := tail[:min(sampleLineLen, s.Size-at)]
		sh.Write(part)
		m.Write(part)
	}
	return upperHex(sh), upperHex(m), nil
}
