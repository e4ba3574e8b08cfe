package optics

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Event is what an agent saw: field name → value, the fields a rule's
// FieldOperators test (e.g. "Function": "powershell.exe").
type Event map[string]string

// MaxEventFields bounds the fields of a reported event, far above real
// events (tens of fields).
const MaxEventFields = 1000

// field finds an event field by name in any case, as rule field names are
// written either way.
func (e Event) field(name string) (string, bool) {
	if v, ok := e[name]; ok {
		return v, true
	}
	for k, v := range e {
		if strings.EqualFold(k, name) {
			return v, true
		}
	}
	return "", false
}

// DeviceSystem is the rule operating system (Windows, macOS or Linux) of a
// device's OS version.
func DeviceSystem(osVersion string) string {
	switch v := strings.ToLower(osVersion); {
	case strings.Contains(v, "windows"):
		return "Windows"
	case strings.Contains(v, "mac") || strings.Contains(v, "os x"):
		return "macOS"
	default:
		return "Linux"
	}
}

// Matches reports whether the rule applies to event on a device running
// system: the rule names the system, and one of its states holds, that is
// every field operator of the state holds for the event. This is how an
// exception decides what it suppresses.
func (d *RuleDocument) Matches(event Event, system string) bool {
	return d.RunsOn(system) && slices.ContainsFunc(d.States, func(s RuleState) bool { return s.holds(event) })
}

// RunsOn reports whether the rule names the operating system.
func (d *RuleDocument) RunsOn(system string) bool {
	return slices.ContainsFunc(d.OperatingSystems, func(os NameRef) bool { return strings.EqualFold(os.Name, system) })
}

func (s *RuleState) holds(event Event) bool {
	for field, op := range s.FieldOperators {
		if !op.holds(event, field) {
			return false
		}
	}
	return true
}

// holds applies the operator to the event's field. A field the event
// lacks satisfies only the negative operators.
func (op *FieldOperator) holds(event Event, field string) bool {
	value, present := event.field(field)
	switch op.Type {
	case "Exists":
		return present
	case "NotEquals", "NotEqualsAny":
		return !present || !op.anyOperand(event, func(o string) bool { return op.equal(value, o) })
	}
	if !present {
		return false
	}
	return op.anyOperand(event, func(o string) bool { return op.compare(value, o) })
}

// anyOperand reports whether test holds for one of the operands' values; a
// Field operand stands for the value of that event field.
func (op *FieldOperator) anyOperand(event Event, test func(string) bool) bool {
	for _, o := range op.Operands {
		values, _ := o.Values()
		for _, v := range values {
			if o.Source == "Field" {
				var ok bool
				if v, ok = event.field(v); !ok {
					continue
				}
			}
			if test(v) {
				return true
			}
		}
	}
	return false
}

func (op *FieldOperator) ignoreCase() bool { return op.Options != nil && op.Options.IgnoreCase }

func (op *FieldOperator) equal(value, operand string) bool {
	if op.ignoreCase() {
		return strings.EqualFold(value, operand)
	}
	return value == operand
}

// compare applies a positive operator to one operand.
func (op *FieldOperator) compare(value, operand string) bool {
	if op.Type == "MatchesRegex" {
		if op.ignoreCase() {
			operand = "(?i)" + operand
		}
		re, err := regexp.Compile(operand)
		return err == nil && re.MatchString(value)
	}
	if op.Type == "GreaterThan" || op.Type == "LessThan" {
		a, errA := strconv.ParseFloat(value, 64)
		b, errB := strconv.ParseFloat(operand, 64)
		if errA != nil || errB != nil {
			return false
		}
		return (op.Type == "GreaterThan" && a > b) || (op.Type == "LessThan" && a < b)
	}
	if op.ignoreCase() {
		value, operand = strings.ToLower(value), strings.ToLower(operand)
	}
	switch strings.TrimSuffix(op.Type, "Any") {
	case "Equals":
		return value == operand
	case "Contains":
		return strings.Contains(value, operand)
	case "StartsWith":
		return strings.HasPrefix(value, operand)
	case "EndsWith":
		return strings.HasSuffix(value, operand)
	}
	return false
}

// SampleEvent is an event that activates the rule's first state, made from
// its operands: what a simulated agent reports when it is told only which
// rule fired. Fields whose operator cannot be satisfied from an operand
// (patterns, negations, comparisons) are left out or given a neutral value.
func (d *RuleDocument) SampleEvent() Event {
	event := Event{}
	if len(d.States) == 0 {
		return event
	}
	s := d.States[0]
	for field, op := range s.FieldOperators {
		var first string
		for _, o := range op.Operands {
			if values, err := o.Values(); err == nil && o.Source != "Field" {
				first = values[0]
				break
			}
		}
		switch op.Type {
		case "Equals", "EqualsAny", "StartsWith", "StartsWithAny", "EndsWith", "EndsWithAny", "Contains", "ContainsAny":
			event[field] = first
		case "GreaterThan":
			if n, err := strconv.ParseFloat(first, 64); err == nil {
				event[field] = strconv.FormatFloat(n+1, 'f', -1, 64)
			}
		case "LessThan":
			if n, err := strconv.ParseFloat(first, 64); err == nil {
				event[field] = strconv.FormatFloat(n-1, 'f', -1, 64)
			}
		case "Exists":
			event[field] = "present"
		}
	}
	return event
}
