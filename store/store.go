package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/policy"
)

// Store is wolfden's persistence. Server-wide records (tenants, the signing
// key) are reached directly; everything a tenant owns only through
// ForTenant, whose implementation scopes every statement by tenant id. That
// is where tenant isolation is enforced: a handler holding one tenant's
// TenantStore cannot name another tenant's rows.
//
// Errors are *wolfden.Error values with ENotFound, EConflict or EInvalid where a
// caller can act on them; anything else is unexpected.
type Store interface {
	// CreateTenant stores t, its Default policy and its first application.
	// A name already in use, compared case-insensitively, is EConflict and
	// changes nothing.
	CreateTenant(ctx context.Context, t *wolfden.Tenant, app *wolfden.Application) error
	// CountTenants counts the tenants of the server.
	CountTenants(ctx context.Context) (int, error)
	// Tenant finds a tenant; ENotFound when there is none.
	Tenant(ctx context.Context, id uuid.UUID) (*wolfden.Tenant, error)

	// SigningKey returns the current access-token key, storing candidate
	// first when there is none yet.
	SigningKey(ctx context.Context, candidate wolfden.SigningKey) (wolfden.SigningKey, error)
	// RotateSigningKey replaces the current key with key.
	RotateSigningKey(ctx context.Context, key wolfden.SigningKey) error
	// PurgeTokenIDs forgets used auth-token ids that expired before t.
	PurgeTokenIDs(ctx context.Context, t time.Time) (int64, error)
	// PendingDeviceDeletions lists the device deletions of every tenant
	// that have not completed, oldest first.
	PendingDeviceDeletions(ctx context.Context) ([]DeletionRef, error)
	// TenantsRemovingInactiveDevices lists the tenants whose lifecycle
	// settings remove inactive devices.
	TenantsRemovingInactiveDevices(ctx context.Context) ([]uuid.UUID, error)

	// CreatePartner stores p and its first application; EConflict when
	// the name is in use (case-insensitively).
	CreatePartner(ctx context.Context, p *partner.Partner, app *partner.PartnerApplication) error
	// PartnerApplication finds a partner application; ENotFound when unknown.
	PartnerApplication(ctx context.Context, id uuid.UUID) (*partner.PartnerApplication, error)
	// ForPartner returns the view of one partner's tenants.
	ForPartner(id uuid.UUID) PartnerStore

	// ForTenant returns the view of one tenant's data. It does not check
	// that the tenant exists: operations on an unknown tenant find nothing.
	ForTenant(id uuid.UUID) TenantStore

	Close() error
}

// TenantStore is everything one tenant owns.
type TenantStore interface {
	TenantID() uuid.UUID
	ApplicationStore
	UserStore
	ZoneStore
	GlobalListStore
	DeviceStore
	ThreatStore
	MemoryEventStore
	DeletionStore
	LifecycleStore
	PolicyStore
	DetectionRuleStore
	RuleSetStore
	DetectionStore
	SurveyStore
	DeviceCommandStore
	PackageStore
}

// ApplicationStore holds a tenant's API applications.
type ApplicationStore interface {
	// CreateApplication stores app; ENotFound when the tenant does not exist.
	CreateApplication(ctx context.Context, app *wolfden.Application) error
	Application(ctx context.Context, id uuid.UUID) (*wolfden.Application, error)
	// UseTokenID records that the auth token jti of application appID was
	// exchanged at now; EConflict when it already was and that token has
	// not expired.
	UseTokenID(ctx context.Context, appID uuid.UUID, jti string, now, expires time.Time) error
}

// UserStore holds a tenant's console users.
type UserStore interface {
	// CreateUser stores u and fills in its zone names. EConflict when the
	// e-mail is in use (case-insensitively); EInvalid naming the field when
	// a zone does not exist.
	CreateUser(ctx context.Context, u *wolfden.User) error
	User(ctx context.Context, id uuid.UUID) (*wolfden.User, error)
	UserByEmail(ctx context.Context, email string) (*wolfden.User, error)
	// Users lists users newest first.
	Users(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.User], error)
	// UpdateUser applies change to the stored user atomically and stores
	// the result, with the same errors as CreateUser.
	UpdateUser(ctx context.Context, id uuid.UUID, change func(*wolfden.User) error) (*wolfden.User, error)
	DeleteUser(ctx context.Context, id uuid.UUID) error
}

