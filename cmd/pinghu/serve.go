package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"

	"pinghu/internal/app"
)

func serve(ctx context.Context, args []string, stdout io.Writer) error {
	cfg := app.Defaults()
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	cfg.ServeFlags(fs)
	if err := cfg.Parse(fs, args); err != nil {
		return err
	}
	a, err := app.Open(ctx, cfg, app.Options{})
	if err != nil {
		return err
	}
	defer a.Close()
	if err := a.Prepare(ctx, stdout); err != nil {
		return err
	}
	srv := a.Server()
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	slog.Info("serving", "addr", ln.Addr().String(), "db", a.DB.Redacted(), "demo", cfg.Demo, "version", version)
	fmt.Fprintf(stdout, "Pinghu is serving on http://%s\n", ln.Addr())
	go a.RunHousekeeping(ctx)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	// From here a second signal stops the process at once.
	stopSignals()
	// Finish the requests in flight, then stop.
	slog.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
