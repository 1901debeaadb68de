// Package station keeps the service stations (驿站): 暖蜂驿站 for couriers
// and riders, 志愿者U站, 铁骑驿站 for the traffic police, traffic
// self-service kiosks, 司机之家 and the party-and-people service centres,
// with where they are (WGS84), what they offer and whom they serve; their
// service records (a day's count per service, or one entry); their
// figures for the community dashboard; and their GeoJSON feed (RFC 7946).
//
// A new-employment site (新就业群体服务站点) is a station that serves
// couriers, delivery riders or drivers: the flag is derived from the groups
// served on every write, never typed in, so the count cannot drift from
// the groups people see.
//
// Stations hold no personal information: a station is a place, and its
// records are counts.
package station
