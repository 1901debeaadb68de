package pii_test

import (
	"testing"

	"pinghu/internal/pii"
)

func TestContainsUnmaskedMobile(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"13800138000", true},
		{"tel: 13800138000", true},
		{`{"name":"张三","mobile":"13800138000"}`, true},
		{"id,name,mobile\n1,张三,13800138000\n", true},
		{"<td>13800138000</td>", true},
		{"联系电话13800138000。", true},
		{"2025-06-15T10:00:00Z INFO login mobile=19912345678 ok", true},
		{"+8613800138000", true},
		{"8613800138000", true},
		{"+86 138 0013 8000", true},
		{"138-0013-8000", true},
		{"138 0013 8000", true},
		{"13800138000 12", true},
		{"138****8000", false},
		{`{"mobile":"138****8000"}`, false},
		{"order 213800138000", false}, // part of a longer digit run
		{"138001380001", false},
		{"request_id=1f13800138000eb2", false}, // inside a hex token
		{"a13800138000", false},
		{"13800138000b", false},
		{"sha 0a1b13800138000", false},
		{"ts=1380013800012", false}, // 13 digits, not 86…
		{"8612012345678", false},
		{"12012345678", false},   // 12x
		{"138-0013 8000", false}, // mixed separators
		{"138 0013 80001", false},
		{"1138 0013 8000", false},
		{"138 0013", false},
		{"2025-06-15 13:80:01", false},
		{"１３８００１３８０００", false}, // full-width digits are not scanned
		{"", false},
	}
	for _, tt := range tests {
		if got := pii.ContainsUnmaskedMobile(tt.in); got != tt.want {
			t.Errorf("ContainsUnmaskedMobile(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestContainsUnmaskedIDCard(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"11010519491231002X", true},
		{"身份证号11010519491231002X。", true},
		{"id=11010519491231002x&x=1", true},
		{`{"id_card":"440307199001011232"}`, true},
		{"1,张三,440307199001011232,13800138000", true},
		{"<td>440307199001011232</td>", true},
		{"110105********002X", false},
		{"440307********1232", false},
		{"440307199001011234", false}, // wrong check digit
		{"11010519491231002Y", false},
		{"A11010519491231002X", false}, // part of a longer alphanumeric run
		{"11010519491231002X1", false}, // part of a longer alphanumeric run
		{"440524188001010014", false},  // check digit right, born 1880
		{"11010119990230001X", false},  // check digit right, Feb 30
		{"order 1100000000000000005", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := pii.ContainsUnmaskedIDCard(tt.in); got != tt.want {
			t.Errorf("ContainsUnmaskedIDCard(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
