package overview

import (
	"time"

	"pinghu/internal/appeal"
	"pinghu/internal/community"
	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// Query is what an overview describes: a period of whole days in China
// Standard Time, both included (From, To: YYYY-MM-DD), the date whose end
// the figures are recomputed at (AsOf; "" is today) and a unit inside the
// reader's scope (0 is the whole scope).
type Query struct {
	From, To string
	AsOf     string
	UnitID   int64
}

// resolve checks q and fills in its defaults: an empty from is the first
// day of to's year, an empty to and an empty as-of date are today. A
// period whose start is after its end is refused naming "to", as every
// period of the product is.
func (q Query) resolve(now time.Time) (Query, community.Period, time.Time, error) {
	bad := errs.Fields{}
	p, err := community.ParsePeriod(q.From, q.To, now)
	if err != nil {
		for k, v := range errs.As(err).Fields {
			bad[k] = v
		}
	}
	q.From, q.To = p.From, p.To
	if q.AsOf == "" {
		q.AsOf = now.In(i18n.Zone).Format(time.DateOnly)
	}
	at, ok := appeal.AsOfDate(q.AsOf)
	if !ok {
		bad.Add("as_of", "err.bad_date")
	}
	if q.UnitID < 0 {
		bad.Add("unit_id", "err.unit_unknown")
	}
	return q, p, at, bad.Err()
}
