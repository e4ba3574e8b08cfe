package wolfden

import (
	"errors"
	"slices"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// Scalar is a value the vendor writes as a string ("1", "500") and
// clients sometimes send as a number (python-cyapi's set_policy_item writes
// 1). Either is accepted and checked by its text. A policy document stores
// its Scalars as the vendor's strings; elsewhere they are written back as
// given.
type Scalar struct{ raw jsontext.Value }

// Str is the Scalar of a string.
func Str(s string) Scalar {
	raw, _ := jsontext.AppendQuote(nil, s)
	return Scalar{raw: raw}
}

// Text is the value without quotes.
func (s Scalar) Text() string {
	if s.raw.Kind() == '"' {
		var t string
		_ = json.Unmarshal(s.raw, &t)
		return t
	}
	return string(s.raw)
}

func (s Scalar) IsZero() bool { return len(s.raw) == 0 }

// Raw is the value as it was sent: a JSON string or number.
func (s Scalar) Raw() jsontext.Value { return s.raw }

// AsString makes a number the string of its text.
func (s *Scalar) AsString() {
	if s.raw.Kind() == '0' {
		*s = Str(string(s.raw))
	}
}

func (s Scalar) MarshalJSON() ([]byte, error) {
	if s.IsZero() {
		return []byte(`""`), nil
	}
	return s.raw, nil
}

func (s *Scalar) UnmarshalJSON(b []byte) error {
	v := jsontext.Value(b)
	if k := v.Kind(); k != '"' && k != '0' {
		return errors.New("expected a string or a number")
	}
	s.raw = slices.Clone(v)
	return nil
}
