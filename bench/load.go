package bench

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// request makes the bytes of the seq-th request of a run (seq counts from
// 0 across all connections), a complete HTTP/1.1 request.
type request func(seq int) []byte

// newRequest writes an HTTP/1.1 keep-alive request.
func newRequest(method, path, token string, body []byte) []byte {
	b := fmt.Appendf(nil, "%s %s HTTP/1.1\r\nHost: bench\r\nUser-Agent: wolfden-bench\r\n", method, path)
	if token != "" {
		b = fmt.Appendf(b, "Authorization: Bearer %s\r\n", token)
	}
	if body != nil {
		b = fmt.Appendf(b, "Content-Type: application/json\r\nContent-Length: %d\r\n", len(body))
	}
	b = append(b, "\r\n"...)
	return append(b, body...)
}

// load is how one run drives a server.
type load struct {
	addr        string
	connections int
	duration    time.Duration
	maxRequests int
	// rate, when above 0, paces the run at that many requests per second
	// in all; each latency then counts from when its request was due, so
	// that a stalled server is not hidden by requests not sent.
	rate float64
}

// result is what one run measured.
type result struct {
	requests  int
	failures  int // transport errors and answers outside 2xx
	lastError string
	elapsed   time.Duration
	latencies []time.Duration // sorted
	sizes     int64           // response body bytes in all
}

func (r result) perSecond() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.requests) / r.elapsed.Seconds()
}

// percentile returns the latency below which p (0–1) of the requests fell.
func (r result) percentile(p float64) time.Duration {
	if len(r.latencies) == 0 {
		return 0
	}
	i := int(p*float64(len(r.latencies))+0.5) - 1
	return r.latencies[min(max(i, 0), len(r.latencies)-1)]
}

// requestTimeout bounds every request of a run.
const requestTimeout = 30 * time.Second

// run sends requests over l.connections keep-alive connections until the
// duration has passed or maxRequests have been sent, whichever is first.
func (l load) run(ctx context.Context, next request) (result, error) {
	ctx, cancel := context.WithTimeout(ctx, l.duration)
	defer cancel()
	var (
		seq     atomic.Int64
		mu      sync.Mutex
		total   result
		wg      sync.WaitGroup
		dialErr error
	)
	start := time.Now()
	for range l.connections {
		wg.Go(func() {
			w, err := l.connect(ctx, start, &seq, next)
			mu.Lock()
			defer mu.Unlock()
			if err != nil && dialErr == nil {
				dialErr = err
			}
			total.requests += w.requests
			total.failures += w.failures
			total.sizes += w.sizes
			total.latencies = append(total.latencies, w.latencies...)
			if w.lastError != "" {
				total.lastError = w.lastError
			}
		})
	}
	wg.Wait()
	total.elapsed = time.Since(start)
	slices.Sort(total.latencies)
	return total, dialErr
}

// connect is one connection's loop; it dials again after a failure.
func (l load) connect(ctx context.Context, start time.Time, seq *atomic.Int64, next request) (result, error) {
	var (
		res  result
		conn net.Conn
		br   *bufio.Reader
	)
	defer func() {
		if conn != nil {
			conn.Close()
		}
	}()
	for ctx.Err() == nil {
		n := int(seq.Add(1) - 1)
		if n >= l.maxRequests {
			break
		}
		due := time.Now()
		if l.rate > 0 {
			due = start.Add(time.Duration(float64(n) / l.rate * float64(time.Second)))
			if wait := time.Until(due); wait > 0 {
				select {
				case <-ctx.Done():
					return res, nil
				case <-time.After(wait):
				}
			}
		}
		if conn == nil {
			var err error
			if conn, err = (&net.Dialer{Timeout: 5 * time.Second}).DialContext(ctx, "tcp", l.addr); err != nil {
				if ctx.Err() != nil {
					break
				}
				return res, fmt.Errorf("dial %s: %w", l.addr, err)
			}
			br = bufio.NewReaderSize(conn, 64<<10)
		}
		size, err := exchange(conn, br, next(n))
		res.requests++
		res.latencies = append(res.latencies, time.Since(due))
		res.sizes += size
		if err != nil {
			res.failures++
			res.lastError = err.Error()
			if _, ok := err.(statusError); !ok {
				conn.Close()
				conn = nil
			}
		}
	}
	return res, nil
}

// statusError is an answer outside 2xx; the connection stays usable.
type statusError struct {
	status int
	body   string
}

func (e statusError) Error() string { return "HTTP " + strconv.Itoa(e.status) + ": " + e.body }

// exchange writes one request and reads its whole answer.
func exchange(conn net.Conn, br *bufio.Reader, req []byte) (int64, error) {
	conn.SetDeadline(time.Now().Add(requestTimeout))
	if _, err := conn.Write(req); err != nil {
		return 0, err
	}
	res, err := http.ReadResponse(br, nil)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	if res.StatusCode/100 != 2 {
		body, _ := io.ReadAll(io.LimitReader(res.Body, 300))
		io.Copy(io.Discard, res.Body)
		return 0, statusError{res.StatusCode, string(body)}
	}
	return io.Copy(io.Discard, res.Body)
}