// ZoneStore holds a tenant's zones.
type ZoneStore interface {
	// CreateZone stores z. EConflict when the name is in use
	// (case-insensitively); ENotFound when its policy does not exist.
	CreateZone(ctx context.Context, z *wolfden.Zone) error
	Zone(ctx context.Context, id uuid.UUID) (*wolfden.Zone, error)
	// Zones lists zones by name.
	Zones(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.Zone], error)
	// UpdateZone applies change to the stored zone atomically, with the
	// same errors as CreateZone.
	UpdateZone(ctx context.Context, id uuid.UUID, change func(*wolfden.Zone) error) (*wolfden.Zone, error)
	// DeleteZone deletes a zone and its memberships and user roles, never
	// a device or a user.
	DeleteZone(ctx context.Context, id uuid.UUID) error
}

// Phrases integrations match in global-list errors (SOAR and XSOAR look
// for them in the body), so they are part of the API.
const (
	PhraseAlreadyListed = "There's already an entry for this threat"
	PhraseNotListed     = "There's no entry for this threat"
)

// GlobalListStore holds a tenant's global quarantine and safe lists.
type GlobalListStore interface {
	// AddToGlobalList stores e; EConflict with PhraseAlreadyListed when the
	// hash is on that list already.
	AddToGlobalList(ctx context.Context, e *wolfden.GlobalListEntry) error
	// GlobalList lists one list, newest first.
	GlobalList(ctx context.Context, list wolfden.ListType, page wolfden.PageRequest) (wolfden.Page[wolfden.GlobalListEntry], error)
	// RemoveFromGlobalList removes a hash; ENotFound with PhraseNotListed
	// when it is not on the list.
	RemoveFromGlobalList(ctx context.Context, list wolfden.ListType, sha256 string) error
}

// DeviceStore holds a tenant's devices.
type DeviceStore interface {
	// CreateDevices stores devices, and their memberships of d.Zones, in
	// one transaction; ENotFound when a zone does not exist.
	CreateDevices(ctx context.Context, devices ...*wolfden.Device) error
	Device(ctx context.Context, id uuid.UUID) (*wolfden.Device, error)
	// Devices lists devices, newest registration first; detailed fills in
	// each device's zones and IsSafe, as single reads do.
	Devices(ctx context.Context, page wolfden.PageRequest, detailed bool) (wolfden.Page[wolfden.Device], error)
	// ResetAgentData removes everything the tenant's agents reported:
	// devices, their threats, memory-protection events and deletion
	// requests. Users, zones, policies and global lists stay.
	ResetAgentData(ctx context.Context) error
	// ProductCounts counts devices per product and version.
	ProductCounts(ctx context.Context) ([]ProductCount, error)
	// DevicesByHostName finds the devices with a host name, case-insensitively.
	DevicesByHostName(ctx context.Context, host string) ([]wolfden.Device, error)
	// DevicesByMAC finds the devices with a MAC address (AA-BB-CC-DD-EE-FF).
	DevicesByMAC(ctx context.Context, mac string) ([]wolfden.Device, error)
	// UpdateDevice applies change to the stored device atomically,
	// including its zones; ENotFound when a policy or zone it names does
	// not exist.
	UpdateDevice(ctx context.Context, id uuid.UUID, change func(*wolfden.Device) error) (*wolfden.Device, error)
	// ZoneDevices lists a zone's devices, newest registration first;
	// ENotFound when the zone does not exist.
	ZoneDevices(ctx context.Context, zoneID uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.Device], error)
	// DeviceZones lists the zones of a device by name; ENotFound when the
	// device does not exist.
	DeviceZones(ctx context.Context, deviceID uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.Zone], error)
}

