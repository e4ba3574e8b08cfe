package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
)

// defaultAddr is where serve listens unless told otherwise.
const defaultAddr = "127.0.0.1:8080"

// newFlags returns a flag set for a command, with --db, whose default
// comes from WOLFDEN_DB.
func newFlags(name string, getenv env, db *string) *flag.FlagSet {
	fs := newFlagSet(name)
	fs.StringVar(db, "db", envOr(getenv, "WOLFDEN_DB", "wolfden.db"), "SQLite file or postgres:// URL")
	return fs
}

// newFlagSet returns an empty flag set for a command. It prints nothing:
// run reports a bad flag, and prints the command's help for -h.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet("wolfden "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// parse parses args, refusing stray positional arguments.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	return nil
}

func envOr(getenv env, name, def string) string {
	if v := getenv(name); v != "" {
		return v
	}
	return def
}

func envFloat(getenv env, name string, def float64) (float64, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%s=%q is not a non-negative number", name, v)
	}
	return f, nil
}

func envInt(getenv env, name string, def int) (int, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q is not a non-negative integer", name, v)
	}
	return n, nil
}

// The bounds of a rate setting other than 0: below minRate a client waits
// minutes per request, and 1e-300 would refuse for ever; above maxRate the
// limit is no limit, and a burst of as many would overflow an int.
const (
	minRate = 0.01
	maxRate = 1e6
)

// checkRate validates a per-second rate setting: 0 means no limit, and
// anything else must be a number from minRate to maxRate (NaN and the
// infinities are not).
func checkRate(name string, v float64) error {
	if v == 0 || v >= minRate && v <= maxRate {
		return nil
	}
	return fmt.Errorf("%s is %v: use 0 for no limit, or a rate from %v to %v a second", name, v, minRate, maxRate)
}

func envDuration(getenv env, name string, def time.Duration) (time.Duration, error) {
	v := getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s=%q is not a non-negative duration (such as 90s or 30m)", name, v)
	}
	return d, nil
}

// envSwitch reads an on/off setting: on, true or 1; off, false or 0.
func envSwitch(getenv env, name string, def bool) (bool, error) {
	switch v := strings.ToLower(getenv(name)); v {
	case "":
		return def, nil
	case "on", "true", "1":
		return true, nil
	case "off", "false", "0":
		return false, nil
	default:
		return false, fmt.Errorf("%s=%q is neither on nor off", name, v)
	}
}
