package rest

// TokenResponse is the answer of a token exchange, the tenant's and the
// partner's.
type TokenResponse struct {
	AccessToken string `json:"access_token"`
	// Not documented for the tenant's exchange; harmless, and handy for
	// clients that want to know when to renew.
	ExpiresIn int    `json:"expires_in"`
	TokenType string `json:"token_type"`
}
