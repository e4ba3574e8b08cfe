package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

// routes is the route table: every route the server answers, one a line,
// with the scopes its token needs. testdata/routes.txt lists the same
// routes, and TestRouteTable keeps the two in step; docs/api/ documents
// each area's routes.
//
// op routes take a tenant's access token and any one of the scopes named;
// partnerOp routes take a partner's token; linked routes take the signed
// link the API handed out; control routes take the admin token.
// objectRead marks a GET of one object, whose 404 has an empty body.
func (s *Server) routes() http.Handler {
	const get, post, put, del = http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete
	r := chi.NewRouter()
	r.NotFound(s.notFound)
	r.MethodNotAllowed(s.methodNotAllowed)

	r.Method(post, "/auth/v2/token", http.HandlerFunc(s.token))

	// Users.
	r.Method(post, "/users/v2", s.op(s.createUser, wolfden.ScopeUserCreate))
	r.Method(get, "/users/v2", s.op(s.listUsers, wolfden.ScopeUserList))
	r.Method(get, "/users/v2/{user}", objectRead(s.op(s.getUser, wolfden.ScopeUserRead)))
	r.Method(put, "/users/v2/{user}", s.op(s.updateUser, wolfden.ScopeUserUpdate))
	r.Method(del, "/users/v2/{user}", s.op(s.deleteUser, wolfden.ScopeUserDelete))
	// The guide documents user:read for these; user:update is the logical
	// scope: either will do (docs/api/users.md).
	r.Method(post, "/users/v2/{user}/invite", s.op(s.sendInvite, wolfden.ScopeUserRead, wolfden.ScopeUserUpdate))
	r.Method(post, "/users/v2/{user}/resetpassword", s.op(s.sendPasswordReset, wolfden.ScopeUserRead, wolfden.ScopeUserUpdate))

	// Zones.
	r.Method(post, "/zones/v2", s.op(s.createZone, wolfden.ScopeZoneCreate))
	r.Method(get, "/zones/v2", s.op(s.listZones, wolfden.ScopeZoneList))
	r.Method(get, "/zones/v2/{zone}", objectRead(s.op(s.getZone, wolfden.ScopeZoneRead)))
	r.Method(put, "/zones/v2/{zone}", s.op(s.updateZone, wolfden.ScopeZoneUpdate))
	r.Method(del, "/zones/v2/{zone}", s.op(s.deleteZone, wolfden.ScopeZoneDelete))
	// python-cyapi's path for a zone's devices, and the natural alias.
	r.Method(get, "/devices/v2/{zone}/devices", s.op(s.zoneDevices, wolfden.ScopeDeviceList, wolfden.ScopeZoneRead))
	r.Method(get, "/zones/v2/{zone}/devices", s.op(s.zoneDevices, wolfden.ScopeDeviceList, wolfden.ScopeZoneRead))
	r.Method(get, "/zones/v2/{device}/zones", s.op(s.deviceZones, wolfden.ScopeZoneList))

	// Global lists.
	r.Method(get, "/globallists/v2", s.op(s.getGlobalList, wolfden.ScopeGlobalListList))
	r.Method(post, "/globallists/v2", s.op(s.addToGlobalList, wolfden.ScopeGlobalListCreate))
	r.Method(del, "/globallists/v2", s.op(s.removeFromGlobalList, wolfden.ScopeGlobalListDelete))

	// Devices.
	r.Method(get, "/devices/v2", s.op(s.listDevices, wolfden.ScopeDeviceList))
	r.Method(get, "/devices/v2/extended", s.op(s.listDevicesExtended, wolfden.ScopeDeviceList))
	r.Method(get, "/devices/v2/products", s.op(s.productCounts, wolfden.ScopeDeviceList))
	r.Method(get, "/devices/v2/installer", s.op(s.installerURL, wolfden.ScopeDeviceRead))
	r.Method(get, "/installers/{file}", http.HandlerFunc(s.downloadInstaller))
	// The guide says device:read, the Arctic Wolf page device:list: either will do.
	r.Method(get, "/devices/v2/{device}", objectRead(s.op(s.getDevice, wolfden.ScopeDeviceRead, wolfden.ScopeDeviceList)))
	r.Method(get, "/devices/v2/hostname/{host}", s.op(s.devicesByHostName, wolfden.ScopeDeviceRead))
	r.Method(get, "/devices/v2/macaddress/{mac}", s.op(s.devicesByMAC, wolfden.ScopeDeviceRead))
	r.Method(put, "/devices/v2/{device}", s.op(s.updateDevice, wolfden.ScopeDeviceUpdate))
	r.Method(del, "/devices/v2", s.op(s.deleteDevices, wolfden.ScopeDeviceDelete))
	// For clients that cannot send a body with DELETE.
	r.Method(post, "/devices/v2/delete", s.op(s.deleteDevices, wolfden.ScopeDeviceDelete))

	// Device lifecycle management. Only exemptedDevices is a documented
	// path; the other three are wolfden's choice (docs/api/devices.md).
	r.Method(get, "/devices/v2/inactive/settings", s.op(s.lifecycleSettings, wolfden.ScopeDeviceManagementRead))
	r.Method(put, "/devices/v2/inactive/settings", s.op(s.updateLifecycleSettings, wolfden.ScopeDeviceManagementUpdate))
	r.Method(put, "/devices/v2/inactive/exemptedDevices", s.op(s.exemptDevices, wolfden.ScopeDeviceManagementUpdate))
	r.Method(put, "/devices/v2/inactive/includedDevices", s.op(s.includeDevices, wolfden.ScopeDeviceManagementUpdate))
	r.Method(put, "/devices/v2/inactive/resetInactivePeriod", s.op(s.resetInactivePeriod, wolfden.ScopeDeviceManagementUpdate))

	// Policies.
	r.Method(get, "/policies/v2", s.op(s.listPolicies, wolfden.ScopePolicyList))
	r.Method(get, "/policies/v2/{policy}", objectRead(s.op(s.getPolicy, wolfden.ScopePolicyRead)))
	r.Method(post, "/policies/v2", s.op(s.createPolicy, wolfden.ScopePolicyCreate))
	r.Method(put, "/policies/v2", s.op(s.updatePolicy, wolfden.ScopePolicyUpdate))
	r.Method(del, "/policies/v2/{policy}", s.op(s.deletePolicy, wolfden.ScopePolicyDelete))
	r.Method(del, "/policies/v2", s.op(s.deletePolicies, wolfden.ScopePolicyDelete))

	// Threats. The download link needs no bearer token, like the vendor's
	// storage URLs.
	r.Method(get, "/threats/v2", s.op(s.listThreats, wolfden.ScopeThreatList))
	r.Method(get, "/threats/v2/{sha256}", objectRead(s.op(s.getThreat, wolfden.ScopeThreatRead)))
	r.Method(get, "/threats/v2/{sha256}/devices", s.op(s.threatDevices, wolfden.ScopeThreatDeviceList))
	r.Method(get, "/threats/v2/download/{sha256}", s.op(s.threatDownloadURL, wolfden.ScopeThreatRead))
	r.Method(get, "/samples/{tenant}/{sha256}.zip", s.linked(s.downloadSample))
	r.Method(get, "/devices/v2/{device}/threats", s.op(s.deviceThreats, wolfden.ScopeDeviceThreatList))
	r.Method(post, "/devices/v2/{device}/threats", s.op(s.updateDeviceThreat, wolfden.ScopeThreatUpdate))

	// Memory protection.
	r.Method(get, "/memoryprotection/v2", s.op(s.listMemoryEvents, wolfden.ScopeMemoryProtectionList))
	r.Method(get, "/memoryprotection/v2/{event}", objectRead(s.op(s.getMemoryEvent, wolfden.ScopeMemoryProtectionRead)))

	// OPTICS detection rules. The guide names opticsdetect:read for reading
	// a rule; either scope will do (docs/api/rules.md).
	ruleRead := []wolfden.Scope{wolfden.ScopeOpticsRuleRead, wolfden.ScopeOpticsDetectRead}
	const rule = optics.RuleKindDetection
	r.Method(get, "/rules/v2", s.op(s.listRules, wolfden.ScopeOpticsRuleList))
	r.Method(get, "/rules/v2/csv", s.op(s.exportRules, wolfden.ScopeOpticsRuleList))
	r.Method(get, "/rules/v2/{rule}", objectRead(s.op(s.getRule(rule), ruleRead...)))
	r.Method(get, "/rules/v2/{rule}/natlang", s.op(s.getRuleNaturalLanguage, ruleRead...))
	r.Method(get, "/rules/v2/{rule}/counts", s.op(s.getRuleCounts, ruleRead...))
	r.Method(post, "/rules/v2/validate", s.op(s.validateRule, wolfden.ScopeOpticsRuleRead, wolfden.ScopeOpticsRuleCreate))
	r.Method(post, "/rules/v2", s.op(s.createRule(rule), wolfden.ScopeOpticsRuleCreate))
	r.Method(put, "/rules/v2/{rule}", s.op(s.updateRule(rule), wolfden.ScopeOpticsRuleUpdate))
	r.Method(post, "/rules/v2/{rule}/deactivate", s.op(s.deactivateRule(rule), wolfden.ScopeOpticsRuleDelete, wolfden.ScopeOpticsRuleUpdate))

	// OPTICS detection rule sets. The guide names user:create for the list,
	// a documentation error: opticsruleset:list or :read will do.
	r.Method(get, "/rulesets/v2", s.op(s.listRuleSets, wolfden.ScopeOpticsRuleSetList, wolfden.ScopeOpticsRuleSetRead))
	r.Method(get, "/rulesets/v2/csv", s.op(s.exportRuleSets, wolfden.ScopeOpticsRuleSetList, wolfden.ScopeOpticsRuleSetRead))
	r.Method(get, "/rulesets/v2/default", s.op(s.getDefaultRuleSet, wolfden.ScopeOpticsRuleSetRead))
	r.Method(get, "/rulesets/v2/{ruleset}", objectRead(s.op(s.getRuleSet, wolfden.ScopeOpticsRuleSetRead)))
	r.Method(post, "/rulesets/v2", s.op(s.createRuleSet, wolfden.ScopeOpticsRuleSetCreate))
	r.Method(put, "/rulesets/v2/{ruleset}", s.op(s.updateRuleSet, wolfden.ScopeOpticsRuleSetUpdate))
	r.Method(del, "/rulesets/v2/{ruleset}", s.op(s.deleteRuleSet, wolfden.ScopeOpticsRuleSetDelete))
	r.Method(del, "/rulesets/v2", s.op(s.deleteRuleSets, wolfden.ScopeOpticsRuleSetDelete))

	// OPTICS exceptions: rule documents of kind exception, served by the
	// rules' handlers.
	const exception = optics.RuleKindException
	r.Method(get, "/exceptions/v2", s.op(s.listExceptions, wolfden.ScopeOpticsExceptionList))
	r.Method(get, "/exceptions/v2/csv", s.op(s.exportExceptions, wolfden.ScopeOpticsExceptionList))
	r.Method(get, "/exceptions/v2/{rule}", objectRead(s.op(s.getRule(exception), wolfden.ScopeOpticsExceptionRead)))
	r.Method(post, "/exceptions/v2", s.op(s.createRule(exception), wolfden.ScopeOpticsExceptionCreate))
	r.Method(put, "/exceptions/v2/{rule}", s.op(s.updateRule(exception), wolfden.ScopeOpticsExceptionUpdate))
	r.Method(post, "/exceptions/v2/{rule}/deactivate", s.op(s.deactivateRule(exception), wolfden.ScopeOpticsExceptionUpdate, wolfden.ScopeOpticsExceptionDelete))

	// OPTICS policies: which detection rule set each device policy has.
	r.Method(get, "/opticsPolicies/v2/configurations", s.op(s.listOpticsPolicies, wolfden.ScopeOpticsPolicyList))
	r.Method(get, "/opticsPolicies/v2/configurations/{policy}", objectRead(s.op(s.getOpticsPolicy, wolfden.ScopeOpticsPolicyRead)))
	r.Method(post, "/opticsPolicies/v2/configurations", s.op(s.assignRuleSet, wolfden.ScopeOpticsPolicyUpdate))

	// OPTICS detections. Update has two paths: the guide's /update and
	// python-cyapi's.
	r.Method(get, "/detections/v2", s.op(s.listDetections, wolfden.ScopeOpticsDetectList))
	r.Method(get, "/detections/v2/csv", s.op(s.exportDetections, wolfden.ScopeOpticsDetectList))
	r.Method(get, "/detections/v2/severity", s.op(s.detectionHistogram, wolfden.ScopeOpticsDetectList))
	r.Method(get, "/detections/v2/{detection}/details", objectRead(s.op(s.getDetection, wolfden.ScopeOpticsDetectRead)))
	r.Method(post, "/detections/v2/update", s.op(s.updateDetections, wolfden.ScopeOpticsDetectUpdate))
	r.Method(post, "/detections/v2", s.op(s.updateDetections, wolfden.ScopeOpticsDetectUpdate))
	r.Method(del, "/detections/v2/{detection}", s.op(s.deleteDetection, wolfden.ScopeOpticsDetectDelete))
	r.Method(del, "/detections/v2", s.op(s.deleteDetections, wolfden.ScopeOpticsDetectDelete))

	// OPTICS InstaQueries. The archive scope is inferred: update or delete
	// will do.
	r.Method(get, "/instaqueries/v2", s.op(s.listInstaQueries, wolfden.ScopeOpticsSurveyList))
	r.Method(post, "/instaqueries/v2", s.op(s.createInstaQuery, wolfden.ScopeOpticsSurveyCreate))
	r.Method(get, "/instaqueries/v2/{query}", objectRead(s.op(s.getInstaQuery, wolfden.ScopeOpticsSurveyRead)))
	r.Method(get, "/instaqueries/v2/{query}/results", s.op(s.getInstaQueryResults, wolfden.ScopeOpticsSurveyRead))
	r.Method(post, "/instaqueries/v2/{query}/archive", s.op(s.archiveInstaQuery, wolfden.ScopeOpticsSurveyUpdate, wolfden.ScopeOpticsSurveyDelete))

	// OPTICS focus views.
	r.Method(get, "/foci/v2", s.op(s.listFocusViews, wolfden.ScopeOpticsFocusList))
	r.Method(post, "/foci/v2", s.op(s.createFocusView, wolfden.ScopeOpticsFocusCreate))
	r.Method(post, "/foci/v2/search", s.op(s.searchFocusViews, wolfden.ScopeOpticsFocusRead))
	r.Method(get, "/foci/v2/{focus}", objectRead(s.op(s.getFocusView, wolfden.ScopeOpticsFocusRead)))
	r.Method(get, "/foci/v2/{focus}/results", s.op(s.getFocusViewResults, wolfden.ScopeOpticsFocusRead))

	// OPTICS device commands: lockdown and file retrieval. python-cyapi
	// locks down with GET and PUT's query; a GET without value reads the
	// state.
	lockdown := s.op(s.setLockdown, wolfden.ScopeOpticsCommandCreate)
	r.Method(put, "/devicecommands/v2/{device}/lockdown", lockdown)
	r.Method(get, "/devicecommands/v2/{device}/lockdown", withValue(lockdown, s.op(s.getLockdown, wolfden.ScopeOpticsCommandRead)))
	r.Method(post, "/devicecommands/v2/{device}/getfile", s.op(s.requestFile, wolfden.ScopeOpticsCommandCreate))
	r.Method(post, "/devicecommands/v2/{device}/getfile:get", s.op(s.fileStatus, wolfden.ScopeOpticsCommandRead))
	r.Method(get, "/devicecommands/v2/retrieved_files", s.op(s.listRetrievedFiles, wolfden.ScopeOpticsCommandRead))
	r.Method(get, "/retrieved/{tenant}/{retrieval}.zip", s.linked(s.downloadRetrievedFile))

	// OPTICS packages. A package's file goes through signed links, like the
	// vendor's storage links: uploadTo (PUT the bytes) until the upload
	// timeout, downloadUrl (GET them) for linkLifetime from each read.
	r.Method(get, "/packages/v2", s.op(s.listPackages, wolfden.ScopeOpticsPkgConfigList))
	r.Method(post, "/packages/v2", s.op(s.createPackage, wolfden.ScopeOpticsPkgConfigCreate))
	r.Method(get, "/packages/v2/{package}", objectRead(s.op(s.getPackage, wolfden.ScopeOpticsPkgConfigRead)))
	r.Method(del, "/packages/v2/{package}", s.op(s.deletePackage, wolfden.ScopeOpticsPkgConfigDelete))
	r.Method(put, packageUploadPrefix+"{tenant}/{package}", s.linked(s.uploadPackageFile))
	r.Method(get, "/packagefiles/{tenant}/{package}", s.linked(s.downloadPackageFile))
	// Package executions. A delete answers the execution as it was.
	r.Method(get, "/packages/v2/executions", s.op(s.listPackageExecutions, wolfden.ScopeOpticsPkgDeployList))
	r.Method(post, "/packages/v2/executions", s.op(s.createPackageExecution, wolfden.ScopeOpticsPkgDeployCreate))
	r.Method(get, "/packages/v2/executions/{execution}", objectRead(s.op(s.answerExecution(store.TenantStore.PackageExecution), wolfden.ScopeOpticsPkgDeployRead)))
	r.Method(del, "/packages/v2/executions/{execution}", s.op(s.answerExecution(store.TenantStore.DeletePackageExecution), wolfden.ScopeOpticsPkgDeployDelete))

	// The partner (Multi-Tenant Console) API, under both /public/v2/{region}
	// and python-cyapi's /public/{region}.
	for _, p := range []string{"/public/v2/{region}", "/public/{region}"} {
		r.Method(post, p+"/auth", s.inRegion(http.HandlerFunc(s.partnerToken)))
		r.Method(get, p+"/health-check", s.inRegion(http.HandlerFunc(s.healthCheck)))
		r.Method(get, p+"/tenants/list", s.partnerOp(s.listPartnerTenants))
		r.Method(post, p+"/tenants/provision", s.partnerOp(s.provisionTenant))
		r.Method(put, p+"/tenants/tenant-app/{tenant}", s.partnerOp(s.tenantAppToken))
		r.Method(post, p+"/tenants/apply-policy", s.partnerOp(s.applyPolicyTemplate))
		r.Method(get, p+"/policy-templates/list", s.partnerOp(s.listPolicyTemplates))
		r.Method(get, p+"/policy-templates/{template}", objectRead(s.partnerOp(s.getPolicyTemplate)))
		r.Method(post, p+"/policy-templates", s.partnerOp(s.createPolicyTemplate))
		r.Method(put, p+"/policy-templates/{template}", s.partnerOp(s.updatePolicyTemplate))
		r.Method(del, p+"/policy-templates/{template}", s.partnerOp(s.deletePolicyTemplate))
		r.Method(get, p+"/users/list", s.partnerOp(s.listPartnerUsers))
		r.Method(post, p+"/users", s.partnerOp(s.createPartnerUser))
		r.Method(put, p+"/users/{user}", s.partnerOp(s.updatePartnerUser))
		r.Method(del, p+"/users/{user}", s.partnerOp(s.deletePartnerUser))
		r.Method(post, p+"/users/{user}/resend-invite", s.partnerOp(s.resendPartnerInvite))
		r.Method(get, p+"/reports/list", s.partnerOp(s.listReports))
		r.Method(get, p+"/reports/report-runs", s.partnerOp(s.listReportRuns))
		r.Method(get, p+"/reports/report-runs/{run}/download", s.partnerOp(s.downloadReportRun))
		r.Method(post, p+"/reports/report-runs/{run}/download", s.partnerOp(s.runReport))
	}

	// The control plane, which plays the endpoint agents: on only with an
	// admin token (docs/control-plane.md).
	if s.admin != "" {
		r.With(s.requireAdmin).Method(post, "/control/v1/tenants", http.HandlerFunc(s.createTenant))
		r.Route("/control/v1/tenants/{tenant}", func(r chi.Router) {
			r.Use(s.requireAdmin)
			r.Method(post, "/seed", s.control(s.seedTenant))
			r.Method(post, "/devices", s.control(s.registerDevice))
			r.Method(del, "/agentdata", s.control(s.resetAgentData))
			r.Method(put, "/devices/{device}/state", s.control(s.setDeviceState))
			r.Method(post, "/devices/{device}/threats", s.control(s.reportThreat))
			r.Method(post, "/devices/{device}/memoryevents", s.control(s.reportMemoryEvent))
			r.Method(post, "/devices/{device}/detections", s.control(s.raiseDetection))
		})
	}
	return r
}
