package main

import (
	"fmt"
	"sort"
	"strings"

	"pinghu/internal/errs"
	"pinghu/internal/i18n"
)

// explain turns a domain error into a message for the terminal, naming
// each field in English.
func explain(err error) error {
	e := errs.As(err)
	cat := i18n.MustLoad()
	msg := cat.T(i18n.En, e.Message, e.Args...)
	if len(e.Fields) == 0 {
		return fmt.Errorf("%s", msg)
	}
	var parts []string
	for f, key := range e.Fields {
		parts = append(parts, f+": "+cat.T(i18n.En, key))
	}
	sort.Strings(parts)
	return fmt.Errorf("%s (%s)", msg, strings.Join(parts, "; "))
}
