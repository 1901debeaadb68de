// Package community gathers the figures of community governance (基层治理)
// for the community dashboard and GET /api/v1/stats/community: the
// residents' livelihood micro-projects, the expert think tank, the
// service stations and the joint volunteer services. Each module counts
// its own figures in the reader's scope, by the conditions of its list,
// so that every figure equals the total of the list behind it; this
// package only asks them for one period and one unit and puts the
// answers side by side.
package community
