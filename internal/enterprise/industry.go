package enterprise

import "strings"

// Industry is a top-level section (门类) of GB/T 4754-2017 国民经济行业分类.
// The registry keeps only the section: the seed and the leaders' reports
// speak of manufacturing, software and so on, never of four-digit classes.
type Industry struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEn string `json:"name_en"`
}

// Industries lists the 20 sections in the standard's order. The names are
// also in the message catalog as enterprise.industry.<code> so that the
// Traditional Chinese catalog derives them; a test keeps both in step.
var Industries = []Industry{
	{"A", "农、林、牧、渔业", "Agriculture, forestry, animal husbandry and fishery"},
	{"B", "采矿业", "Mining"},
	{"C", "制造业", "Manufacturing"},
	{"D", "电力、热力、燃气及水生产和供应业", "Production and supply of electricity, heat, gas and water"},
	{"E", "建筑业", "Construction"},
	{"F", "批发和零售业", "Wholesale and retail trade"},
	{"G", "交通运输、仓储和邮政业", "Transport, storage and postal services"},
	{"H", "住宿和餐饮业", "Accommodation and catering"},
	{"I", "信息传输、软件和信息技术服务业", "Information transmission, software and information technology services"},
	{"J", "金融业", "Finance"},
	{"K", "房地产业", "Real estate"},
	{"L", "租赁和商务服务业", "Leasing and business services"},
	{"M", "科学研究和技术服务业", "Scientific research and technical services"},
	{"N", "水利、环境和公共设施管理业", "Water conservancy, environment and public facilities management"},
	{"O", "居民服务、修理和其他服务业", "Resident services, repair and other services"},
	{"P", "教育", "Education"},
	{"Q", "卫生和社会工作", "Health and social work"},
	{"R", "文化、体育和娱乐业", "Culture, sports and entertainment"},
	{"S", "公共管理、社会保障和社会组织", "Public administration, social security and social organisations"},
	{"T", "国际组织", "International organisations"},
}

// industryOf finds a section by code.
func industryOf(code string) (Industry, bool) {
	for _, in := range Industries {
		if in.Code == code {
			return in, true
		}
	}
	return Industry{}, false
}

// ValidIndustry reports whether code is a section code; "" (not recorded)
// is valid too.
func ValidIndustry(code string) bool {
	if code == "" {
		return true
	}
	_, ok := industryOf(code)
	return ok
}

// IndustryName names a section in a language: English for "en" and its
// variants, the standard's Chinese otherwise. Pages in Traditional Chinese
// use the catalog key enterprise.industry.<code> instead. An unknown code
// is returned as it is, so a bad value shows rather than vanishes.
func IndustryName(code, lang string) string {
	in, ok := industryOf(code)
	if !ok {
		return code
	}
	if l := strings.ToLower(lang); l == "en" || strings.HasPrefix(l, "en-") {
		return in.NameEn
	}
	return in.Name
}
