package bench

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// The bare server is the ceiling of an HTTP server written in Go on this
// machine: net/http answering every request with fixed bytes, as many as
// the measured route answers, and doing nothing else.

// bareSizePath sets the size of the bare server's answers: POST
// /bare/size?bytes=N.
const bareSizePath = "/bare/size"

type bareHandler struct {
	body atomic.Pointer[[]byte]
}

func (h *bareHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == bareSizePath {
		n, err := strconv.Atoi(r.URL.Query().Get("bytes"))
		if err != nil || n < 0 || n > 64<<20 {
			http.Error(w, "bytes must be a size up to 64 MiB", http.StatusBadRequest)
			return
		}
		body := bytes.Repeat([]byte{'x'}, n)
		h.body.Store(&body)
		return
	}
	io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(*h.body.Load())
}

// ServeBare runs the bare server on addr, a loopback address, until ctx
// ends; it writes the address it listens on to ready once it accepts.
func ServeBare(ctx context.Context, addr string, ready io.Writer) error {
	if err := checkLoopback(addr); err != nil {
		return err
	}
	h := &bareHandler{}
	h.body.Store(&[]byte{})
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute}
	fmt.Fprintln(ready, ln.Addr().String())
	go func() {
		<-ctx.Done()
		srv.Close()
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// checkLoopback refuses an address that is not on the loopback interface:
// the load tool never sends load anywhere else.
func checkLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%s is not a loopback address", addr)
	}
	return nil
}
