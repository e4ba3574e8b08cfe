// Package zipcrypto writes ZIP archives encrypted by the traditional
// PKWARE method, as the vendor's sample and file downloads are (password
// "infected"), and reads them back.
package zipcrypto

import (
	"archive/zip"
	"crypto/rand"
	"hash/crc32"
	"io"
	"net/http"
	"strconv"
)

// zipMember is the one file of a ZIP archive that retrieved files and
// threat samples are handed out in. Its content is written whenever it is
// needed (to checksum it, then to archive it) rather than held whole, as a
// generated sample of megabytes would be.
type zipMember struct {
	name    string
	content func(io.Writer) error // writes the same bytes each time
	crc     uint32
	size    int64
}

func newZipMember(name string, content func(io.Writer) error) (*zipMember, error) {
	sum := crc32.NewIEEE()
	size := &countingWriter{w: sum}
	if err := content(size); err != nil {
		return nil, err
	}
	return &zipMember{name: name, content: content, crc: sum.Sum32(), size: size.n}, nil
}

// archiveLen is the length of the archive writeEncrypted writes: the local
// header, the encryption header, the file, its central directory entry and
// the end record (no ZIP64 below 4 GiB).
func (m *zipMember) archiveLen() int64 {
	return 30 + int64(len(m.name)) + zipCryptoHeaderLen + m.size + 46 + int64(len(m.name)) + 22
}

// writeEncrypted writes the archive of m, encrypted with password by the
// traditional PKWARE method ("ZipCrypto"), which every unzip tool opens.
// archive/zip writes no encryption, so the entry is written raw.
func (m *zipMember) writeEncrypted(w io.Writer, password string) error {
	zw := zip.NewWriter(w)
	fw, err := zw.CreateRaw(&zip.FileHeader{Name: m.name, Method: zip.Store, Flags: 0x1, CRC32: m.crc,
		CompressedSize64: uint64(zipCryptoHeaderLen + m.size), UncompressedSize64: uint64(m.size)})
	if err != nil {
		return err
	}
	// The encryption header: random bytes, then the CRC's high byte, which
	// unzip tools check the password against.
	header := make([]byte, zipCryptoHeaderLen)
	rand.Read(header[:zipCryptoHeaderLen-1])
	header[zipCryptoHeaderLen-1] = byte(m.crc >> 24)
	ew := &zipCryptoWriter{keys: newZipCryptoKeys(password), w: fw}
	if _, err := ew.Write(header); err != nil {
		return err
	}
	if err := m.content(ew); err != nil {
		return err
	}
	return zw.Close()
}

// WriteEncryptedZip answers a ZIP archive of one file, name, encrypted
// with password.
func WriteEncryptedZip(w http.ResponseWriter, name string, content func(io.Writer) error, password string) error {
	m, err := newZipMember(name, content)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/zip")
	w.Header().Set("Content-Length", strconv.FormatInt(m.archiveLen(), 10))
	// Once the archive is under way, a failure (the client gone) can only
	// cut it short, below its Content-Length: no error answer can follow.
	m.writeEncrypted(w, password)
	return nil
}

// BytesContent is the content of a file held whole.
func BytesContent(b []byte) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := w.Write(b)
		return err
	}
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
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

// zipCryptoWriter encrypts what it writes to w, a buffer at a time.
type zipCryptoWriter struct {
	keys *zipCryptoKeys
	w    io.Writer
	buf  [32 << 10]byte
}

func (z *zipCryptoWriter) Write(plain []byte) (int, error) {
	written := 0
	for len(plain) > 0 {
		chunk := z.buf[:min(len(plain), len(z.buf))]
		for i, c := range plain[:len(chunk)] {
			chunk[i] = c ^ z.keys.stream()
			z.keys.update(c)
		}
		n, err := z.w.Write(chunk)
		written += n
		if err != nil {
			return written, err
		}
		plain = plain[len(chunk):]
	}
	return written, nil
}
