package api

import (
	"archive/zip"
	"bytes"
	"crypto/rand"
	"hash/crc32"
	"net/http"
)

// encryptedZip is a ZIP archive of one file, encrypted with password by
// the traditional PKWARE method ("ZipCrypto"), which every unzip tool
// opens: how retrieved files and threat samples are handed out.
// archive/zip writes no encryption, so the entry is written raw.
func encryptedZip(name string, content []byte, password string) ([]byte, error) {
	crc := crc32.ChecksumIEEE(content)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, Flags: 0x1, CRC32: crc,
		CompressedSize64: uint64(zipCryptoHeaderLen + len(content)), UncompressedSize64: uint64(len(content))})
	if err != nil {
		return nil, err
	}
	// The encryption header: random bytes, then the CRC's high byte, which
	// unzip tools check the password against.
	header := make([]byte, zipCryptoHeaderLen)
	rand.Read(header[:zipCryptoHeaderLen-1])
	header[zipCryptoHeaderLen-1] = byte(crc >> 24)
	keys := newZipCryptoKeys(password)
	if _, err := w.Write(keys.encrypt(append(header, content...))); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeEncryptedZip answers encryptedZip(name, content, password).
func writeEncryptedZip(w http.ResponseWriter, name string, content []byte, password string) error {
	archive, err := encryptedZip(name, content, password)
	if err != nil {
		return err
	}
	writeDownload(w, "application/zip", archive)
	return nil
}

const zipCryptoHeaderLen = 12

// zipCryptoKeys is the cipher state of the PKWARE method (APPNOTE.TXT
// §6.1).
type zipCryptoKeys [3]uint32

func newZipCryptoKeys(password string) *zipCryptoKeys {
	k := &zipCryptoKeys{0x12345678, 0x23456789, 0x34567890}
	for i := 0; i < len(password); i++ {
		k.update(password[i])
	}
	return k
}

func crc32Byte(crc uint32, b byte) uint32 { return crc32.IEEETable[byte(crc)^b] ^ crc>>8 }

func (k *zipCryptoKeys) update(plain byte) {
	k[0] = crc32Byte(k[0], plain)
	k[1] = (k[1]+k[0]&0xff)*134775813 + 1
	k[2] = crc32Byte(k[2], byte(k[1]>>24))
}

func (k *zipCryptoKeys) stream() byte {
	t := k[2]&0xffff | 2
	return byte(t * (t ^ 1) >> 8)
}

// encrypt encrypts plain in place and returns it.
func (k *zipCryptoKeys) encrypt(plain []byte) []byte {
	for i, c := range plain {
		plain[i] = c ^ k.stream()
		k.update(c)
	}
	return plain
}
