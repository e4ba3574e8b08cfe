package wolfden

import "github.com/google/uuid"

// Modifier is who last changed an OPTICS object: {id, login} on the wire.
// Changes through the API are made by an application: its id and name.
type Modifier struct {
	ID    uuid.UUID
	Login string
}
