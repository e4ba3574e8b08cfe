package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
)

// DetectionRuleStore keeps a tenant's OPTICS rules: detection rules and
// exceptions, each kind reached only as that kind.
type DetectionRuleStore interface {
	CreateDetectionRule(ctx context.Context, r *optics.DetectionRule) error
	// DetectionRule finds a rule of kind, active or deactivated.
	DetectionRule(ctx context.Context, kind optics.RuleKind, id uuid.UUID) (*optics.DetectionRule, error)
	// UpdateDetectionRule applies change to the stored rule atomically.
	UpdateDetectionRule(ctx context.Context, kind optics.RuleKind, id uuid.UUID, change func(*optics.DetectionRule) error) (*optics.DetectionRule, error)
	// DetectionRules lists the rules of kind by name: detection rules
	// while active, each with the number of devices whose policy's rule
	// set enables it (DeviceCount); exceptions active or not.
	DetectionRules(ctx context.Context, kind optics.RuleKind, page wolfden.PageRequest) (wolfden.Page[optics.DetectionRule], error)
	// DetectionRuleCounts counts what refers to a detection rule.
	DetectionRuleCounts(ctx context.Context, id uuid.UUID) (RuleCounts, error)
	// ActiveDetectionRules lists every active rule of kind: what the
	// simulated agents run, and the exceptions that suppress detections.
	ActiveDetectionRules(ctx context.Context, kind optics.RuleKind) ([]optics.DetectionRule, error)
}

// RuleCounts are the rule sets that hold a detection rule, the devices
// whose policy's rule set enables it, and the detections it raised.
type RuleCounts struct {
	RuleSets, Devices, Detections int
}

// DetectionStore holds a tenant's OPTICS detections.
type DetectionStore interface {
	// RaiseDetections stores detections in one transaction, numbering
	// them in order (Number). A detection keeps a snapshot of its device,
	// which need not exist any more.
	RaiseDetections(ctx context.Context, detections ...*optics.Detection) error
	Detection(ctx context.Context, id uuid.UUID) (*optics.Detection, error)
	// Detections lists the detections the filter selects, in its order.
	Detections(ctx context.Context, filter optics.DetectionFilter, page wolfden.PageRequest) (wolfden.Page[optics.Detection], error)
	// DetectionHistogram counts the selected detections by severity in
	// buckets: those that occurred from each start until the next, the
	// last until end.
	DetectionHistogram(ctx context.Context, filter optics.DetectionFilter, starts []time.Time, end time.Time) ([]optics.SeverityCounts, error)
	// UpdateDetections applies the changes, all or none (ENotFound
	// naming [i].detection_id for an unknown one), and returns the
	// detections as changed, in order.
	UpdateDetections(ctx context.Context, changes []optics.DetectionChange) ([]optics.Detection, error)
	// DeleteDetections deletes detections, all or none (ENotFound naming
	// field[i] for an unknown one, or no field when field is "").
	DeleteDetections(ctx context.Context, field string, ids []uuid.UUID) error
}

// RuleSetStore keeps a tenant's OPTICS rule sets.
type RuleSetStore interface {
	// CreateRuleSet stores s; EConflict when its name is in use
	// (case-insensitively), ENotFound naming a rule that does not exist.
	CreateRuleSet(ctx context.Context, s *optics.RuleSet) error
	// RuleSet finds a set, with the policies it is assigned to and their
	// device count.
	RuleSet(ctx context.Context, id uuid.UUID) (*optics.RuleSet, error)
	// RuleSets lists the filter's sets in its order, with their device
	// counts.
	RuleSets(ctx context.Context, filter optics.RuleSetFilter, page wolfden.PageRequest) (wolfden.Page[optics.RuleSet], error)
	// RuleSetNames lists every set's id and name, by name: what a policy
	// could be given, without the cost of counting devices.
	RuleSetNames(ctx context.Context) ([]optics.RuleSetName, error)
	// UpdateRuleSet applies change atomically, with CreateRuleSet's errors.
	UpdateRuleSet(ctx context.Context, id uuid.UUID, change func(*optics.RuleSet) error) (*optics.RuleSet, error)
	// DeleteRuleSets deletes sets, all or none (ENotFound naming an
	// unknown one); the policies they were assigned to are left without.
	DeleteRuleSets(ctx context.Context, ids []uuid.UUID) error
	// AssignRuleSet makes the set the one of each policy of link (a policy
	// has one), and takes it off each policy of unlink that has it; all or
	// none, ENotFound naming an unknown set or policy.
	AssignRuleSet(ctx context.Context, setID uuid.UUID, link, unlink []uuid.UUID) error
}
