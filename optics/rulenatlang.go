package optics

import (
	"fmt"
	"slices"
	"strings"
)

// ruleOperator is an operator of FieldOperators: how it reads, and
// whether it takes operands.
type ruleOperator struct {
	phrase   string
	operands bool
}

// ruleOperators are the operators wolfden accepts, by canonical name.
var ruleOperators = map[string]ruleOperator{
	"Equals":        {"equals", true},
	"EqualsAny":     {"equals any of", true},
	"NotEquals":     {"does not equal", true},
	"NotEqualsAny":  {"equals none of", true},
	"Contains":      {"contains", true},
	"ContainsAny":   {"contains any of", true},
	"StartsWith":    {"starts with", true},
	"StartsWithAny": {"starts with any of", true},
	"EndsWith":      {"ends with", true},
	"EndsWithAny":   {"ends with any of", true},
	"MatchesRegex":  {"matches the pattern", true},
	"GreaterThan":   {"is greater than", true},
	"LessThan":      {"is less than", true},
	"Exists":        {"is present", false},
}

// operatorName is the canonical name of an operator, in any case.
func operatorName(s string) (string, bool) {
	for name := range ruleOperators {
		if strings.EqualFold(name, s) {
			return name, true
		}
	}
	return "", false
}

// NaturalLanguage renders the rule's logic as text (GET
// /rules/v2/{id}/natlang): each state as "a <category> event where
// <field> <operator> (<operands>)", conditions joined with "and", states
// in order with "then".
func (d *RuleDocument) NaturalLanguage() string {
	states := make([]string, len(d.States))
	for i, s := range d.States {
		states[i] = s.naturalLanguage()
	}
	text := strings.Join(states, ", then ")
	return strings.ToUpper(text[:1]) + text[1:]
}

func (s *RuleState) naturalLanguage() string {
	var kinds []string
	for _, f := range s.Filters {
		if f.Data != nil && f.Data.Category != "*" && !slices.Contains(kinds, strings.ToLower(f.Data.Category)) {
			kinds = append(kinds, strings.ToLower(f.Data.Category))
		}
	}
	subject := "an event"
	if len(kinds) > 0 {
		subject = "a " + strings.Join(kinds, " or ") + " event"
	}
	fields := make([]string, 0, len(s.FieldOperators))
	for field := range s.FieldOperators {
		fields = append(fields, field)
	}
	slices.Sort(fields) // maps have no order; the text must be stable
	conditions := make([]string, len(fields))
	for i, field := range fields {
		op := s.FieldOperators[field]
		c := field + " " + ruleOperators[op.Type].phrase
		if len(op.Operands) > 0 {
			var values []string
			for _, o := range op.Operands {
				v, _ := o.Values()
				values = append(values, v...)
			}
			c += " (" + strings.Join(values, ", ")
			if op.Options != nil && op.Options.IgnoreCase {
				c += ", ignoring case"
			}
			c += ")"
		}
		conditions[i] = c
	}
	return fmt.Sprintf("%s where %s", subject, strings.Join(conditions, " and "))
}
