package main

import (
	"bufio"
	"fmt"
	"os"
	"slices"
	"strings"
)

// settingNames are the environment variables a configuration file may
// set: every WOLFDEN_* setting but WOLFDEN_CONFIG itself.
var settingNames = []string{
	"WOLFDEN_ADDR", "WOLFDEN_ADMIN_TOKEN", "WOLFDEN_AGENT_DELAY_SCALE", "WOLFDEN_AUTH_FAILURE_BURST",
	"WOLFDEN_AUTH_FAILURE_RATE", "WOLFDEN_CALLBACK_ALLOWLIST", "WOLFDEN_CLOCK_SKEW", "WOLFDEN_CREDENTIALS",
	"WOLFDEN_DB", "WOLFDEN_JOURNAL", "WOLFDEN_JOURNAL_BODY_LIMIT", "WOLFDEN_LOG_FORMAT", "WOLFDEN_METRICS", "WOLFDEN_PUBLIC_URL",
	"WOLFDEN_RATE_LIMIT", "WOLFDEN_TLS_CERT", "WOLFDEN_TLS_KEY", "WOLFDEN_TOKEN_LIFETIME", "WOLFDEN_TOKEN_REQUESTS",
}

// withConfigFile takes --config FILE out of args (or reads WOLFDEN_CONFIG)
// and returns a getenv that answers from the environment first and from
// the file second: flags win over the environment, which wins over the
// file, which wins over the defaults.
func withConfigFile(args []string, getenv env) ([]string, env, error) {
	path, rest, err := configFlag(args)
	if err != nil {
		return nil, nil, err
	}
	if path == "" {
		path = getenv("WOLFDEN_CONFIG")
	}
	if path == "" {
		return rest, getenv, nil
	}
	file, err := readConfigFile(path)
	if err != nil {
		return nil, nil, err
	}
	return rest, func(name string) string {
		if v := getenv(name); v != "" {
			return v
		}
		return file[name]
	}, nil
}

// configFlag finds --config FILE or --config=FILE (one dash or two) among
// args, before a "--" that ends the flags.
func configFlag(args []string) (path string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		name, value, hasValue := strings.Cut(strings.TrimPrefix(strings.TrimPrefix(a, "-"), "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "config" {
			continue
		}
		if !hasValue {
			if i+1 == len(args) {
				return "", nil, fmt.Errorf("--config needs a file")
			}
			value = args[i+1]
			args = slices.Delete(slices.Clone(args), i, i+2)
		} else {
			args = slices.Delete(slices.Clone(args), i, i+1)
		}
		return value, args, nil
	}
	return "", args, nil
}

// readConfigFile reads a configuration file: NAME=value lines, as a
// docker-compose env_file holds them, with # comments and blank lines;
// the value may be in double quotes. Unknown names are refused, so that a
// misspelt setting is not silently ignored.
func readConfigFile(path string) (map[string]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("the configuration file (--config, WOLFDEN_CONFIG): %w", err)
	}
	defer f.Close()
	settings := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(line, "=")
		name, value = strings.TrimSpace(strings.TrimPrefix(name, "export ")), strings.TrimSpace(value)
		if !ok || !slices.Contains(settingNames, name) {
			return nil, fmt.Errorf("%s:%d: %q is not a setting (NAME=value, NAME one of %s)", path, n, line, strings.Join(settingNames, ", "))
		}
		if len(value) >= 2 && value[0] == '"' && value[len(value)-1] == '"' {
			value = value[1 : len(value)-1]
		}
		settings[name] = value
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return settings, nil
}
