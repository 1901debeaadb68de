package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// Hasher hashes passwords with argon2id (RFC 9106). The defaults follow
// OWASP's minimum (19 MiB, 2 passes, 1 lane); tests may lower them.
type Hasher struct {
	MemoryKiB uint32
	Time      uint32
	Threads   uint8
}

// DefaultHasher is used in production.
var DefaultHasher = Hasher{MemoryKiB: 19 * 1024, Time: 2, Threads: 1}

// Hash returns a PHC-format string carrying its own parameters, so they
// can be raised later without invalidating stored hashes.
func (h Hasher) Hash(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, h.Time, h.MemoryKiB, h.Threads, 32)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, h.MemoryKiB, h.Time, h.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches the PHC string.
func Verify(password, phc string) bool {
	parts := strings.Split(phc, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<22 || t > 100 {
		return false
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false
	}
	want, err := b64.DecodeString(parts[5])
	// Our hashes have 32-byte keys; a key of over 1 KiB is not one of ours.
	if err != nil || len(want) == 0 || len(want) > 1024 {
		return false
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want))) // #nosec G115 -- 1…1024, checked above
	return subtle.ConstantTimeCompare(got, want) == 1
}

// MinPasswordLength is the policy's minimum length in characters.
const MinPasswordLength = 10

// CheckPassword applies the password policy: at least ten characters, not
// one of the most common passwords, not built on the username, and not a
// single repeated character or a plain keyboard/digit run.
func CheckPassword(password, username string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return "err.password_short"
	case n > 128:
		return "err.too_long"
	case isCommon(password):
		return "err.password_common"
	case username != "" && strings.Contains(strings.ToLower(password), strings.ToLower(username)):
		return "err.password_username"
	case monotonous(password):
		return "err.password_common"
	}
	for _, r := range password {
		if unicode.IsControl(r) {
			return "err.password_control"
		}
	}
	return ""
}

// monotonous catches passwords that are one character repeated or a run
// of consecutive code points (0123456789, abcdefghij) in either direction.
func monotonous(s string) bool {
	rs := []rune(strings.ToLower(s))
	same, up, down := true, true, true
	for i := 1; i < len(rs); i++ {
		same = same && rs[i] == rs[0]
		up = up && rs[i] == rs[i-1]+1
		down = down && rs[i] == rs[i-1]-1
	}
	return same || up || down
}
