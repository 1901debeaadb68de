// Package layout holds no code: its test enforces the import rule of the
// README's "Architecture" section, so the rule cannot drift from the code.
package layout
