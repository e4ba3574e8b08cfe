package rest

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// RoutePattern is the pattern of the route serving r
// ("/devices/v2/{device}"): "" before routing, and when no route matched.
func RoutePattern(r *http.Request) string { return chi.RouteContext(r.Context()).RoutePattern() }

// PathParam is a path segment, unescaped.
func PathParam(r *http.Request, name string) string {
	v := chi.URLParam(r, name)
	if u, err := url.PathUnescape(v); err == nil {
		return u
	}
	return v
}

// PathID resolves a path segment naming a resource by GUID, in either
// form; a malformed id is an unknown resource (404), named by noun.
func PathID(r *http.Request, param, noun string) (uuid.UUID, error) {
	key := PathParam(r, param)
	id, ok := wolfden.ParseID(key)
	if !ok {
		return uuid.Nil, wolfden.Errorf(wolfden.ENotFound, "%s %q not found", noun, key)
	}
	return id, nil
}

// BearerToken is the token of an "Authorization: Bearer" header, and
// whether there is one.
func BearerToken(r *http.Request) (string, bool) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	return token, strings.EqualFold(scheme, "Bearer") && token != ""
}

// SameID checks that an id a body repeats (clients send an object back
// whole) names the resource of the path; absent is fine.
func SameID(field string, body *string, path uuid.UUID) error {
	if body == nil {
		return nil
	}
	if id, ok := wolfden.ParseID(*body); !ok || id != path {
		return wolfden.FieldErrorf(field, "%q is not the id of the path, %s", *body, path)
	}
	return nil
}

// DeviceID resolves the {device} path segment, in either GUID form.
func DeviceID(r *http.Request) (uuid.UUID, error) { return PathID(r, "device", "device") }
