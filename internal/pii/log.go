package pii

import (
	"context"
	"fmt"
	"log/slog"
)

// LogHandler wraps h so that no log line carries a mobile or ID number in
// full: the message and every attribute are masked as MaskText does. Logs
// are written to be read by operators, who are not among the people the
// personal-information inventory lets see numbers; an error that quotes a
// value it refused must not put the value in the log.
func LogHandler(h slog.Handler) slog.Handler { return maskingHandler{h} }

type maskingHandler struct{ next slog.Handler }

func (m maskingHandler) Enabled(ctx context.Context, l slog.Level) bool {
	return m.next.Enabled(ctx, l)
}

func (m maskingHandler) Handle(ctx context.Context, r slog.Record) error {
	out := slog.NewRecord(r.Time, r.Level, MaskText(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(maskAttr(a))
		return true
	})
	return m.next.Handle(ctx, out)
}

func (m maskingHandler) WithAttrs(as []slog.Attr) slog.Handler {
	masked := make([]slog.Attr, len(as))
	for i, a := range as {
		masked[i] = maskAttr(a)
	}
	return maskingHandler{m.next.WithAttrs(masked)}
}

func (m maskingHandler) WithGroup(name string) slog.Handler {
	return maskingHandler{m.next.WithGroup(name)}
}

func maskAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, MaskText(v.String()))
	case slog.KindGroup:
		g := v.Group()
		out := make([]slog.Attr, len(g))
		for i, x := range g {
			out[i] = maskAttr(x)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(out...)}
	case slog.KindAny:
		// An error or a value with its own String: masked as the text it
		// will be written as, and only replaced when that holds a number.
		if s := fmt.Sprint(v.Any()); len(FindUnmasked(s)) > 0 {
			return slog.String(a.Key, MaskText(s))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}
