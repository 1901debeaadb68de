// Package summary writes the summary report (大总结) of a period and a
// unit: sentences in the sub-district's own register, tables and charts,
// built only from the overview's figures (internal/overview), so that the
// report says what the pages show. It writes the report as print-ready A4
// HTML, as .docx and, with the records behind the figures, as an .xlsx
// ledger annex.
package summary
