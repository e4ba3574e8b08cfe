// Package wolfden is the vocabulary every other package speaks: the error
// type that carries the API's status-code contract, ids, pages and sorts,
// scopes, and the Protect API's objects (tenants and applications, users,
// zones, devices and their lifecycle, threats and their samples, global
// lists, memory-protection events, the device installer).
//
// Dependencies point one way. The engines build on this package: policy
// (the policy document), optics (detection rules, rule sets, detections),
// agentsim (the simulated agents and their commands) and partner (the
// Multi-Tenant Console). Package store declares the storage contract over
// all of them, sqlstore implements it, auth turns credentials into a
// Principal, api serves the vendor's HTTP API, and cmd/wolfden wires
// everything together. wolfden itself knows nothing of HTTP or SQL.
package wolfden