// ThreatStore holds the threats found on a tenant's devices.
type ThreatStore interface {
	// ReportThreats records threats found on devices, in one transaction
	// (ENotFound when a device does not exist); a repeated report of the
	// same file at the same path updates it.
	ReportThreats(ctx context.Context, threats ...*wolfden.DeviceThreat) error
	// Threats lists one row per hash, newest last_found first, optionally
	// only those last found within [from, to].
	Threats(ctx context.Context, from, to *time.Time, page wolfden.PageRequest) (wolfden.Page[wolfden.Threat], error)
	Threat(ctx context.Context, sha256 string) (*wolfden.Threat, error)
	// ThreatSample is Threat with the threat's Sample.
	ThreatSample(ctx context.Context, sha256 string) (*wolfden.Threat, error)
	// ThreatDevices lists where a threat was found; ENotFound when unknown.
	ThreatDevices(ctx context.Context, sha256 string, page wolfden.PageRequest) (wolfden.Page[ThreatSighting], error)
	// DeviceThreats lists the threats on a device; ENotFound when unknown.
	DeviceThreats(ctx context.Context, deviceID uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.DeviceThreat], error)
	// SetDeviceThreatStatus sets the status of a threat on a device at
	// every path; ENotFound when the device or the threat on it is unknown.
	SetDeviceThreatStatus(ctx context.Context, deviceID uuid.UUID, sha256 string, status wolfden.FileStatus) error
}

// ThreatSighting is a threat on a device, with the device.
type ThreatSighting struct {
	wolfden.DeviceThreat
	Device wolfden.Device
}

// MemoryEventStore holds a tenant's memory-protection events.
type MemoryEventStore interface {
	// CreateMemoryEvents stores events in one transaction; ENotFound when
	// a device does not exist.
	CreateMemoryEvents(ctx context.Context, events ...*wolfden.MemoryEvent) error
	MemoryEvent(ctx context.Context, id uuid.UUID) (*wolfden.MemoryEvent, error)
	// MemoryEvents lists events newest first, optionally created within
	// [from, to] and on one device.
	MemoryEvents(ctx context.Context, from, to *time.Time, device *uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.MemoryEvent], error)
}

// ProductCount is how many devices run one version of a product.
type ProductCount struct {
	Product string
	Version string
	Devices int
}

// DeletionRef names a device deletion of some tenant.
type DeletionRef struct {
	TenantID  uuid.UUID
	RequestID uuid.UUID
}

// DeletionStore holds a tenant's device deletion requests.
type DeletionStore interface {
	RequestDeviceDeletion(ctx context.Context, d *wolfden.DeviceDeletion) error
	// CompleteDeviceDeletion deletes the request's devices (those of the
	// tenant that still exist) and marks it completed at now; completing
	// a completed request changes nothing. completed reports whether this
	// call completed it, so that of several callers (a server's queue and
	// its sweep, servers sharing a database) exactly one sends its
	// callback. ENotFound for an unknown request.
	CompleteDeviceDeletion(ctx context.Context, id uuid.UUID, now time.Time) (d *wolfden.DeviceDeletion, completed bool, err error)
}

// LifecycleStore holds a tenant's Device Lifecycle Management.
type LifecycleStore interface {
	LifecycleSettings(ctx context.Context) (wolfden.LifecycleSettings, error)
	// UpdateLifecycleSettings applies change to the stored settings
	// atomically and stores the result.
	UpdateLifecycleSettings(ctx context.Context, change func(*wolfden.LifecycleSettings) error) (wolfden.LifecycleSettings, error)
	// SetLifecycleExempt exempts devices from DLCM or includes them again,
	// all or none: ENotFound naming a device that does not exist.
	SetLifecycleExempt(ctx context.Context, ids []uuid.UUID, exempt bool, now time.Time) error
	// ResetInactivePeriod restarts the offline count of devices at now,
	// all or none like SetLifecycleExempt.
	ResetInactivePeriod(ctx context.Context, ids []uuid.UUID, now time.Time) error
	// RemoveInactiveDevices deletes the devices whose removal is due at now
	// (LifecycleSettings.RemovalDue) and counts them.
	RemoveInactiveDevices(ctx context.Context, now time.Time) (int64, error)
}

// PolicyStore holds a tenant's device policies.
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

