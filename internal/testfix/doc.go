// Package testfix is the set-up the domain packages' tests share: a fresh
// database's clock, audit log and account service, and helpers that add
// units and users to the organisation tree and read counts back. Each
// package still builds its own small world with these helpers, so a test
// reads its tree where it is used. Only _test files import it (the
// layout test keeps it out of the product).
package testfix
