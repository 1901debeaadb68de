package app_test

import (
	"context"
	"strconv"
	"testing"

	"pinghu/internal/account"
)

func userID(t *testing.T, e *env, username string) string {
	t.Helper()
	u, err := account.GetByUsername(context.Background(), e.app.DB.R, username)
	if err != nil {
		t.Fatal(err)
	}
	return strconv.FormatInt(u.ID, 10)
}
