package account

import "strings"

// commonPasswords holds widely used passwords of ten or more characters
// (shorter ones already fail the length rule), drawn from the patterns
// that top every published leak list, including the Chinese ones
// (woaini, 5201314, pinyin names, phone-keypad runs).
var commonPasswords = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`
1234567890 0987654321 12345678910 1234567891 123456789a a123456789 123456789q q123456789
1qaz2wsx3edc 1q2w3e4r5t 1q2w3e4r5t6y 1qaz2wsx3e qwertyuiop qwertyuiop123 qwerty1234 qwerty12345
qwerty123456 asdfghjkl; asdfghjkl1 asdfghjkl123 zxcvbnm123 zxcvbnm1234 1234qwerasdf qweasdzxc1
qweasdzxc123 password12 password123 password1234 passw0rd123 p@ssw0rd123 p@ssword123 password!
password01 administrator admin12345 admin123456 admin@1234 admin@12345 root123456 root@12345
iloveyou12 iloveyou123 woaini1314 woaini5201314 5201314520 5201314woaini 1314520520 woaiwojia123
aaaaaaaaaa 1111111111 0000000000 1212121212 1122334455 1234512345 123123123123 147258369a
1472583690 3692581470 9876543210 abc1234567 abcd123456 abc123456789 a1b2c3d4e5 a1234567890
zhang123456 wang123456 li12345678 liu123456789 chen123456 yang123456 huang123456 zhao123456
zhangwei123 wangwei123 wangfang123 liuyang123 welcome123 welcome1234 letmein123 sunshine12
football12 baseball12 princess12 dragon1234 monkey12345 shadow1234 master1234 superman12
computer12 internet12 qazwsxedc123 qazwsxedcrfv 1qazxsw23edc !qaz2wsx3edc 1qaz@wsx3edc
pinghu123456 pinghu2022 shenzhen123 shenzhen2022 longgang123 changeme12 changeme123 default123
test123456 testtest12 guest123456 user123456 china123456 zhongguo123 beijing123 12345qwert
`) {
		commonPasswords[p] = true
	}
}

func isCommon(password string) bool {
	return commonPasswords[strings.ToLower(password)]
}
