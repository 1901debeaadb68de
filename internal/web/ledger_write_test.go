package web

import (
	"testing"
)

func TestContentDisposition(t *testing.T) {
	got := contentDisposition("appeals-20220701.xlsx", "诉求台账 (1)-20220701.xlsx")
	want := `attachment; filename="appeals-20220701.xlsx"; filename*=UTF-8''%E8%AF%89%E6%B1%82%E5%8F%B0%E8%B4%A6%20%281%29-20220701.xlsx`
	if got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
