package demo

import (
	"fmt"
	"time"

	"pinghu/internal/pii"
)

// The demo holds personal information in full, as a real installation
// does, so that masking has something to hide and the tests that scan every
// output for numbers have something to find. The numbers are made up from
// an index, not drawn from the generator, so that adding them changes no
// figure of the demo. Mobile numbers are in the 199 segment and ID numbers
// are of 440307 (Longgang) with birth dates in the 1970s–1990s; none is
// known to belong to anyone.

// demoMobile is the n-th demo mobile number.
func demoMobile(n int) string {
	return fmt.Sprintf("199%08d", (n*7919+2022)%100_000_000)
}

// demoIDCard is the n-th demo 居民身份证号码, with its check character.
func demoIDCard(n int) string {
	born := time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, (n*389)%9000)
	first17 := fmt.Sprintf("440307%s%03d", born.Format("20060102"), 100+n%900)
	c, _ := pii.IDCardCheckChar(first17)
	return first17 + string(c)
}

// appealDescription is what an enterprise wrote; some left a number to
// call back, some the legal representative's ID number, as people do.
func appealDescription(i int, title string) string {
	s := "企业反映：" + title + "，希望街道协调解决。"
	if i%5 == 0 {
		s += "联系人电话 " + demoMobile(1000+i) + "。"
	}
	if i%11 == 0 {
		s += "法定代表人身份证号码：" + demoIDCard(i) + "。"
	}
	return s
}

// visitFindings is what a specialist wrote after a visit; some noted the
// number of the person they met.
func visitFindings(i int) string {
	s := "走访了解企业生产经营情况，宣讲惠企纾困政策。"
	if i%4 == 0 {
		s += "对接人手机 " + demoMobile(5000+i) + "，可直接联系。"
	}
	return s
}
