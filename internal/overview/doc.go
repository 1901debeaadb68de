// Package overview puts the figures of every module on one page (街道总览)
// and under GET /api/v1/stats/overview: the enterprise service, the key
// projects with their supervision, community governance and the party
// organisations. It computes nothing of its own: each module counts its
// figures in the reader's scope by the conditions of its own lists, and
// this package asks each for one period, one as-of date and one unit and
// puts the answers side by side, so that every figure still equals the
// list behind it. The summary report (internal/report/summary) is written
// only from these figures.
package overview
