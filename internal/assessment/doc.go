// Package assessment is the cadre assessment reference (干部年度考核参考):
// for each cadre and year, the parts that the annual assessment weighs —
// projects led, milestones owned (on time, late, overdue, pending),
// supervision notices received and how they were answered, and activity
// attendance — gathered from the modules that own them.
//
// It is a reference, not a verdict: it never folds the parts into one
// score. The three rates it shows are each a plain fraction whose
// numerator and denominator are shown beside it, and the formula is
// printed on the page and in the ledger (Formula).
package assessment
