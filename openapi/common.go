package openapi

// The answers every operation can give, which the area files leave out
// and assembly adds, so that each operation in the served document lists
// every status it can answer: 429 and 500 anywhere (a tenant over its
// rate, a failure); 401 where a token is needed and 403 where it needs a
// scope; 400 and 413 where a request body is read, 400 where a request
// with a token has query parameters.
func addCommonResponses(doc map[string]any) {
	for _, item := range asMap(doc["paths"]) {
		for method, op := range asMap(item) {
			if !isMethod(method) {
				continue
			}
			op := asMap(op)
			responses := child(op, "responses")
			add := func(status, ref string) {
				if _, ok := responses[status]; !ok {
					responses[status] = map[string]any{"$ref": "#/components/responses/" + ref}
				}
			}
			add("429", "TooManyRequests")
			add("500", "InternalError")
			secured, scoped := security(op, doc)
			if secured {
				add("401", "Unauthorized")
			}
			if scoped {
				add("403", "Forbidden")
			}
			if _, ok := op["requestBody"]; ok {
				add("400", "BadRequest")
				add("413", "TooLarge")
			}
			// A malformed path id is 404, and a signed link's query is its
			// signature, so a bad one is 404 too.
			if secured && readsQuery(op, doc) {
				add("400", "BadRequest")
			}
		}
	}
}

// security reports whether op needs a token (its own security, else the
// document's; an empty list, as a signed link or a probe has, needs none)
// and whether the token needs a scope.
func security(op, doc map[string]any) (secured, scoped bool) {
	sec, ok := op["security"].([]any)
	if !ok {
		sec, _ = doc["security"].([]any)
	}
	for _, req := range sec {
		for _, scopes := range asMap(req) {
			secured = true
			if s, _ := scopes.([]any); len(s) > 0 {
				scoped = true
			}
		}
	}
	return secured, scoped
}

// readsQuery reports whether op takes query parameters.
func readsQuery(op, doc map[string]any) bool {
	params, _ := op["parameters"].([]any)
	for _, p := range params {
		if p, _ := deref(doc, p, ""); p["in"] == "query" {
			return true
		}
	}
	return false
}

func isMethod(s string) bool {
	switch s {
	case "get", "put", "post", "delete", "patch", "head", "options", "trace":
		return true
	}
	return false
}
