package app

import (
	"context"
	"log/slog"
	"time"

	"pinghu/internal/edge"
)

// logRequest writes one JSON line per request: no personal information,
// only ids, the route pattern, the status and the time taken.
func logRequest(st *edge.State, method string, d time.Duration) {
	level := slog.LevelInfo
	if st.Status >= 500 {
		level = slog.LevelError
	}
	slog.Log(context.Background(), level, "request", "request_id", st.RequestID, "method", method, "route", st.Pattern,
		"status", st.Status, "ms", d.Milliseconds(), "user_id", st.Actor.UserID)
}
