package journal

// Capture keeps the first bytes written to it, up to a limit, and counts
// them all: a body on its way through.
type Capture struct {
	limit int
	kept  []byte
	size  int64
}

// NewCapture returns a capture of up to limit bytes.
func (j *Journal) NewCapture() *Capture { return &Capture{limit: j.bodyLimit} }

// Write keeps what fits; it never fails.
func (c *Capture) Write(p []byte) (int, error) {
	c.size += int64(len(p))
	if room := c.limit - len(c.kept); room > 0 {
		c.kept = append(c.kept, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

// Size is how many bytes were written.
func (c *Capture) Size() int64 { return c.size }

// Body is what was written, redacted and encoded (body.go); nil when
// nothing was. size, when larger than what was written, is the body's full
// length (a Content-Length the reader did not read to its end).
func (c *Capture) Body(contentType string, size int64) *Body {
	return newBody(contentType, c.kept, max(size, c.size))
}
