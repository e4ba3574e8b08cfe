package wolfden

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorCode classifies a failure. The api package maps each code to one HTTP
// status, once, so no handler decides a status on its own.
type ErrorCode string

const (
	EInvalid        ErrorCode = "invalid"         // malformed request or failed validation (400)
	EUnauthorized   ErrorCode = "unauthorized"    // missing or bad credentials (401)
	EForbidden      ErrorCode = "forbidden"       // the credentials lack the scope (403)
	ENotFound       ErrorCode = "not_found"       // unknown resource (404)
	EConflict       ErrorCode = "conflict"        // a unique name or entry is taken (409)
	ENotImplemented ErrorCode = "not_implemented" // the operation does not exist or is not built (501)
	EInternal       ErrorCode = "internal"        // anything unexpected (500)

	// Failures of the vendor's service that wolfden answers only when a
	// fault rule asks it to (package faults).
	EBadGateway     ErrorCode = "bad_gateway"     // 502
	EUnavailable    ErrorCode = "unavailable"     // 503
	EGatewayTimeout ErrorCode = "gateway_timeout" // 504
)

// Error is a failure that a client should see as it is. Field is the path of
// the offending input (e.g. "zones[1].id") when there is one.
type Error struct {
	Code    ErrorCode
	Message string
	Field   string
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with a formatted message.
func Errorf(code ErrorCode, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EInvalid *Error about the input at path field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// CheckLength refuses a list at field of more than max entries.
func CheckLength(field string, n, max int) error {
	if n > max {
		return FieldErrorf(field, "%s lists %d entries; at most %d are allowed", field, n, max)
	}
	return nil
}

// CodeOf returns the code of err: "" when err is nil (no failure), the
// code of the *Error it wraps, or EInternal for any other error (a nil
// *Error too).
func CodeOf(err error) ErrorCode {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e != nil {
		return e.Code
	}
	return EInternal
}

// FieldNotFoundf is an ENotFound error about what the request names at
// field (e.g. "rules[2].detection_rule_id").
func FieldNotFoundf(field, format string, args ...any) *Error {
	return &Error{Code: ENotFound, Field: field, Message: fmt.Sprintf(format, args...)}
}

// WithinField places err's field under parent, for input nested in a
// request: ("policy", policy[3].value) is policy.policy[3].value. Other
// errors are returned as they are.
func WithinField(parent string, err error) error {
	var e *Error
	if !errors.As(err, &e) || e.Code != EInvalid {
		return err
	}
	nested := *e
	switch {
	case e.Field == "":
		nested.Field = parent
	case strings.HasPrefix(e.Field, "["):
		nested.Field = parent + e.Field
	default:
		nested.Field = parent + "." + e.Field
	}
	return &nested
}
