// Package policy is the device policy of the Protect API: the policy
// document in the vendor's JSON form (Document), the catalogue of its
// policy[] settings, Normalize, which validates a document and writes it in
// the vendor's spelling, the stored DevicePolicy, and the partner API's
// policy templates built from it. docs/api/policies.md describes the
// behaviour.
package policy
