package zipcrypto

import (
	"archive/zip"
	"errors"
	"hash/crc32"
	"io"
)

// OpenEncrypted reads the member f of an archive encrypted by the
// traditional PKWARE method, as unzip tools do: it checks the password
// against the CRC's high byte, then the decrypted bytes against the CRC.
func OpenEncrypted(f *zip.File, password string) ([]byte, error) {
	raw, err := f.OpenRaw()
	if err != nil {
		return nil, err
	}
	cipher, err := io.ReadAll(raw)
	if err != nil || len(cipher) < zipCryptoHeaderLen {
		return nil, errors.Join(err, errors.New("no encryption header"))
	}
	plain := newZipCryptoKeys(password).decrypt(cipher)
	if plain[zipCryptoHeaderLen-1] != byte(f.CRC32>>24) {
		return nil, errors.New("wrong password")
	}
	if content := plain[zipCryptoHeaderLen:]; crc32.ChecksumIEEE(content) == f.CRC32 {
		return content, nil
	}
	return nil, errors.New("CRC mismatch")
}

// decrypt undoes the PKWARE method the way unzip tools do: it updates the
// keys with each byte it decrypts.
func (k *zipCryptoKeys) decrypt(cipher []byte) []byte {
	plain := make([]byte, len(cipher))
	for i, c := range cipher {
		plain[i] = c ^ k.stream()
		k.update(plain[i])
	}
	return plain
}
