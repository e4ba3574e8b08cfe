// Package optics is the CylanceOPTICS detection engine: detection rules
// and exceptions (their document, validation, matching against agent
// events, and natural-language rendering), rule sets and their assignment,
// and detections with their filters, sorts and severity histogram.
// docs/api/rules.md, rulesets.md, exceptions.md and detections.md describe
// the behaviour.
package optics
