package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image/png"

	"github.com/pquerna/otp"
)

// qrDataURI draws the QR code of an otpauth URL as a PNG in a data: URI,
// on the server: the secret never goes to a third-party QR service, and
// the page needs no script (the CSP allows img-src data:).
func qrDataURI(otpauthURL string) (template.URL, error) {
	key, err := otp.NewKeyFromURL(otpauthURL)
	if err != nil {
		return "", err
	}
	img, err := key.Image(240, 240)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return "", err
	}
	// #nosec G203 -- the URL is a PNG we encoded ourselves, in base64: no character of it can leave the attribute
	return template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())), nil
}

// linkQR draws the QR code of a link to one of our pages (an activity's
// sign-in link, shown on the screen at a meeting). The otp package's
// encoder takes any URL, so the one QR encoder of the binary serves both.
func linkQR(link string) (template.URL, error) { return qrDataURI(link) }
