package zipcrypto

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"testing"
)

func TestEncryptedZip(t *testing.T) {
	large := make([]byte, 100<<10) // more than the encrypting writer's buffer
	for i := range large {
		large[i] = byte(i * 7 / 3)
	}
	for _, content := range [][]byte{[]byte("wolfden simulated file\npath: C:\\x\\invoice.exe\n"), {}, large} {
		m, err := newZipMember("invoice.exe", BytesContent(content))
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := m.writeEncrypted(&buf, "K7wq-93Lm"); err != nil {
			t.Fatal(err)
		}
		archive := buf.Bytes()
		if int64(len(archive)) != m.archiveLen() {
			t.Errorf("%d-byte file: archive of %d bytes, Content-Length %d", len(content), len(archive), m.archiveLen())
		}
		zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
		if err != nil || len(zr.File) != 1 {
			t.Fatalf("archive: %v, %v", zr, err)
		}
		f := zr.File[0]
		if f.Name != "invoice.exe" || f.Flags&0x1 == 0 || f.CRC32 != crc32.ChecksumIEEE(content) {
			t.Fatalf("entry %+v is not an encrypted invoice.exe", f.FileHeader)
		}
		raw, err := f.OpenRaw()
		if err != nil {
			t.Fatal(err)
		}
		cipher, _ := io.ReadAll(raw)
		for _, tt := range []struct {
			password string
			opens    bool
		}{{"K7wq-93Lm", true}, {"K7wq-93Ln", false}} {
			plain := newZipCryptoKeys(tt.password).decrypt(cipher)
			checks := plain[zipCryptoHeaderLen-1] == byte(f.CRC32>>24)
			if opens := checks && bytes.Equal(plain[zipCryptoHeaderLen:], content); opens != tt.opens {
				t.Errorf("%d-byte file: password %q opens the archive: %v, want %v", len(content), tt.password, opens, tt.opens)
			}
		}
	}
}
