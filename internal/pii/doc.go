// Package pii validates and masks (脱敏) Chinese personal and organisational
// identifiers: mainland mobile numbers, 居民身份证号码 and 统一社会信用代码.
//
// Validation checks the check characters defined by the national standards
// so that typing mistakes are caught at the form rather than discovered
// later when a record cannot be matched. It deliberately does not check
// facts that change over time (which administrative divisions exist, which
// number ranges carriers own, which registration authorities issue codes):
// such tables go stale, and a stale table rejects real people.
//
// Masking follows the display conventions common in Chinese government and
// banking systems (手机号 前3后4, 身份证 前6后4). Mask functions never
// validate: anything that might be an identifier is masked, and a value that
// does not have the expected shape is masked more, not less.
//
// Validators are strict about format; user input should go through the
// Normalize functions first, which trim whitespace, fold full-width
// characters typed with a Chinese IME, and fix letter case.
package pii
