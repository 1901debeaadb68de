package db

import "testing"

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"postgres://u:secret@h/db":              "postgres://u:xxx@h/db",
		"postgres://u@h/db?password=secret&x=1": "postgres://u@h/db?password=xxx&x=1",
		"postgres://u@h/db?sslmode=disable":     "postgres://u@h/db?sslmode=disable",
		"sqlite:./pinghu-data/pinghu.db":        "sqlite:./pinghu-data/pinghu.db",
	}
	for in, want := range cases {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
}