type PolicyStore interface {
	// CreatePolicy stores p; EConflict when its name is in use
	// (case-insensitively).
	CreatePolicy(ctx context.Context, p *policy.DevicePolicy) error
	DevicePolicy(ctx context.Context, id uuid.UUID) (*policy.DevicePolicy, error)
	// Policies lists policies by name, with their device and zone counts.
	Policies(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[policy.PolicySummary], error)
	// PolicySummary finds one policy's summary.
	PolicySummary(ctx context.Context, id uuid.UUID) (*policy.PolicySummary, error)
	// UpdatePolicy applies change to the stored policy atomically and
	// stores the result, with the same errors as CreatePolicy.
	UpdatePolicy(ctx context.Context, id uuid.UUID, change func(*policy.DevicePolicy) error) (*policy.DevicePolicy, error)
	// DeletePolicies deletes policies, all or none, moving the devices and
	// zones that use them to the Default policy. ENotFound naming a policy
	// that does not exist; EInvalid for the Default policy.
	DeletePolicies(ctx context.Context, ids []uuid.UUID) error
}

// PartnerStore is what one partner reaches: its own tenants, never
// another partner's. A partner creates tenants through Store.CreateTenant
// with Tenant.PartnerID set.
type PartnerStore interface {
	PartnerID() uuid.UUID
	// Tenants lists the partner's tenants by name.
	Tenants(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.Tenant], error)
	// Tenant finds one of the partner's tenants; ENotFound for any other.
	Tenant(ctx context.Context, id uuid.UUID) (*wolfden.Tenant, error)

	// CreatePolicyTemplate stores t; EConflict when its name is in use
	// among the partner's templates (case-insensitively).
	CreatePolicyTemplate(ctx context.Context, t *policy.PolicyTemplate) error
	PolicyTemplate(ctx context.Context, id uuid.UUID) (*policy.PolicyTemplate, error)
	// PolicyTemplates lists the partner's templates by name.
	PolicyTemplates(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[policy.PolicyTemplate], error)
	// UpdatePolicyTemplate applies change atomically, with CreatePolicyTemplate's errors.
	UpdatePolicyTemplate(ctx context.Context, id uuid.UUID, change func(*policy.PolicyTemplate) error) (*policy.PolicyTemplate, error)
	DeletePolicyTemplate(ctx context.Context, id uuid.UUID) error
	// ApplyPolicyTemplate applies one of the partner's templates to some
	// of its tenants, each in a transaction of its own. apply is given the
	// tenant's policy named as the template's document (nil when none) and
	// returns the policy to store. A tenant that is not the partner's, or
	// whose policy apply refuses, changes nothing and is reported in its
	// result; the others go on. ENotFound when the template is not the
	// partner's.
	ApplyPolicyTemplate(ctx context.Context, templateID uuid.UUID, tenants []uuid.UUID,
		apply func(t *policy.PolicyTemplate, tenantID uuid.UUID, current *policy.DevicePolicy) (*policy.DevicePolicy, error)) ([]policy.TemplateApplication, error)

	// CreatePartnerUser stores u; EConflict when its e-mail is in use
	// among the partner's users (case-insensitively).
	CreatePartnerUser(ctx context.Context, u *partner.PartnerUser) error
	PartnerUser(ctx context.Context, id uuid.UUID) (*partner.PartnerUser, error)
	// PartnerUsers lists the partner's users by e-mail.
	PartnerUsers(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[partner.PartnerUser], error)
	// UpdatePartnerUser applies change atomically, with CreatePartnerUser's errors.
	UpdatePartnerUser(ctx context.Context, id uuid.UUID, change func(*partner.PartnerUser) error) (*partner.PartnerUser, error)
	DeletePartnerUser(ctx context.Context, id uuid.UUID) error

	// TenantUsage lists the partner's tenants by name with their device
	// counts.
	TenantUsage(ctx context.Context) ([]partner.TenantUsage, error)
	// CreateReportRun stores run and drops the partner's runs older than
	// the MaxReportRuns newest.
	CreateReportRun(ctx context.Context, run *partner.ReportRun) error
	// ReportRun finds one of the partner's runs, with its file.
	ReportRun(ctx context.Context, id uuid.UUID) (*partner.ReportRun, error)
	// ReportRuns lists the partner's runs, newest first, without files.
	ReportRuns(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[partner.ReportRun], error)
}
