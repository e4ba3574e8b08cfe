// Package wolfden holds the domain of the wolfden server: the types every
// other package speaks (tenants, applications, scopes, users, pages), the
// error type that carries the API's status-code contract, and the storage
// interfaces that the sqlstore package implements.
//
// Dependencies point one way: wolfden knows nothing of HTTP or SQL;
// package sqlstore implements Store; package auth turns credentials into a
// Principal; package api serves the vendor's HTTP API on top of them; and
// cmd/wolfden wires everything together.
package wolfden
