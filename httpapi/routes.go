package httpapi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/controlapi"
	"github.com/wolfden/wolfden/httpapi/opticsapi"
	"github.com/wolfden/wolfden/httpapi/partnerapi"
	"github.com/wolfden/wolfden/httpapi/protectapi"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

// routes is the route table: every route the server answers, one a line,
// with the scopes its token needs. testdata/routes.txt lists the same
// routes, and TestRouteTable keeps the two in step; docs/api/ documents
// each area's routes.
//
// Op routes take a tenant's access token and any one of the scopes named;
// partner.Op routes take a partner's token; Linked routes take the signed
// link the API handed out; control.Op routes take the admin token.
// ObjectRead marks a GET of one object, whose 404 has an empty body.
func (s *Server) routes() *chi.Mux {
	const get, post, put, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	const rule, exception = optics.RuleKindDetection, optics.RuleKindException
	protect, optics := protectapi.New(s.Core), opticsapi.New(s.Core)
	partner, control := partnerapi.New(s.Core), controlapi.New(s.Core)
	r := chi.NewRouter()
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	r.Method(post, "/auth/v2/token", http.HandlerFunc(protect.Token))

	// Probes and build information: no token (health.go).
	r.Method(get, healthzPath, http.HandlerFunc(s.healthz))
	r.Method(get, readyzPath, http.HandlerFunc(s.readyz))
	r.Method(get, versionPath, http.HandlerFunc(s.version))
	r.Method(get, openapiJSONPath, http.HandlerFunc(s.openapiJSON))
	r.Method(get, openapiYAMLPath, http.HandlerFunc(s.openapiYAML))
	r.Method(get, openapiPagePath, http.HandlerFunc(s.openapiPage))

	// Users.
	r.Method(post, "/users/v2", s.Op(protect.CreateUser, wolfden.ScopeUserCreate))
	r.Method(get, "/users/v2", s.Op(protect.ListUsers, wolfden.ScopeUserList))
	r.Method(get, "/users/v2/{user}", rest.ObjectRead(s.Op(protect.GetUser, wolfden.ScopeUserRead)))
	r.Method(put, "/users/v2/{user}", s.Op(protect.UpdateUser, wolfden.ScopeUserUpdate))
	r.Method(del, "/users/v2/{user}", s.Op(protect.DeleteUser, wolfden.ScopeUserDelete))
	// The guide documents user:read for these; user:update is the logical
	// scope: either will do (docs/api/users.md).
	r.Method(post, "/users/v2/{user}/invite", s.Op(protect.SendInvite, wolfden.ScopeUserRead, wolfden.ScopeUserUpdate))
	r.Method(post, "/users/v2/{user}/resetpassword", s.Op(protect.SendPasswordReset, wolfden.ScopeUserRead, wolfden.ScopeUserUpdate))

	// Zones.
	r.Method(post, "/zones/v2", s.Op(protect.CreateZone, wolfden.ScopeZoneCreate))
	r.Method(get, "/zones/v2", s.Op(protect.ListZones, wolfden.ScopeZoneList))
	r.Method(get, "/zones/v2/{zone}", rest.ObjectRead(s.Op(protect.GetZone, wolfden.ScopeZoneRead)))
	r.Method(put, "/zones/v2/{zone}", s.Op(protect.UpdateZone, wolfden.ScopeZoneUpdate))
	r.Method(del, "/zones/v2/{zone}", s.Op(protect.DeleteZone, wolfden.ScopeZoneDelete))
	// python-cyapi's path for a zone's devices, and the natural alias.
	r.Method(get, "/devices/v2/{zone}/devices", s.Op(protect.ZoneDevices, wolfden.ScopeDeviceList, wolfden.ScopeZoneRead))
	r.Method(get, "/zones/v2/{zone}/devices", s.Op(protect.ZoneDevices, wolfden.ScopeDeviceList, wolfden.ScopeZoneRead))
	r.Method(get, "/zones/v2/{device}/zones", s.Op(protect.DeviceZones, wolfden.ScopeZoneList))

	// Global lists.
	r.Method(get, "/globallists/v2", s.Op(protect.GetGlobalList, wolfden.ScopeGlobalListList))
	r.Method(post, "/globallists/v2", s.Op(protect.AddToGlobalList, wolfden.ScopeGlobalListCreate))
	r.Method(del, "/globallists/v2", s.Op(protect.RemoveFromGlobalList, wolfden.ScopeGlobalListDelete))

	// Devices.
	r.Method(get, "/devices/v2", s.Op(protect.ListDevices, wolfden.ScopeDeviceList))
	r.Method(get, "/devices/v2/extended", s.Op(protect.ListDevicesExtended, wolfden.ScopeDeviceList))
	r.Method(get, "/devices/v2/products", s.Op(protect.ProductCounts, wolfden.ScopeDeviceList))
	r.Method(get, "/devices/v2/installer", s.Op(protect.InstallerURL, wolfden.ScopeDeviceRead))
	r.Method(get, "/installers/{file}", http.HandlerFunc(protect.DownloadInstaller))
	// The guide says device:read, the Arctic Wolf page device:list: either will do.
	r.Method(get, "/devices/v2/{device}", rest.ObjectRead(s.Op(protect.GetDevice, wolfden.ScopeDeviceRead, wolfden.ScopeDeviceList)))
	r.Method(get, "/devices/v2/hostname/{host}", s.Op(protect.DevicesByHostName, wolfden.ScopeDeviceRead))
	r.Method(get, "/devices/v2/macaddress/{mac}", s.Op(protect.DevicesByMAC, wolfden.ScopeDeviceRead))
	r.Method(put, "/devices/v2/{device}", s.Op(protect.UpdateDevice, wolfden.ScopeDeviceUpdate))
	r.Method(del, "/devices/v2", s.Op(protect.DeleteDevices, wolfden.ScopeDeviceDelete))
	// For clients that cannot send a body with DELETE.
	r.Method(post, "/devices/v2/delete", s.Op(protect.DeleteDevices, wolfden.ScopeDeviceDelete))

	// Device lifecycle management. Only exemptedDevices is a documented
	// path; the other three are wolfden's choice (docs/api/devices.md).
	r.Method(get, "/devices/v2/inactive/settings", s.Op(protect.LifecycleSettings, wolfden.ScopeDeviceManagementRead))
	r.Method(put, "/devices/v2/inactive/settings", s.Op(protect.UpdateLifecycleSettings, wolfden.ScopeDeviceManagementUpdate))
	r.Method(put, "/devices/v2/inactive/exemptedDevices", s.Op(protect.ExemptDevices, wolfden.ScopeDeviceManagementUpdate))
	r.Method(put, "/devices/v2/inactive/includedDevices", s.Op(protect.IncludeDevices, wolfden.ScopeDeviceManagementUpdate))
	r.Method(put, "/devices/v2/inactive/resetInactivePeriod", s.Op(protect.ResetInactivePeriod, wolfden.ScopeDeviceManagementUpdate))

	// Policies.
	r.Method(get, "/policies/v2", s.Op(protect.ListPolicies, wolfden.ScopePolicyList))
	r.Method(get, "/policies/v2/{policy}", rest.ObjectRead(s.Op(protect.GetPolicy, wolfden.ScopePolicyRead)))
	r.Method(post, "/policies/v2", s.Op(protect.CreatePolicy, wolfden.ScopePolicyCreate))
	r.Method(put, "/policies/v2", s.Op(protect.UpdatePolicy, wolfden.ScopePolicyUpdate))
	r.Method(del, "/policies/v2/{policy}", s.Op(protect.DeletePolicy, wolfden.ScopePolicyDelete))
	r.Method(del, "/policies/v2", s.Op(protect.DeletePolicies, wolfden.ScopePolicyDelete))

	// Threats. The download link needs no bearer token, like the vendor's
	// storage URLs.
	r.Method(get, "/threats/v2", s.Op(protect.ListThreats, wolfden.ScopeThreatList))
	r.Method(get, "/threats/v2/{sha256}", rest.ObjectRead(s.Op(protect.GetThreat, wolfden.ScopeThreatRead)))
	r.Method(get, "/threats/v2/{sha256}/devices", s.Op(protect.ThreatDevices, wolfden.ScopeThreatDeviceList))
	r.Method(get, "/threats/v2/download/{sha256}", s.Op(protect.ThreatDownloadURL, wolfden.ScopeThreatRead))
	r.Method(get, "/samples/{tenant}/{sha256}.zip", s.Linked(protect.DownloadSample))
	r.Method(get, "/devices/v2/{device}/threats", s.Op(protect.DeviceThreats, wolfden.ScopeDeviceThreatList))
	r.Method(post, "/devices/v2/{device}/threats", s.Op(protect.UpdateDeviceThreat, wolfden.ScopeThreatUpdate))

	// Memory protection.
	r.Method(get, "/memoryprotection/v2", s.Op(protect.ListMemoryEvents, wolfden.ScopeMemoryProtectionList))
	r.Method(get, "/memoryprotection/v2/{event}", rest.ObjectRead(s.Op(protect.GetMemoryEvent, wolfden.ScopeMemoryProtectionRead)))

	// OPTICS detection rules. The guide names opticsdetect:read for reading
	// a rule; either scope will do (docs/api/rules.md).
	ruleRead := []wolfden.Scope{wolfden.ScopeOpticsRuleRead, wolfden.ScopeOpticsDetectRead}
	r.Method(get, "/rules/v2", s.Op(optics.ListRules, wolfden.ScopeOpticsRuleList))
	r.Method(get, "/rules/v2/csv", s.Op(optics.ExportRules, wolfden.ScopeOpticsRuleList))
	r.Method(get, "/rules/v2/{rule}", rest.ObjectRead(s.Op(optics.GetRule(rule), ruleRead...)))
	r.Method(get, "/rules/v2/{rule}/natlang", s.Op(optics.GetRuleNaturalLanguage, ruleRead...))
	r.Method(get, "/rules/v2/{rule}/counts", s.Op(optics.GetRuleCounts, ruleRead...))
	r.Method(post, "/rules/v2/validate", s.Op(optics.ValidateRule, wolfden.ScopeOpticsRuleRead, wolfden.ScopeOpticsRuleCreate))
	r.Method(post, "/rules/v2", s.Op(optics.CreateRule(rule), wolfden.ScopeOpticsRuleCreate))
	r.Method(put, "/rules/v2/{rule}", s.Op(optics.UpdateRule(rule), wolfden.ScopeOpticsRuleUpdate))
	r.Method(post, "/rules/v2/{rule}/deactivate", s.Op(optics.DeactivateRule(rule), wolfden.ScopeOpticsRuleDelete, wolfden.ScopeOpticsRuleUpdate))

	// OPTICS detection rule sets. The guide names user:create for the list,
	// a documentation error: opticsruleset:list or :read will do.
	r.Method(get, "/rulesets/v2", s.Op(optics.ListRuleSets, wolfden.ScopeOpticsRuleSetList, wolfden.ScopeOpticsRuleSetRead))
	r.Method(get, "/rulesets/v2/csv", s.Op(optics.ExportRuleSets, wolfden.ScopeOpticsRuleSetList, wolfden.ScopeOpticsRuleSetRead))
	r.Method(get, "/rulesets/v2/default", s.Op(optics.GetDefaultRuleSet, wolfden.ScopeOpticsRuleSetRead))
	r.Method(get, "/rulesets/v2/{ruleset}", rest.ObjectRead(s.Op(optics.GetRuleSet, wolfden.ScopeOpticsRuleSetRead)))
	r.Method(post, "/rulesets/v2", s.Op(optics.CreateRuleSet, wolfden.ScopeOpticsRuleSetCreate))
	r.Method(put, "/rulesets/v2/{ruleset}", s.Op(optics.UpdateRuleSet, wolfden.ScopeOpticsRuleSetUpdate))
	r.Method(del, "/rulesets/v2/{ruleset}", s.Op(optics.DeleteRuleSet, wolfden.ScopeOpticsRuleSetDelete))
	r.Method(del, "/rulesets/v2", s.Op(optics.DeleteRuleSets, wolfden.ScopeOpticsRuleSetDelete))

	// OPTICS exceptions: rule documents of kind exception, served by the
	// rules' handlers.
	r.Method(get, "/exceptions/v2", s.Op(optics.ListExceptions, wolfden.ScopeOpticsExceptionList))
	r.Method(get, "/exceptions/v2/csv", s.Op(optics.ExportExceptions, wolfden.ScopeOpticsExceptionList))
	r.Method(get, "/exceptions/v2/{rule}", rest.ObjectRead(s.Op(optics.GetRule(exception), wolfden.ScopeOpticsExceptionRead)))
	r.Method(post, "/exceptions/v2", s.Op(optics.CreateRule(exception), wolfden.ScopeOpticsExceptionCreate))
	r.Method(put, "/exceptions/v2/{rule}", s.Op(optics.UpdateRule(exception), wolfden.ScopeOpticsExceptionUpdate))
	r.Method(post, "/exceptions/v2/{rule}/deactivate", s.Op(optics.DeactivateRule(exception), wolfden.ScopeOpticsExceptionUpdate, wolfden.ScopeOpticsExceptionDelete))

	// OPTICS policies: which detection rule set each device policy has.
	r.Method(get, "/opticsPolicies/v2/configurations", s.Op(optics.ListOpticsPolicies, wolfden.ScopeOpticsPolicyList))
	r.Method(get, "/opticsPolicies/v2/configurations/{policy}", rest.ObjectRead(s.Op(optics.GetOpticsPolicy, wolfden.ScopeOpticsPolicyRead)))
	r.Method(post, "/opticsPolicies/v2/configurations", s.Op(optics.AssignRuleSet, wolfden.ScopeOpticsPolicyUpdate))

	// OPTICS detections. Update has two paths: the guide's /update and
	// python-cyapi's.
	r.Method(get, "/detections/v2", s.Op(optics.ListDetections, wolfden.ScopeOpticsDetectList))
	r.Method(get, "/detections/v2/csv", s.Op(optics.ExportDetections, wolfden.ScopeOpticsDetectList))
	r.Method(get, "/detections/v2/severity", s.Op(optics.DetectionHistogram, wolfden.ScopeOpticsDetectList))
	r.Method(get, "/detections/v2/{detection}/details", rest.ObjectRead(s.Op(optics.GetDetection, wolfden.ScopeOpticsDetectRead)))
	r.Method(post, "/detections/v2/update", s.Op(optics.UpdateDetections, wolfden.ScopeOpticsDetectUpdate))
	r.Method(post, "/detections/v2", s.Op(optics.UpdateDetections, wolfden.ScopeOpticsDetectUpdate))
	r.Method(del, "/detections/v2/{detection}", s.Op(optics.DeleteDetection, wolfden.ScopeOpticsDetectDelete))
	r.Method(del, "/detections/v2", s.Op(optics.DeleteDetections, wolfden.ScopeOpticsDetectDelete))

	// OPTICS InstaQueries. The archive scope is inferred: update or delete
	// will do.
	r.Method(get, "/instaqueries/v2", s.Op(optics.ListInstaQueries, wolfden.ScopeOpticsSurveyList))
	r.Method(post, "/instaqueries/v2", s.Op(optics.CreateInstaQuery, wolfden.ScopeOpticsSurveyCreate))
	r.Method(get, "/instaqueries/v2/{query}", rest.ObjectRead(s.Op(optics.GetInstaQuery, wolfden.ScopeOpticsSurveyRead)))
	r.Method(get, "/instaqueries/v2/{query}/results", s.Op(optics.GetInstaQueryResults, wolfden.ScopeOpticsSurveyRead))
	r.Method(post, "/instaqueries/v2/{query}/archive", s.Op(optics.ArchiveInstaQuery, wolfden.ScopeOpticsSurveyUpdate, wolfden.ScopeOpticsSurveyDelete))

	// OPTICS focus views.
	r.Method(get, "/foci/v2", s.Op(optics.ListFocusViews, wolfden.ScopeOpticsFocusList))
	r.Method(post, "/foci/v2", s.Op(optics.CreateFocusView, wolfden.ScopeOpticsFocusCreate))
	r.Method(post, "/foci/v2/search", s.Op(optics.SearchFocusViews, wolfden.ScopeOpticsFocusRead))
	r.Method(get, "/foci/v2/{focus}", rest.ObjectRead(s.Op(optics.GetFocusView, wolfden.ScopeOpticsFocusRead)))
	r.Method(get, "/foci/v2/{focus}/results", s.Op(optics.GetFocusViewResults, wolfden.ScopeOpticsFocusRead))

	// OPTICS device commands: lockdown and file retrieval. python-cyapi
	// locks down with GET and PUT's query; a GET without value reads the
	// state.
	lockdown := s.Op(optics.SetLockdown, wolfden.ScopeOpticsCommandCreate)
	r.Method(put, "/devicecommands/v2/{device}/lockdown", lockdown)
	r.Method(get, "/devicecommands/v2/{device}/lockdown", opticsapi.WithValue(lockdown, s.Op(optics.GetLockdown, wolfden.ScopeOpticsCommandRead)))
	r.Method(post, "/devicecommands/v2/{device}/getfile", s.Op(optics.RequestFile, wolfden.ScopeOpticsCommandCreate))
	r.Method(post, "/devicecommands/v2/{device}/getfile:get", s.Op(optics.FileStatus, wolfden.ScopeOpticsCommandRead))
	r.Method(get, "/devicecommands/v2/retrieved_files", s.Op(optics.ListRetrievedFiles, wolfden.ScopeOpticsCommandRead))
	r.Method(get, "/retrieved/{tenant}/{retrieval}.zip", s.Linked(optics.DownloadRetrievedFile))

	// OPTICS packages. A package's file goes through signed links, like the
	// vendor's storage links: uploadTo (PUT the bytes) until the upload
	// timeout, downloadUrl (GET them) for linkLifetime from each read.
	r.Method(get, "/packages/v2", s.Op(optics.ListPackages, wolfden.ScopeOpticsPkgConfigList))
	r.Method(post, "/packages/v2", s.Op(optics.CreatePackage, wolfden.ScopeOpticsPkgConfigCreate))
	r.Method(get, "/packages/v2/{package}", rest.ObjectRead(s.Op(optics.GetPackage, wolfden.ScopeOpticsPkgConfigRead)))
	r.Method(del, "/packages/v2/{package}", s.Op(optics.DeletePackage, wolfden.ScopeOpticsPkgConfigDelete))
	r.Method(put, rest.PackageUploadPrefix+"{tenant}/{package}", s.Linked(optics.UploadPackageFile))
	r.Method(get, "/packagefiles/{tenant}/{package}", s.Linked(optics.DownloadPackageFile))
	// Package executions. A delete answers the execution as it was.
	r.Method(get, "/packages/v2/executions", s.Op(optics.ListPackageExecutions, wolfden.ScopeOpticsPkgDeployList))
	r.Method(post, "/packages/v2/executions", s.Op(optics.CreatePackageExecution, wolfden.ScopeOpticsPkgDeployCreate))
	r.Method(get, "/packages/v2/executions/{execution}", rest.ObjectRead(s.Op(optics.AnswerExecution(store.TenantStore.PackageExecution), wolfden.ScopeOpticsPkgDeployRead)))
	r.Method(del, "/packages/v2/executions/{execution}", s.Op(optics.AnswerExecution(store.TenantStore.DeletePackageExecution), wolfden.ScopeOpticsPkgDeployDelete))

	// The partner (Multi-Tenant Console) API, under both /public/v2/{region}
	// and python-cyapi's /public/{region}.
	for _, p := range []string{"/public/v2/{region}", "/public/{region}"} {
		r.Method(post, p+"/auth", partner.InRegion(http.HandlerFunc(partner.Token)))
		r.Method(get, p+"/health-check", partner.InRegion(http.HandlerFunc(partner.HealthCheck)))
		r.Method(get, p+"/tenants/list", partner.Op(partner.ListTenants))
		r.Method(post, p+"/tenants/provision", partner.Op(partner.ProvisionTenant))
		r.Method(put, p+"/tenants/tenant-app/{tenant}", partner.Op(partner.TenantAppToken))
		r.Method(post, p+"/tenants/apply-policy", partner.Op(partner.ApplyPolicyTemplate))
		r.Method(get, p+"/policy-templates/list", partner.Op(partner.ListPolicyTemplates))
		r.Method(get, p+"/policy-templates/{template}", rest.ObjectRead(partner.Op(partner.GetPolicyTemplate)))
		r.Method(post, p+"/policy-templates", partner.Op(partner.CreatePolicyTemplate))
		r.Method(put, p+"/policy-templates/{template}", partner.Op(partner.UpdatePolicyTemplate))
		r.Method(del, p+"/policy-templates/{template}", partner.Op(partner.DeletePolicyTemplate))
		r.Method(get, p+"/users/list", partner.Op(partner.ListUsers))
		r.Method(post, p+"/users", partner.Op(partner.CreateUser))
		r.Method(put, p+"/users/{user}", partner.Op(partner.UpdateUser))
		r.Method(del, p+"/users/{user}", partner.Op(partner.DeleteUser))
		r.Method(post, p+"/users/{user}/resend-invite", partner.Op(partner.ResendInvite))
		r.Method(get, p+"/reports/list", partner.Op(partner.ListReports))
		r.Method(get, p+"/reports/report-runs", partner.Op(partner.ListReportRuns))
		r.Method(get, p+"/reports/report-runs/{run}/download", partner.Op(partner.DownloadReportRun))
		r.Method(post, p+"/reports/report-runs/{run}/download", partner.Op(partner.RunReport))
	}

	// The control plane, which plays the endpoint agents: on only with an
	// admin token (docs/control-plane.md).
	if s.Admin != "" {
		r.With(control.RequireAdmin).Method(post, "/control/v1/tenants", http.HandlerFunc(control.CreateTenant))
		r.With(control.RequireAdmin).Method(get, "/control/v1/tenants", http.HandlerFunc(control.ListTenants))
		r.With(control.RequireAdmin).Method(post, rest.TenantImportPath, http.HandlerFunc(control.ImportTenant))
		r.With(control.RequireAdmin).Method(post, "/control/v1/reset", http.HandlerFunc(control.ResetServer))
		r.With(control.RequireAdmin).Method(get, "/control/v1/clock", http.HandlerFunc(control.GetClock))
		r.With(control.RequireAdmin).Method(post, "/control/v1/clock", http.HandlerFunc(control.AdvanceClock))
		// The request journal, which records every route but these.
		r.With(control.RequireAdmin).Method(get, "/control/v1/journal", http.HandlerFunc(control.ReadJournal))
		r.With(control.RequireAdmin).Method(del, "/control/v1/journal", http.HandlerFunc(control.ClearJournal))
		r.Route("/control/v1/tenants/{tenant}", func(r chi.Router) {
			r.Use(control.RequireAdmin)
			r.Method(get, "/", control.Op(control.GetTenant))
			r.Method(del, "/", control.Op(control.DeleteTenant))
			r.Method(post, "/reset", control.Op(control.ResetTenant))
			r.Method(get, "/export", control.Op(control.ExportTenant))
			r.Method(post, "/seed", control.Op(control.SeedTenant))
			r.Method(post, "/devices", control.Op(control.RegisterDevice))
			r.Method(del, "/agentdata", control.Op(control.ResetAgentData))
			r.Method(put, "/devices/{device}/state", control.Op(control.SetDeviceState))
			r.Method(post, "/devices/{device}/threats", control.Op(control.ReportThreat))
			r.Method(post, "/devices/{device}/memoryevents", control.Op(control.ReportMemoryEvent))
			r.Method(post, "/devices/{device}/detections", control.Op(control.RaiseDetection))
		})
		// Fault and latency rules, when the server has a rule set.
		if s.Faults != nil {
			admin := r.With(control.RequireAdmin)
			admin.Method(post, "/control/v1/faults", control.FaultOp(control.CreateFault))
			admin.Method(get, "/control/v1/faults", control.FaultOp(control.ListFaults))
			admin.Method(del, "/control/v1/faults", control.FaultOp(control.DeleteFaults))
			admin.Method(get, "/control/v1/faults/{fault}", control.FaultOp(control.GetFault))
			admin.Method(del, "/control/v1/faults/{fault}", control.FaultOp(control.DeleteFault))
		}
	}

	// Prometheus metrics, when on: no token, and no tenant data
	// (docs/metrics.md).
	if s.Metrics != nil {
		r.Method(get, MetricsPath, s.Metrics.Handler())
	}
	return r
}

// MetricsPath is where the API serves its metrics, when they are on.
const MetricsPath = "/metrics"

// isMetrics tells a scrape of the metrics, which neither the journal nor
// the fault rules see: it is the operator's, not part of the API a test
// drives.
func (s *Server) isMetrics(r *http.Request) bool {
	return s.Metrics != nil && r.URL.Path == MetricsPath
}
