// Package partner is the Multi-Tenant Console side of the API: partners
// and their applications, partner users, tenant provisioning, and the
// usage reports. docs/api/partner.md describes the behaviour.
package partner
