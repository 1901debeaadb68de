package pii_test

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"pinghu/internal/pii"
)

// Hand-worked example, the sample number from GB 11643-1999 itself,
// 11010519491231002X:
//
//	digit   1  1  0  1  0  5  1  9  4  9  1  2  3  1  0  0  2
//	weight  7  9 10  5  8  4  2  1  6  3  7  9 10  5  8  4  2
//	product 7  9  0  5  0 20  2  9 24 27  7 18 30  5  0  0  4
//
// The products sum to 167; 167 mod 11 = 2 (165 = 15·11), and position 2 of
// "10X98765432" is X. Check: 167 + 10 = 177 = 16·11 + 1 ≡ 1 (mod 11), as
// MOD 11-2 requires.
//
// Second, 440524188001010014 (a well-known example with a birth year of
// 1880): products 28 36 0 25 16 16 2 8 48 0 0 9 0 5 0 0 2 sum to 195;
// 195 mod 11 = 8 (187 = 17·11), and position 8 of the table is 4. The check
// character is right, so ValidIDCard must reject it on the date alone.

func TestIDCardCheckChar(t *testing.T) {
	tests := []struct {
		in     string
		want   byte
		wantOK bool
	}{
		{"11010519491231002", 'X', true}, // worked above
		{"44052418800101001", '4', true}, // worked above
		{"44030719900101123", '2', true},
		{"11010120000229001", '8', true},
		{"11010519900101001", '0', true},
		{"11010519900101000", '2', true},
		{"1101051949123100", 0, false},   // 16 digits
		{"110105194912310021", 0, false}, // 18 digits
		{"1101051949123100X", 0, false},
		{"１１０１０５１９４９１２３１００２", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := pii.IDCardCheckChar(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("IDCardCheckChar(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestIDCardCheckCharMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	seen := map[byte]bool{}
	for range 20000 {
		var b [17]byte
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		got, ok := pii.IDCardCheckChar(string(b[:]))
		want := refIDCardCheck(string(b[:]))
		if !ok || got != want {
			t.Fatalf("IDCardCheckChar(%q) = %q, %v; reference says %q", b[:], got, ok, want)
		}
		seen[got] = true
	}
	if len(seen) != 11 {
		t.Errorf("only %d distinct check characters in 20000 samples", len(seen))
	}
}

func TestValidIDCard(t *testing.T) {
	// 2025-06-15 00:30 in Beijing is still 2025-06-14 in UTC: the date must
	// be taken in today's own location.
	today := time.Date(2025, 6, 15, 0, 30, 0, 0, time.FixedZone("CST", 8*3600))
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"standard sample", "11010519491231002X", true},
		{"lowercase x", "11010519491231002x", true},
		{"digit check", "440307199001011232", true},
		{"leap day 2000", "110101200002290018", true},
		{"first allowed date", "110101190001010014", true},
		{"born today", "110101202506150018", true},
		{"born today, generated", withIDCheck("11010120250615123"), true},
		{"wrong check digit", "440307199001011234", false},
		{"X where a digit belongs", "44030719900101123X", false},
		{"digit where X belongs", "110105194912310021", false},
		{"born tomorrow", "110101202506160013", false},
		{"born next year", withIDCheck("11010120260101001"), false},
		{"Feb 30", "11010119990230001X", false},
		{"Feb 29 1900, not a leap year", "110101190002290011", false},
		{"Feb 29 2023", withIDCheck("11010120230229001"), false},
		{"Apr 31", withIDCheck("11010119900431001"), false},
		{"month 13", withIDCheck("11010119901301001"), false},
		{"month 00", withIDCheck("11010119900001001"), false},
		{"day 00", withIDCheck("11010119900100001"), false},
		{"before 1900", "11010118991231001X", false},
		{"born 1880", "440524188001010014", false},
		{"17 characters", "11010519491231002", false},
		{"19 characters", "11010519491231002X0", false},
		{"15-digit old format", "110105491231002", false},
		{"letter in body", "11010A19491231002X", false},
		{"check Y", "11010519491231002Y", false},
		{"leading space", " 11010519491231002X", false},
		{"full-width", "１１０１０５１９４９１２３１００２Ｘ", false},
		{"masked", "110105********002X", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := pii.ValidIDCard(tt.in, today); got != tt.want {
			t.Errorf("%s: ValidIDCard(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestNormalizeIDCard(t *testing.T) {
	tests := []struct{ in, want string }{
		{"11010519491231002x", "11010519491231002X"},
		{" 11010519491231002X\n", "11010519491231002X"},
		{"１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"440307199001011232", "440307199001011232"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := pii.NormalizeIDCard(tt.in); got != tt.want {
			t.Errorf("NormalizeIDCard(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMaskIDCard(t *testing.T) {
	tests := []struct{ in, want string }{
		{"440307199001011234", "440307********1234"},
		{"11010519491231002X", "110105********002X"},
		{"11010519491231002x", "110105********002x"},
		{"110105491231002", "110105*****1002"}, // 15-digit old format
		{"1101051949123100", "**************00"},
		{"11010519491231002X0", "*****************X0"},
		{"", ""},
		{"12", "12"},
		{"12345", "***45"},
		{"一二三四五六七八九十一二三四五六七八", "一二三四五六********五六七八"},
	}
	for _, tt := range tests {
		got := pii.MaskIDCard(tt.in)
		if got != tt.want {
			t.Errorf("MaskIDCard(%q) = %q, want %q", tt.in, got, tt.want)
		}
		checkMasked(t, "MaskIDCard", tt.in, got)
	}
}

func FuzzValidIDCard(f *testing.F) {
	for _, s := range []string{
		"11010519491231002X", "11010519491231002x", "440307199001011232",
		"440524188001010014", "11010119990230001X", "110105491231002",
		" 11010519491231002X", "１１０１０５１９４９１２３１００２ｘ", "", "\xff",
	} {
		f.Add(s)
	}
	today := time.Date(2025, 6, 15, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		valid := pii.ValidIDCard(s, today)
		n := pii.NormalizeIDCard(s)
		if pii.NormalizeIDCard(n) != n {
			t.Fatalf("NormalizeIDCard not idempotent on %q", s)
		}
		if len(s) >= 17 {
			if got, ok := pii.IDCardCheckChar(s[:17]); ok && got != refIDCardCheck(s[:17]) {
				t.Fatalf("IDCardCheckChar(%q) = %q, reference %q", s[:17], got, refIDCardCheck(s[:17]))
			}
		}
		if valid {
			if len(n) != 18 || !pii.ValidIDCard(n, today) || n[17] == 'x' {
				t.Fatalf("ValidIDCard(%q) but normalised %q is not a valid 18-character number", s, n)
			}
			if c, ok := pii.IDCardCheckChar(s[:17]); !ok || c != n[17] {
				t.Fatalf("ValidIDCard(%q) but IDCardCheckChar = %q, %v", s, c, ok)
			}
			if !pii.ValidIDCard(s, today.AddDate(1, 0, 0)) {
				t.Fatalf("ValidIDCard(%q) true today but false a year later", s)
			}
			if !pii.ContainsUnmaskedIDCard(s) || !pii.ContainsUnmaskedIDCard("号码:"+s+"。") {
				t.Fatalf("ContainsUnmaskedIDCard misses valid %q", s)
			}
			m := pii.MaskIDCard(s)
			if want := s[:6] + "********" + s[14:]; m != want {
				t.Fatalf("MaskIDCard(%q) = %q, want %q", s, m, want)
			}
			if pii.ContainsUnmaskedIDCard(m) {
				t.Fatalf("ContainsUnmaskedIDCard(%q) = true for a masked number", m)
			}
		}
		if s == strings.TrimSpace(s) && isASCII(s) && valid != pii.ValidIDCard(n, today) {
			t.Fatalf("ValidIDCard(%q) = %v but ValidIDCard(%q) = %v", s, valid, n, !valid)
		}
		checkMasked(t, "MaskIDCard", s, pii.MaskIDCard(s))
		pii.ContainsUnmaskedIDCard(s) // must not panic
	})
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
