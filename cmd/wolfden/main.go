// Command wolfden runs the wolfden server and manages its tenants.
// Run "wolfden help" for the commands and settings.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv))
}

// env reads a setting from the environment.
type env func(string) string

// command is one of wolfden's commands.
type command struct {
	name string // "serve", "tenant create"
	help string // its synopsis and what it does
	run  func(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) error
}

// commands lists the commands, in the order help shows them.
var commands = []command{
	{"serve", serveHelp + "\n" + settingsHelp, serve},
	{"tenant create", tenantCreateHelp, stdoutOnly(createTenant)},
	{"tenant list", tenantListHelp, stdoutOnly(listTenants)},
	{"tenant credentials", tenantCredentialsHelp, stdoutOnly(showCredentials)},
	{"tenant delete", tenantDeleteHelp, stdoutOnly(deleteTenant)},
	{"partner create", partnerCreateHelp, stdoutOnly(createPartner)},
	{"app create", appCreateHelp, stdoutOnly(createApp)},
	{"token", tokenHelp, stdoutOnly(printToken)},
	{"seed", seedHelp, seedTenant},
	{"bench", benchHelp, func(ctx context.Context, args []string, stdout, stderr io.Writer, _ env) error {
		return runBench(ctx, args, stdout, stderr)
	}},
	{"key rotate", keyRotateHelp, stdoutOnly(rotateKey)},
	{"tls init", tlsInitHelp, func(_ context.Context, args []string, stdout, _ io.Writer, _ env) error {
		return tlsInit(args, stdout)
	}},
	{"openapi", openapiHelp, printOpenAPI},
	{"version", versionHelp, printVersion},
	{"health", healthHelp, checkHealth},
}

// hidden commands work but are not in the help: the load tool starts
// bench-bare as its ceiling.
var hidden = []command{
	{"bench-bare", "", func(ctx context.Context, args []string, stdout, stderr io.Writer, _ env) error {
		return serveBare(ctx, args, stdout, stderr)
	}},
}

func stdoutOnly(f func(context.Context, []string, io.Writer, env) error) func(context.Context, []string, io.Writer, io.Writer, env) error {
	return func(ctx context.Context, args []string, stdout, _ io.Writer, getenv env) error {
		return f(ctx, args, stdout, getenv)
	}
}

// run executes one command and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) int {
	if len(args) == 0 {
		args = []string{"help"}
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		return help(args[1:], stdout, stderr)
	case "--version", "-version":
		args[0] = "version"
	}
	cmd, rest, group := find(args)
	if cmd == nil {
		if group != nil {
			fmt.Fprintf(stderr, "wolfden: unknown command %q: %s takes one of these:\n\n%s", strings.Join(args[:min(2, len(args))], " "), args[0], helpOf(group))
		} else {
			fmt.Fprintf(stderr, "wolfden: unknown command %q\n\n%s", args[0], fullHelp())
		}
		return 2
	}
	rest, getenv, err := withConfigFile(rest, getenv)
	if err == nil {
		err = cmd.run(ctx, rest, stdout, stderr, getenv)
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp): // "wolfden tenant create -h"
		fmt.Fprint(stdout, cmd.help)
		return 0
	default:
		fmt.Fprintf(stderr, "wolfden %s: %v\n", cmd.name, err)
		return 1
	}
}

// find finds the command args name, a word or two ("tenant create"), and
// returns the rest of args. Unknown, it returns the commands of the group
// the first word names, if it names one ("tenant").
func find(args []string) (cmd *command, rest []string, group []command) {
	all := append(slices.Clip(commands), hidden...)
	for i, c := range all {
		words := strings.Fields(c.name)
		if len(args) >= len(words) && slices.Equal(args[:len(words)], words) {
			return &all[i], args[len(words):], nil
		}
		if len(words) == 2 && words[0] == args[0] {
			group = append(group, c)
		}
	}
	return nil, nil, group
}

// help prints the help of every command, or of the one named.
func help(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stdout, fullHelp())
		return 0
	}
	cmd, _, group := find(args)
	switch {
	case cmd != nil:
		fmt.Fprint(stdout, cmd.help)
	case group != nil:
		fmt.Fprint(stdout, helpOf(group))
	default:
		fmt.Fprintf(stderr, "wolfden help: unknown command %q\n", strings.Join(args, " "))
		return 2
	}
	return 0
}

func fullHelp() string {
	var b strings.Builder
	b.WriteString(helpIntro + "\nCommands:\n")
	for _, c := range commands {
		b.WriteString(strings.TrimSuffix(c.help, "\n"+settingsHelp) + "\n")
	}
	b.WriteString("  wolfden help [COMMAND]\n      Show this text, or one command's.\n\n" + settingsHelp)
	return b.String()
}

func helpOf(cmds []command) string {
	var b strings.Builder
	for _, c := range cmds {
		b.WriteString(c.help + "\n")
	}
	return b.String()
}
