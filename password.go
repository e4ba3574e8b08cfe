package wolfden

import "crypto/rand"

// passwordAlphabet leaves out characters that read alike (0/O, 1/l/I), as
// the passwords are read off a console and typed on a device.
const passwordAlphabet = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ"

// NewPassword returns a random password of two groups of four, like
// "K7wq-93Lm" (the vendor's lockdown example): what unlocks a device
// locally or opens a retrieved file's archive.
func NewPassword() string {
	b := make([]byte, 9)
	rand.Read(b)
	for i := range b {
		b[i] = passwordAlphabet[int(b[i])%len(passwordAlphabet)]
	}
	b[4] = '-'
	return string(b)
}
