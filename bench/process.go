package bench

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// process is a server the tool started and measures.
type process struct {
	name string
	addr string // host:port on loopback
	cmd  *exec.Cmd
	log  string // the file holding its output
	// exited receives the process's end once.
	exited chan error
}

// freeAddr finds a free loopback port. The port is released before the
// server takes it; nothing else on the machine is expected to grab it in
// between.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// start runs bin with args (in which "{addr}" is replaced by the address
// chosen for it, "{host}" and "{port}" by its parts) and waits until it
// answers HTTP on that address.
func start(ctx context.Context, name, dir, bin string, args, env []string) (*process, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	host, port, _ := net.SplitHostPort(addr)
	for i, a := range args {
		args[i] = strings.NewReplacer("{addr}", addr, "{host}", host, "{port}", port).Replace(a)
	}
	logPath := filepath.Join(dir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer logFile.Close()
	cmd := exec.Command(bin, args...)
	cmd.Dir, cmd.Stdout, cmd.Stderr = dir, logFile, logFile
	cmd.Env = append(os.Environ(), env...)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &process{name: name, addr: addr, cmd: cmd, log: logPath, exited: make(chan error, 1)}
	go func() { p.exited <- cmd.Wait() }()
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := client.Get("http://" + addr + "/")
		if err == nil {
			res.Body.Close()
			return p, nil
		}
		select {
		case err := <-p.exited:
			return nil, fmt.Errorf("%s exited while starting (%v); its output is in %s", name, err, logPath)
		case <-ctx.Done():
			p.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("%s did not answer on %s within a minute; its output is in %s", name, addr, logPath)
		}
	}
}

// stop ends the server: SIGTERM, which lets it finish in-flight requests,
// then SIGKILL after 10 s.
func (p *process) stop() {
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
	}
}

// rss returns the process's resident memory now, in bytes (Linux).
func (p *process) rss() (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", p.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS in /proc status")
}
