package account

import "testing"

func TestPasswordPolicy(t *testing.T) {
	cases := []struct {
		password, username, want string
	}{
		{"short1!", "zhang", "err.password_short"},
		{"1234567890", "zhang", "err.password_common"},
		{"Woaini1314", "zhang", "err.password_common"},
		{"zhang-secret-2026", "zhang", "err.password_username"},
		{"aaaaaaaaaaaa", "x", "err.password_common"},
		{"abcdefghijk", "x", "err.password_common"},
		{"9876543210", "x", "err.password_common"},
		{"tab\there-is-bad", "x", "err.password_control"},
		{"湖畔的灯火照亮了长夜", "x", ""},
		{"correct horse battery", "zhang", ""},
	}
	for _, c := range cases {
		if got := CheckPassword(c.password, c.username); got != c.want {
			t.Errorf("CheckPassword(%q) = %q, want %q", c.password, got, c.want)
		}
	}
}

func TestHashVerify(t *testing.T) {
	h := Hasher{MemoryKiB: 1024, Time: 1, Threads: 1}
	phc, err := h.Hash("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !Verify("correct horse battery", phc) {
		t.Error("the right password does not verify")
	}
	if Verify("correct horse batterY", phc) {
		t.Error("a wrong password verifies")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=0,t=1,p=1$AA$AA", "$bcrypt$x", phc[:len(phc)-5]} {
		if Verify("correct horse battery", bad) {
			t.Errorf("malformed hash %q verifies", bad)
		}
	}
	other, _ := h.Hash("correct horse battery")
	if other == phc {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
}
