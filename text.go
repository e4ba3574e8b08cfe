package wolfden

import (
	"fmt"
	"unicode/utf8"
)

// No field of the API may hold a C0 control character other than tab, line
// feed and carriage return, nor text that is not UTF-8: PostgreSQL refuses
// NUL and invalid UTF-8 (SQLite would store them), and the other controls
// are garbage in every name, path and filter the vendor documents. Both
// backends therefore see only text both can hold.

// TextFault describes the first character of s that no field may hold, or
// is "" when there is none.
func TextFault(s string) string {
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			return fmt.Sprintf("holds a byte that is not UTF-8 at byte %d", i)
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return fmt.Sprintf("holds the control character U+%04X at byte %d", c, i)
		}
		i += size
	}
	return ""
}
