package pii_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"pinghu/internal/pii"
)

// Hand-worked examples. Character values follow the alphabet
// 0123456789ABCDEFGHJKLMNPQRTUWXY (A=10 … H=17, J=18 … N=22, P=23, Q=24,
// R=25, T=26, U=27, W=28, X=29, Y=30).
//
// 91350100M000100Y43:
//
//	char    9  1  3   5  0  1  0  0   M  0  0  0  1  0  0   Y   4
//	value   9  1  3   5  0  1  0  0  21  0  0  0  1  0  0  30   4
//	weight  1  3  9  27 19 26 16 17  20 29 25 13  8 24 10  30  28
//	product 9  3 27 135  0 26  0  0 420  0  0  0  8  0  0 900 112
//
// Sum 1640; 1640 mod 31 = 28 (1612 = 52·31); 31 - 28 = 3, so the check
// character is '3'.
//
// 91110108MA01G0FB09: products 9 3 9 27 0 26 0 136 420 290 0 13 128 0 150
// 330 0 sum to 1541; 1541 mod 31 = 22 (1519 = 49·31); 31 - 22 = 9 → '9'.
//
// 91440300MA5FCKUN60, the case where 31 - (sum mod 31) = 31 is written 0:
// products 9 3 36 108 0 78 0 0 420 290 125 195 96 456 270 660 168 sum to
// 2914 = 94·31, so sum mod 31 = 0 and the check character is '0'.

func TestCreditCodeCheckChar(t *testing.T) {
	tests := []struct {
		in     string
		want   byte
		wantOK bool
	}{
		{"91350100M000100Y4", '3', true},
		{"91110108MA01G0FB0", '9', true},
		{"91440300MA5FCKUN6", '0', true},
		{"91440300MA5FCKUNG", 'Y', true},
		{"91110108ma01g0fb0", '9', true}, // lowercase accepted
		{"91A50100M000100Y4", '2', true}, // structure not checked here: 1640 - 3·9 + 10·9 = 1703 ≡ 29 (mod 31), 31 - 29 = 2
		{"91350100I000100Y4", 0, false},
		{"91350100O000100Y4", 0, false},
		{"91350100Z000100Y4", 0, false},
		{"91350100S000100Y4", 0, false},
		{"91350100V000100Y4", 0, false},
		{"91350100M000100Y", 0, false},
		{"91350100M000100Y43", 0, false},
		{"91350100M000100Y-", 0, false},
		{"", 0, false},
	}
	for _, tt := range tests {
		got, ok := pii.CreditCodeCheckChar(tt.in)
		if got != tt.want || ok != tt.wantOK {
			t.Errorf("CreditCodeCheckChar(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.wantOK)
		}
	}
}

func TestCreditCodeCheckCharMatchesReference(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	seen := map[byte]bool{}
	for range 20000 {
		var b [17]byte
		for i := range b {
			b[i] = refCreditAlphabet[r.IntN(len(refCreditAlphabet))]
		}
		got, ok := pii.CreditCodeCheckChar(string(b[:]))
		want := refCreditCheck(string(b[:]))
		if !ok || got != want {
			t.Fatalf("CreditCodeCheckChar(%q) = %q, %v; reference says %q", b[:], got, ok, want)
		}
		seen[got] = true
	}
	if len(seen) != 31 {
		t.Errorf("only %d distinct check characters in 20000 samples", len(seen))
	}
}

func TestValidCreditCode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want bool
	}{
		{"known example", "91350100M000100Y43", true},
		{"known example", "91110108MA01G0FB09", true},
		{"check value 31 written 0", "91440300MA5FCKUN60", true},
		{"check Y", "91440300MA5FCKUNGY", true},
		{"lowercase", "91110108ma01g0fb09", true},
		{"lowercase check", "91440300ma5fckungy", true},
		{"wrong check", "91350100M000100Y44", false},
		{"wrong check", "91110108MA01G0FB08", false},
		{"swapped characters", "91350100M000010Y43", false},
		{"17 characters", "91350100M000100Y4", false},
		{"19 characters", "91350100M000100Y430", false},
		{"forbidden I", "91350100I000100Y43", false},
		{"forbidden O", "91350100O000100Y43", false},
		{"forbidden Z", "91350100Z000100Y43", false},
		{"forbidden S", "91350100S000100Y43", false},
		{"forbidden V", "91350100V000100Y43", false},
		{"forbidden check char", "91350100M000100Y4Z", false},
		{"letter in division code", "91A50100M000100Y42", false}, // check char right
		{"leading space", " 91350100M000100Y43", false},
		{"full-width", "９１３５０１００Ｍ０００１００Ｙ４３", false},
		{"hyphen", "91350100-M000100Y4", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		if got := pii.ValidCreditCode(tt.in); got != tt.want {
			t.Errorf("%s: ValidCreditCode(%q) = %v, want %v", tt.name, tt.in, got, tt.want)
		}
	}
}

func TestNormalizeCreditCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"91110108ma01g0fb09", "91110108MA01G0FB09"},
		{"  91350100M000100Y43\r\n", "91350100M000100Y43"},
		{"　９１３５０１００ｍ０００１００ｙ４３　", "91350100M000100Y43"},
		{"ıſ", "ıſ"}, // no Unicode case mapping to I and S
		{"", ""},
	}
	for _, tt := range tests {
		got := pii.NormalizeCreditCode(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeCreditCode(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMakeCreditCode(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		wantErr bool
	}{
		{"91350100M000100Y4", "91350100M000100Y43", false},
		{"91110108ma01g0fb0", "91110108MA01G0FB09", false},
		{" 91440300MA5FCKUN6 ", "91440300MA5FCKUN60", false},
		{"", "", true},
		{"9135", "", true},
		{"91350100M000100Y43", "", true},
		{"91350100I000100Y4", "", true},
		{"91A50100M000100Y4", "", true},
	}
	for _, tt := range tests {
		got, err := pii.MakeCreditCode(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("MakeCreditCode(%q) = %q, %v; want %q, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err == nil && !pii.ValidCreditCode(got) {
			t.Errorf("MakeCreditCode(%q) = %q, which is not valid", tt.in, got)
		}
	}
}

func FuzzValidCreditCode(f *testing.F) {
	for _, s := range []string{
		"91350100M000100Y43", "91110108MA01G0FB09", "91440300MA5FCKUN60",
		"91110108ma01g0fb09", "91350100I000100Y43", " 91350100M000100Y43",
		"９１３５０１００Ｍ０００１００Ｙ４３", "91A50100M000100Y42", "", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		valid := pii.ValidCreditCode(s)
		n := pii.NormalizeCreditCode(s)
		if pii.NormalizeCreditCode(n) != n {
			t.Fatalf("NormalizeCreditCode not idempotent on %q", s)
		}
		if valid {
			if len(n) != 18 || !pii.ValidCreditCode(n) || n != strings.ToUpper(s) {
				t.Fatalf("ValidCreditCode(%q) but normalised %q is not the valid upper-case code", s, n)
			}
			if c, ok := pii.CreditCodeCheckChar(n[:17]); !ok || c != n[17] {
				t.Fatalf("ValidCreditCode(%q) but CreditCodeCheckChar = %q, %v", s, c, ok)
			}
			if !pii.ValidCreditCode(strings.ToLower(s)) {
				t.Fatalf("ValidCreditCode(%q) but not its lower case", s)
			}
		}
		if s == strings.TrimSpace(s) && isASCII(s) && valid != pii.ValidCreditCode(n) {
			t.Fatalf("ValidCreditCode(%q) = %v but ValidCreditCode(%q) = %v", s, valid, n, !valid)
		}
		if len(s) >= 17 {
			p := s[:17]
			if c, ok := pii.CreditCodeCheckChar(p); ok && c != refCreditCheck(strings.ToUpper(p)) {
				t.Fatalf("CreditCodeCheckChar(%q) = %q, reference %q", p, c, refCreditCheck(strings.ToUpper(p)))
			}
			code, err := pii.MakeCreditCode(p)
			if err == nil {
				if len(code) != 18 || !pii.ValidCreditCode(code) || code[:17] != pii.NormalizeCreditCode(p) {
					t.Fatalf("MakeCreditCode(%q) = %q, which is not a valid code with that prefix", p, code)
				}
			} else if code != "" {
				t.Fatalf("MakeCreditCode(%q) = %q with error %v", p, code, err)
			}
			if valid && (err != nil || code != n) {
				t.Fatalf("MakeCreditCode(%q) = %q, %v; want %q", p, code, err, n)
			}
		}
	})
}
