package wolfden

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// MemoryEvent is an exploit attempt caught by memory protection.
type MemoryEvent struct {
	ID            uuid.UUID
	DeviceID      uuid.UUID
	AgentEventID  string
	Created       time.Time
	Action        int // 0 None, 1 Alert, 2 Block, 3 Terminate
	ViolationType int
	ImageName     string
	ProcessID     int
	FileHashID    string // SHA-256 of the image, upper-case
	FileVersion   string
	DLLVersion    string // the agent version that raised it
	Username      string
	SID           string
	Groups        string
}

// violationTypes are the documented numbers of the memory violation types
// and their policy names. The agent-3.x types have no documented numbers;
// wolfden numbers them from 25 in the documented order, for the data it
// generates itself (docs/api/memoryprotection.md).
var violationTypes = func() map[string]int {
	m := map[string]int{}
	for i, name := range strings.Fields(`stackpivot stackprotect overwritecode outofprocessallocation
		outofprocessmap outofprocesswrite outofprocesswritepe outofprocessoverwritecode
		outofprocessunmapmemory outofprocesscreatethread outofprocessapc lsassread trackdataread`) {
		m[name] = i + 1
	}
	for i, name := range strings.Fields(`zeroallocate dyldinjection maliciouspayload doppelganger oopprotect
		childprocessprotect syscallprobe directsyscall systemdllwrite stolensystemtoken dangerousenvvariable
		maliciouslowintegrity dangerouscomobject injectionviaapc runmacroscript`) {
		m[name] = i + 22
	}
	return m
}()

var memoryActions = map[string]int{"none": 0, "alert": 1, "warning": 1, "block": 2, "terminate": 3}

// ParseViolationType accepts a violation type by number or policy name.
func ParseViolationType(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		for _, v := range violationTypes {
			if v == n {
				return n, true
			}
		}
		return 0, false
	}
	n, ok := violationTypes[strings.ToLower(s)]
	return n, ok
}

// ParseMemoryAction accepts an action by number (0–3) or name.
func ParseMemoryAction(s string) (int, bool) {
	if n, err := strconv.Atoi(s); err == nil {
		return n, n >= 0 && n <= 3
	}
	n, ok := memoryActions[strings.ToLower(s)]
	return n, ok
}
