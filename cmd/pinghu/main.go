// Command pinghu is the whole Pinghu platform in one binary: the web
// server and the administrative commands around it.
package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"pinghu/internal/pii"
)

// stopSignals restores the default signal handling, so that a second
// Ctrl-C during a graceful shutdown ends the process.
var stopSignals = func() {}

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `pinghu — 平湖党建与基层治理平台

Usage:
  pinghu serve [--addr 127.0.0.1:8080] [--db URL] [--data DIR] [--demo]
  pinghu migrate [--db URL]
  pinghu user add --username U --role R [--unit UNIT] [--name NAME] [--phone P]   (password on stdin)
  pinghu user list [--db URL]
  pinghu user passwd --username U   (password on stdin)
  pinghu user reset-2fa --username U
  pinghu demo [--db URL]
  pinghu backup FILE [--db URL]
  pinghu audit verify [--db URL]
  pinghu version

Every command that touches data takes --db (env PINGHU_DB): sqlite:PATH or postgres://…
`

func main() {
	// Log lines are masked like every other output (docs/personal-information.md).
	slog.SetDefault(slog.New(pii.LogHandler(slog.NewJSONHandler(os.Stderr, nil))))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopSignals = stop
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "pinghu:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stdout, usage)
		return nil
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return serve(ctx, rest, stdout)
	case "migrate":
		return migrate(ctx, rest, stdout)
	case "user":
		return user(ctx, rest, stdin, stdout)
	case "demo":
		return demoLoad(ctx, rest, stdout)
	case "backup":
		return backup(ctx, rest, stdout)
	case "audit":
		return auditCmd(ctx, rest, stdout)
	case "version":
		fmt.Fprintln(stdout, "pinghu", version)
		return nil
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n\n%s", cmd, usage)
}
