// Package ledger holds the building blocks for ledgers (台账) going out as
// .xlsx or CSV and for bulk imports coming in from .xlsx, shared by every
// module. It knows nothing of HTTP: handlers hand it rows and writers, or
// the bytes of an upload.
//
// Exports escape every text cell that a spreadsheet could take for a
// formula (OWASP's CSV injection guidance); imports are bounded in size,
// unpacked size, entry count and rows before anything is parsed, and rows
// are validated all together so that a module can write all or nothing.
package ledger

import (
	"database/sql/driver"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"time"
)

// ColumnKind says how a column's values are written and shown.
type ColumnKind uint8

const (
	// Text is written as text, escaped against formula injection.
	Text ColumnKind = iota
	// Int is a whole number.
	Int
	// Money is an amount in yuan, shown with two decimals.
	Money
	// Percent is a fraction (0.973), shown as a percentage (97.3%).
	Percent
	// Date is a time.Time shown as YYYY-MM-DD in Asia/Shanghai.
	Date
	// DateTime is a time.Time shown as YYYY-MM-DD hh:mm in Asia/Shanghai.
	DateTime

	kindCount // keep last
)

func (k ColumnKind) String() string {
	switch k {
	case Text:
		return "text"
	case Int:
		return "int"
	case Money:
		return "money"
	case Percent:
		return "percent"
	case Date:
		return "date"
	case DateTime:
		return "datetime"
	}
	return "ColumnKind(" + strconv.Itoa(int(k)) + ")"
}

// Column describes one column of a sheet.
type Column struct {
	Header string
	Width  float64 // in characters; 0 picks a width from the header and the first rows
	Kind   ColumnKind
}

// Sheet is one table of a ledger. Each row holds at most len(Columns)
// values; missing trailing values are empty cells.
//
// Values are Go values: for Int, Money and Percent any integer or
// floating-point type (named types too), for Date and DateTime a
// time.Time. nil, nil pointers, invalid sql.Null* values, zero times and
// NaN are empty cells. Pointers and driver.Valuer (sql.NullInt64…) are
// unwrapped. A value of another type in a typed column — a string "—" in a
// Money column, say — is written as text, and so escaped. Personal
// information must already be masked: the ledger writes what it is given.
type Sheet struct {
	Name    string // the worksheet's name; empty gives "Sheet1", "Sheet2"…
	Title   string // optional, a bold title row above the header
	Columns []Column
	Rows    [][]any
}

// shanghai is where dates are shown. The binary embeds time/tzdata; the
// fixed +08:00 fallback is exact for every date since 1991, when China last
// observed daylight saving time.
var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		return time.FixedZone("CST", 8*60*60)
	}
	return loc
}()

// EscapeCell makes a text cell safe to open in a spreadsheet: a value that
// starts with =, +, -, @, a tab or a carriage return could be taken for a
// formula (and run, or exfiltrate data through HYPERLINK or DDE), so it is
// prefixed with a single quote, as OWASP recommends. Other values are
// returned as they are. Numbers written as numbers never need this.
func EscapeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// cellType is the shape of a value once it has been fitted to its column.
type cellType uint8

const (
	cellEmpty cellType = iota
	cellText           // text holds the escaped text
	cellInt            // i holds the number
	cellFloat          // f holds the number
	cellTime           // t holds the instant
)

type cell struct {
	typ  cellType
	text string
	i    int64
	f    float64
	t    time.Time
}

// toCell fits a value to a column of the given kind.
func toCell(k ColumnKind, v any) cell {
	v = unwrap(v)
	if v == nil {
		return cell{}
	}
	switch k {
	case Int, Money, Percent:
		if c, ok := numberCell(v); ok {
			return c
		}
	case Date, DateTime:
		if t, ok := v.(time.Time); ok {
			if t.IsZero() {
				return cell{}
			}
			return cell{typ: cellTime, t: t}
		}
	}
	return textCell(v)
}

// unwrap follows pointers and driver.Valuer (sql.NullString, sql.NullTime…)
// down to a plain value, or nil.
func unwrap(v any) any {
	for range 8 { // a bound, so that a pathological Valuer cannot loop
		switch x := v.(type) {
		case nil:
			return nil
		case string, int, int64, float64, time.Time, int32, uint32, uint64, uint, bool:
			return v
		case driver.Valuer:
			if rv := reflect.ValueOf(v); rv.Kind() == reflect.Pointer && rv.IsNil() {
				return nil
			}
			val, err := x.Value()
			if err != nil {
				return nil
			}
			v = val
			continue
		}
		rv := reflect.ValueOf(v)
		if rv.Kind() != reflect.Pointer {
			return v
		}
		if rv.IsNil() {
			return nil
		}
		v = rv.Elem().Interface()
	}
	return v
}

func numberCell(v any) (cell, bool) {
	switch n := v.(type) {
	case int:
		return cell{typ: cellInt, i: int64(n)}, true
	case int64:
		return cell{typ: cellInt, i: n}, true
	case int32:
		return cell{typ: cellInt, i: int64(n)}, true
	case float64:
		return floatCell(n), true
	case float32:
		return floatCell(float64(n)), true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return cell{typ: cellInt, i: rv.Int()}, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if u := rv.Uint(); u <= math.MaxInt64 {
			return cell{typ: cellInt, i: int64(u)}, true
		}
		return floatCell(float64(rv.Uint())), true
	case reflect.Float32, reflect.Float64:
		return floatCell(rv.Float()), true
	}
	return cell{}, false
}

// floatCell leaves NaN and infinities empty: a rate whose denominator is
// zero has no value, and a spreadsheet cannot store either.
func floatCell(f float64) cell {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return cell{}
	}
	return cell{typ: cellFloat, f: f}
}

func textCell(v any) cell {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	case time.Time:
		if x.IsZero() {
			return cell{}
		}
		s = x.In(shanghai).Format(dateTimeLayout)
	case fmt.Stringer:
		s = x.String()
	default:
		if rv := reflect.ValueOf(v); rv.Kind() == reflect.String {
			s = rv.String()
		} else {
			s = fmt.Sprint(v)
		}
	}
	if s == "" {
		return cell{}
	}
	return cell{typ: cellText, text: EscapeCell(s)}
}

const (
	dateLayout     = "2006-01-02"
	dateTimeLayout = "2006-01-02 15:04"
)

// display renders a cell as it is shown: what CSV carries and what column
// widths are estimated from.
func (c cell) display(k ColumnKind) string {
	switch c.typ {
	case cellText:
		return c.text
	case cellInt:
		s := strconv.FormatInt(c.i, 10)
		switch k {
		case Money:
			return s + ".00"
		case Percent:
			return percent(float64(c.i))
		}
		return s
	case cellFloat:
		switch k {
		case Money:
			return fixed(c.f, 2)
		case Percent:
			return percent(c.f)
		}
		return fixed(c.f, 0)
	case cellTime:
		if k == Date {
			return c.t.In(shanghai).Format(dateLayout)
		}
		return c.t.In(shanghai).Format(dateTimeLayout)
	}
	return ""
}

func percent(f float64) string { return fixed(f*100, 1) + "%" }

// fixed formats with a fixed number of decimals and without a minus sign on
// a value that rounds to zero.
func fixed(f float64, decimals int) string {
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	if s[0] == '-' {
		if z, _ := strconv.ParseFloat(s, 64); z == 0 {
			return s[1:]
		}
	}
	return s
}
