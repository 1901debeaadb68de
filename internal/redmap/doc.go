// Package redmap is the red map (红色版图): the communities' boundaries,
// uploaded as GeoJSON and kept with their history, and the layers drawn
// over them — party organisations, positions (阵地), stations, key
// projects and micro-projects.
//
// A boundary is checked before anything is written: it must be GeoJSON
// (RFC 7946) holding polygons only, in WGS84 degrees with the longitude
// first, inside China's box (the check the stations use), with closed
// rings, and no larger than the configured limit. A file in a projected
// system (EPSG:3857 metres) or with swapped coordinates is refused by
// name.
//
// A layer is a Source: one file per source, listed in Service.Sources.
// A source gives markers either at a point (a station's WGS84 place) or
// as a count per community, which the map draws at the community's label
// point; every marker links to its records. Each source applies its own
// module's scope, so the map shows only what its lists would show.
package redmap
