package auth

import (
	"encoding/json"
	"strings"

	"github.com/golang-jwt/jwt/v5"

	"github.com/wolfden/wolfden"
)

// ClientIssuer is the iss claim of every client's auth token.
const ClientIssuer = "http://cylance.com"

// accessIssuer is the iss claim of the access tokens wolfden issues.
const accessIssuer = "wolfden"

// clientClaims are the claims of the auth token a client builds
// (docs/api/auth.md).
type clientClaims struct {
	jwt.RegisteredClaims
	TenantID string     `json:"tid"`
	Scopes   scopeClaim `json:"scp"`
}

// scopeClaim is the scp claim: a comma-separated string, or (as XSOAR sends
// it) a JSON array. Names that are not scopes are dropped, not refused, a
// choice where the vendor is silent. It stays nil when the claim is absent
// or empty, which means "every privilege of the application".
type scopeClaim []wolfden.Scope

func (sc *scopeClaim) UnmarshalJSON(b []byte) error {
	var names []string
	var joined string
	if err := json.Unmarshal(b, &joined); err == nil {
		names = strings.Split(joined, ",")
	} else if err := json.Unmarshal(b, &names); err != nil {
		return err
	}
	var scopes []wolfden.Scope
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			scopes = append(scopes, wolfden.Scope(n))
		}
	}
	if len(names) > 0 && len(scopes) > 0 {
		*sc = scopes
	}
	return nil
}

// accessClaims are the claims of an access token.
type accessClaims struct {
	jwt.RegisteredClaims
	TenantID string `json:"tid"`
	Scopes   string `json:"scp"` // a wolfden.ScopeSet
}

// clientToken is a client's auth token, decoded but not verified.
type clientToken struct {
	claims       clientClaims
	signingInput string // header.claims, as signed
	signature    []byte
}

// claimKinds are the JSON kinds the registered and wolfden claims must
// have: RFC 7519 NumericDates are numbers, not strings that hold one.
var claimKinds = map[string]jsonKind{
	"exp": jsonNumber, "iat": jsonNumber, "nbf": jsonNumber,
	"iss": jsonString, "sub": jsonString, "tid": jsonString, "jti": jsonString,
	"aud": jsonString | jsonStringArray, "scp": jsonString | jsonStringArray,
}

// parseClientToken decodes an auth token and checks its header and the
// JSON kinds of its claims, with messages of its own: nothing of the JWT
// library's (Go type names) reaches a client.
func parseClientToken(authToken string) (*clientToken, error) {
	parts := strings.Split(authToken, ".")
	if len(parts) != 3 {
		return nil, invalid("auth_token is not a JWT: it must be three base64url parts (header, claims, signature) separated by dots")
	}
	p := jwt.NewParser()
	var header struct {
		Alg string `json:"alg"`
	}
	if b, err := p.DecodeSegment(parts[0]); err != nil || json.Unmarshal(b, &header) != nil {
		return nil, invalid("auth_token is not a JWT: its header is not a base64url-encoded JSON object")
	}
	if header.Alg != hs256.Alg() {
		return nil, invalid("auth_token must be signed with HS256, not %q", header.Alg)
	}
	payload, err := p.DecodeSegment(parts[1])
	var raw map[string]json.RawMessage
	if err != nil || json.Unmarshal(payload, &raw) != nil {
		return nil, invalid("auth_token is not a JWT: its claims are not a base64url-encoded JSON object")
	}
	for name, want := range claimKinds {
		if v, ok := raw[name]; ok && kindOf(v)&want == 0 {
			return nil, invalid("auth_token claim %s must be %s, not %s", name, want, kindOf(v))
		}
	}
	tok := &clientToken{signingInput: parts[0] + "." + parts[1]}
	if err := json.Unmarshal(payload, &tok.claims); err != nil {
		return nil, invalid("auth_token claims are out of range") // a NumericDate past float64, say
	}
	if tok.signature, err = p.DecodeSegment(parts[2]); err != nil {
		return nil, invalid("auth_token is not a JWT: its signature is not base64url-encoded")
	}
	return tok, nil
}

// jsonKind is a set of JSON value kinds.
type jsonKind uint8

const (
	jsonNumber jsonKind = 1 << iota
	jsonString
	jsonStringArray
	jsonArray // of anything but strings alone
	jsonObject
	jsonBoolean
	jsonNull
)

var jsonKindNames = []struct {
	kind jsonKind
	name string
}{
	{jsonNumber, "a number"}, {jsonString, "a string"}, {jsonStringArray, "an array of strings"}, {jsonArray, "an array"},
	{jsonObject, "an object"}, {jsonBoolean, "a boolean"}, {jsonNull, "null"},
}

// kindOf is the kind of a JSON value (valid JSON, as a member of an
// object that decoded).
func kindOf(v json.RawMessage) jsonKind {
	switch v[0] {
	case '"':
		return jsonString
	case '[':
		var items []json.RawMessage
		json.Unmarshal(v, &items)
		for _, item := range items {
			if item[0] != '"' {
				return jsonArray
			}
		}
		return jsonStringArray
	case '{':
		return jsonObject
	case 't', 'f':
		return jsonBoolean
	case 'n':
		return jsonNull
	}
	return jsonNumber
}

func (k jsonKind) String() string {
	var names []string
	for _, n := range jsonKindNames {
		if k&n.kind != 0 {
			names = append(names, n.name)
		}
	}
	return strings.Join(names, " or ")
}
