package main

import (
	"context"
	"errors"
	"io"
	"os"

	"github.com/wolfden/wolfden/bench"
)

// runBench is "wolfden bench": the load tool. It starts this same
// executable as the servers it measures.
func runBench(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := bench.ParseArgs(args, stderr)
	if err != nil {
		return err
	}
	if cfg.Binary, err = os.Executable(); err != nil {
		return err
	}
	report, err := bench.Run(ctx, cfg, args, stderr)
	if err != nil {
		return err
	}
	report.Print(stdout)
	if cfg.JSON != "" {
		return report.WriteJSON(cfg.JSON)
	}
	return nil
}

// serveBare is "wolfden bench-bare --addr ADDR", the bare server the load
// tool starts as its ceiling; it prints the address it listens on.
func serveBare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("bench-bare")
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:0", "loopback address to listen on")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return errors.New("bench-bare takes no arguments")
	}
	return bench.ServeBare(ctx, *addr, stdout)
}
