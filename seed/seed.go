// Package seed fills a tenant with realistic, varied agent data — policies,
// zones, devices, threats on them, memory-protection events, OPTICS rules
// and the detections they raise — through the same domain constructors and
// store methods the control plane uses.
//
// The same seed gives the same data: ids, names, addresses, hashes and
// their assignment. Dates are offsets from the plan's Now, so that the data
// is recent whenever it is made.
package seed

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/policy"
	"github.com/wolfden/wolfden/store"
)

// Plan says how much to make.
type Plan struct {
	Devices int
	// Threats is how many convicted files (threats, as GET /threats/v2
	// lists them) to report on the devices; Sightings how many times they
	// are found in all, on a device at a path, each at least once. Zero
	// Sightings means DefaultSightings.
	Threats, Sightings int
	MemoryEvents       int
	Detections         int
	Seed               uint64
	Now                time.Time
}

// Summary is what was made.
type Summary struct {
	Policies, Zones, Devices, Threats, Sightings, MemoryEvents int
	// Detections were raised; Suppressed would have been, but for the
	// seeded exception.
	Detections, Suppressed int
}

// Progress is told how far a stage has got.
type Progress func(stage string, done, total int)

// batchSize is how many records go in one transaction.
const batchSize = 2000

// Demo is the small data set a new default tenant starts with, and a
// tenant reset to its demo data gets. Its seed differs from wolfden seed's
// default, so that seeding the demo tenant adds to it.
var Demo = Plan{Devices: 12, Threats: 5, Sightings: 10, MemoryEvents: 6, Detections: 10, Seed: 1000}

// RunDemo gives a tenant the Demo data, dated back from now.
func RunDemo(ctx context.Context, t store.TenantStore, now time.Time) (Summary, error) {
	plan := Demo
	plan.Now = now
	return Run(ctx, t, plan, nil)
}

// DefaultSightings is how many times threats are found unless the plan
// says: four times each, on average, as the seed did before it counted
// threats and sightings apart, so that a hash turns up on several devices.
func DefaultSightings(threats int) int { return 4 * threats }

// Run makes the plan's data in the tenant t.
func Run(ctx context.Context, t store.TenantStore, plan Plan, progress Progress) (Summary, error) {
	if progress == nil {
		progress = func(string, int, int) {}
	}
	if plan.Devices <= 0 && (plan.Threats > 0 || plan.MemoryEvents > 0 || plan.Detections > 0) {
		return Summary{}, wolfden.FieldErrorf("devices", "threats, memory events and detections need devices")
	}
	sightings := plan.Sightings
	switch {
	case sightings == 0:
		sightings = DefaultSightings(plan.Threats)
	case plan.Threats == 0:
		return Summary{}, wolfden.FieldErrorf("sightings", "sightings need threats")
	case sightings < plan.Threats:
		return Summary{}, wolfden.FieldErrorf("sightings", "each threat is found at least once: sightings must be at least threats (%d)", plan.Threats)
	}
	pcg := rand.NewPCG(plan.Seed, plan.Seed^0x9e3779b97f4a7c15)
	g := &generator{rng: rand.New(pcg), pcg: pcg, now: plan.Now.UTC().Truncate(time.Second), seed: plan.Seed}
	var sum Summary
	policies, err := g.policies(ctx, t, plan.Devices)
	if err != nil {
		return sum, err
	}
	sum.Policies = len(policies)
	zones, err := g.zones(ctx, t, plan.Devices, policies)
	if err != nil {
		return sum, err
	}
	sum.Zones = len(zones)

	// Later stages find things on devices picked at random. Rather than
	// hold every device (a million in a bench run), the seed keeps the
	// generator's state before each one and makes it again when picked.
	devices := seededDevices{tenantID: t.TenantID(), zones: zones, states: make([]byte, 0, pcgStateSize*plan.Devices)}
	err = inBatches(ctx, plan.Devices, func(n int) error {
		batch := make([]*wolfden.Device, n)
		for i := range batch {
			if err := devices.add(g.pcg); err != nil {
				return err
			}
			d, err := g.device(t.TenantID(), zones)
			if err != nil {
				return err
			}
			batch[i] = d
		}
		progress("devices", devices.len(), plan.Devices)
		return t.CreateDevices(ctx, batch...)
	})
	if wolfden.CodeOf(err) == wolfden.EConflict {
		return sum, wolfden.FieldErrorf("seed", "the tenant holds the devices of seed %d already: seed it with another seed to add more", plan.Seed)
	}
	if err != nil {
		return sum, err
	}
	sum.Devices = devices.len()

	// The first sightings find each threat once; the rest, any of them.
	if g.samples, err = wolfden.NewSampleHasher(); err != nil {
		return sum, err
	}
	err = inBatches(ctx, sightings, func(n int) error {
		batch := make([]*wolfden.DeviceThreat, n)
		for i := range batch {
			file := sum.Sightings + i
			if file >= plan.Threats {
				file = g.rng.IntN(plan.Threats)
			}
			d, err := devices.pick(g)
			if err != nil {
				return err
			}
			dt, err := g.threat(d, file)
			if err != nil {
				return err
			}
			batch[i] = dt
		}
		sum.Sightings += n
		progress("sightings", sum.Sightings, sightings)
		return t.ReportThreats(ctx, batch...)
	})
	if err != nil {
		return sum, err
	}
	sum.Threats = plan.Threats

	err = inBatches(ctx, plan.MemoryEvents, func(n int) error {
		batch := make([]*wolfden.MemoryEvent, n)
		for i := range batch {
			d, err := devices.pick(g)
			if err != nil {
				return err
			}
			batch[i] = g.memoryEvent(d)
		}
		sum.MemoryEvents += n
		progress("memory events", sum.MemoryEvents, plan.MemoryEvents)
		return t.CreateMemoryEvents(ctx, batch...)
	})
	if err != nil || plan.Devices == 0 {
		return sum, err
	}

	rules, exceptions, err := g.optics(ctx, t, policies)
	if err != nil {
		return sum, err
	}
	bySystem := rulesBySystem(rules)
	err = inBatches(ctx, plan.Detections, func(n int) error {
		batch := make([]*optics.Detection, 0, n)
		for range n {
			device, err := devices.pick(g)
			if err != nil {
				return err
			}
			d, err := g.detection(device, bySystem, exceptions)
			if err != nil {
				return err
			}
			if d == nil {
				sum.Suppressed++
				continue
			}
			batch = append(batch, d)
		}
		sum.Detections += len(batch)
		progress("detections", sum.Detections+sum.Suppressed, plan.Detections)
		return t.RaiseDetections(ctx, batch...)
	})
	return sum, err
}

// inBatches calls fn with batch sizes that add up to total.
func inBatches(ctx context.Context, total int, fn func(n int) error) error {
	for done := 0; done < total; {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(batchSize, total-done)
		if err := fn(n); err != nil {
			return err
		}
		done += n
	}
	return nil
}

type generator struct {
	rng     *rand.Rand
	pcg     *rand.PCG // rng's source
	now     time.Time
	seed    uint64
	samples *wolfden.SampleHasher
}

// pcgStateSize is the size of a rand.PCG's binary form.
const pcgStateSize = 20

// seededDevices are the devices a seed made, kept as the generator's state
// before each (pcgStateSize bytes, against about a kilobyte for a Device).
type seededDevices struct {
	tenantID uuid.UUID
	zones    []zoneRef
	states   []byte
}

// add records the state from which the next device is made.
func (s *seededDevices) add(pcg *rand.PCG) error {
	n := len(s.states)
	var err error
	if s.states, err = pcg.AppendBinary(s.states); err != nil {
		return err
	}
	if len(s.states)-n != pcgStateSize {
		return fmt.Errorf("seed: a PCG state takes %d bytes, not %d", len(s.states)-n, pcgStateSize)
	}
	return nil
}

func (s *seededDevices) len() int { return len(s.states) / pcgStateSize }

// pick makes again a device chosen with g's generator, as it was first
// made; the regeneration draws nothing from g.
func (s *seededDevices) pick(g *generator) (*wolfden.Device, error) {
	return s.device(g, g.rng.IntN(s.len()))
}

// device makes device i again.
func (s *seededDevices) device(g *generator, i int) (*wolfden.Device, error) {
	pcg := new(rand.PCG)
	if err := pcg.UnmarshalBinary(s.states[i*pcgStateSize : (i+1)*pcgStateSize]); err != nil {
		return nil, err
	}
	again := &generator{rng: rand.New(pcg), pcg: pcg, now: g.now, seed: g.seed}
	return again.device(s.tenantID, s.zones)
}

func (g *generator) pick(options []string) string { return options[g.rng.IntN(len(options))] }

func (g *generator) id() uuid.UUID {
	var b [16]byte
	for i := range b {
		b[i] = byte(g.rng.UintN(256))
	}
	b[6] = b[6]&0x0f | 0x40 // version 4
	b[8] = b[8]&0x3f | 0x80 // RFC 4122 variant
	return uuid.UUID(b)
}

func (g *generator) hex(bytes int) string {
	const digits = "0123456789ABCDEF"
	out := make([]byte, 2*bytes)
	for i := range out {
		out[i] = digits[g.rng.IntN(16)]
	}
	return string(out)
}

// ago is a time up to span before now.
func (g *generator) ago(span time.Duration) time.Time {
	return g.now.Add(-time.Duration(g.rng.Int64N(int64(span)))).Truncate(time.Second)
}

// zoneSpec is a zone and the host-name prefix of its devices.
type zoneSpec struct {
	name, prefix string
	kind         string // laptop, desktop, server, mac, linux
}

var zoneSpecs = []zoneSpec{
	{"Finance Laptops", "FIN-LT", "laptop"}, {"Engineering Workstations", "ENG-WS", "desktop"},
	{"Data Center Servers", "DC-SRV", "server"}, {"Sales Laptops", "SLS-LT", "laptop"},
	{"Design Macs", "DSN-MAC", "mac"}, {"Build Agents", "BLD", "linux"}, {"HR Desktops", "HR-DT", "desktop"},
	{"Executives", "EXEC-LT", "laptop"}, {"Branch Office Kiosks", "KSK", "desktop"}, {"Web Servers", "WEB", "linux"},
}

type zoneRef struct {
	wolfden.Zone
	spec zoneSpec
}

// policySpec is a policy the seed makes and the settings it turns on.
type policySpec struct {
	name       string
	settings   []string // policy[] flags set to "1"
	quarantine bool     // auto-quarantine abnormal and unsafe files
}

// policySpecs by the kind of zone that uses them; other kinds keep Default.
var policySpecs = map[string]policySpec{
	"server": {"Servers - strict", []string{"auto_blocking", "memory_exploit_detection", "script_control",
		"prevent_service_shutdown", "kill_running_threats", "watch_for_new_files"}, true},
	"laptop": {"Workstations", []string{"auto_blocking", "memory_exploit_detection", "show_notifications",
		"watch_for_new_files"}, true},
}

// policies makes (or, when seeding again, finds by name) the policies the
// zones use, by zone kind.
func (g *generator) policies(ctx context.Context, t store.TenantStore, devices int) (map[string]uuid.UUID, error) {
	if devices == 0 {
		return nil, nil
	}
	existing, err := t.Policies(ctx, wolfden.PageRequest{Number: 1, Size: 200})
	if err != nil {
		return nil, err
	}
	ids := map[string]uuid.UUID{}
	for _, kind := range []string{"server", "laptop"} { // map order is random; ids must not be
		spec := policySpecs[kind]
		doc := policy.Document{PolicyName: spec.name}
		for _, name := range spec.settings {
			doc.Settings = append(doc.Settings, policy.Setting{Name: name, Value: []byte(`"1"`)})
		}
		if spec.quarantine {
			aqt := []policy.FileTypeAction{{FileType: "executable", Actions: wolfden.Str("3")}}
			doc.FileTypeActions = &policy.FileTypeActions{SuspiciousFiles: aqt, ThreatFiles: aqt}
		}
		p, err := policy.NewDevicePolicy(t.TenantID(), uuid.Nil, doc, g.now)
		if err != nil {
			return nil, err
		}
		p.ID = g.id()
		if i := slices.IndexFunc(existing.Items, func(e policy.Summary) bool { return e.Name == spec.name }); i >= 0 {
			p.ID = existing.Items[i].ID
		} else if err := t.CreatePolicy(ctx, p); err != nil {
			return nil, err
		}
		ids[kind] = p.ID
	}
	return ids, nil
}

// zones makes (or, when seeding again, finds) the zones devices go in:
// more zones for more devices. A zone uses its kind's policy.
func (g *generator) zones(ctx context.Context, t store.TenantStore, devices int, policies map[string]uuid.UUID) ([]zoneRef, error) {
	if devices == 0 {
		return nil, nil
	}
	existing, err := t.Zones(ctx, wolfden.PageRequest{Number: 1, Size: 200})
	if err != nil {
		return nil, err
	}
	n := min(len(zoneSpecs), 3+devices/10000)
	var refs []zoneRef
	for _, spec := range zoneSpecs[:n] {
		policyID, ok := policies[spec.kind]
		if !ok {
			policyID = wolfden.DefaultPolicyID
		}
		name, policy, crit := spec.name, policyID.String(), g.pick([]string{"Low", "Normal", "Normal", "High"})
		z, err := wolfden.NewZone(t.TenantID(), wolfden.ZoneChange{Name: &name, PolicyID: &policy, Criticality: &crit}, g.now)
		if err != nil {
			return nil, err
		}
		z.ID = g.id()
		found := false
		for _, e := range existing.Items {
			if e.Name == name {
				z, found = &e, true
			}
		}
		if !found {
			if err := t.CreateZone(ctx, z); err != nil {
				return nil, err
			}
		}
		refs = append(refs, zoneRef{Zone: *z, spec: spec})
	}
	return refs, nil
}

var (
	windowsVersions = []struct{ os, kernel string }{
		{"Microsoft Windows 11 Pro", "10.0.22631"}, {"Microsoft Windows 11 Enterprise", "10.0.26100"},
		{"Microsoft Windows 10 Pro", "10.0.19045"}, {"Microsoft Windows 10 Enterprise", "10.0.19044"},
	}
	serverVersions = []struct{ os, kernel string }{
		{"Microsoft Windows Server 2022 Standard", "10.0.20348"}, {"Microsoft Windows Server 2019 Datacenter", "10.0.17763"},
	}
	macVersions   = []struct{ os, kernel string }{{"macOS Sonoma 14.5", "23.5.0"}, {"macOS Ventura 13.6", "22.6.0"}}
	linuxVersions = []struct{ os, kernel string }{
		{"Ubuntu 22.04.4 LTS", "5.15.0-105-generic"}, {"Red Hat Enterprise Linux 8.9", "4.18.0-513.el8.x86_64"},
		{"Amazon Linux 2", "5.10.215-203.850.amzn2.x86_64"},
	}
	agentVersions = []string{"3.1.1001", "3.1.1001", "3.2.1002", "3.2.1002", "3.2.1002", wolfden.LatestAgentVersion}
	firstNames    = []string{"jrivera", "slee", "mchen", "apatel", "kobrien", "tnguyen", "lgarcia", "dsmith", "rkim", "ejohnson"}
	// OUIs of common NIC vendors, for plausible MAC addresses.
	ouis = []string{"00-1A-2B", "3C-52-82", "F4-8E-38", "A4-BB-6D", "00-50-56", "D8-9E-F3"}
)

func (g *generator) device(tenantID uuid.UUID, zones []zoneRef) (*wolfden.Device, error) {
	z := zones[g.rng.IntN(len(zones))]
	host := fmt.Sprintf("%s-%05d", z.spec.prefix, g.rng.IntN(100000))
	user := g.pick(firstNames)
	var ver struct{ os, kernel string }
	reg := wolfden.DeviceRegistration{Name: host, AgentVersion: g.pick(agentVersions)}
	switch z.spec.kind {
	case "server":
		ver = serverVersions[g.rng.IntN(len(serverVersions))]
		reg.HostName, reg.LastLoggedInUser = host+".corp.example.org", `CORP\svc-backup`
		reg.DistinguishedName = "CN=" + host + ",OU=Servers,DC=corp,DC=example,DC=org"
	case "mac":
		ver = macVersions[g.rng.IntN(len(macVersions))]
		reg.HostName, reg.LastLoggedInUser = host, user
	case "linux":
		ver = linuxVersions[g.rng.IntN(len(linuxVersions))]
		reg.HostName, reg.LastLoggedInUser = host, "root"
	default:
		ver = windowsVersions[g.rng.IntN(len(windowsVersions))]
		reg.HostName, reg.LastLoggedInUser = host+".corp.example.org", `CORP\`+user
		reg.DistinguishedName = "CN=" + host + ",OU=" + z.spec.name + ",DC=corp,DC=example,DC=org"
	}
	reg.OSVersion, reg.OSKernelVersion = ver.os, ver.kernel
	reg.IPAddresses = []string{fmt.Sprintf("10.%d.%d.%d", g.rng.IntN(256), g.rng.IntN(256), 1+g.rng.IntN(254))}
	reg.MACAddresses = []string{g.pick(ouis) + "-" + g.hex(1) + "-" + g.hex(1) + "-" + g.hex(1)}
	if z.spec.kind == "laptop" && g.rng.IntN(3) == 0 { // docked: a second adapter
		reg.MACAddresses = append(reg.MACAddresses, g.pick(ouis)+"-"+g.hex(1)+"-"+g.hex(1)+"-"+g.hex(1))
	}
	registered := g.ago(365 * 24 * time.Hour)
	d, err := wolfden.NewDevice(tenantID, reg, registered)
	if err != nil {
		return nil, err
	}
	d.ID = g.id()
	d.Zones = []wolfden.Zone{z.Zone}
	d.Policy = wolfden.Policy{ID: z.PolicyID}
	d.BackgroundDetection = g.rng.IntN(20) == 0
	d.UpdateAvailable = d.AgentVersion != wolfden.LatestAgentVersion
	d.Modified = registered.Add(time.Duration(g.rng.Int64N(int64(g.now.Sub(registered) + 1)))).Truncate(time.Second)
	if g.rng.IntN(100) < 15 {
		d.SetState(wolfden.Offline, d.Modified)
	}
	return d, nil
}

var families = []struct{ class, sub string }{
	{"Malware", "Trojan"}, {"Malware", "Ransom"}, {"Malware", "Virus"}, {"Malware", "Worm"},
	{"Malware", "Backdoor"}, {"Malware", "Infostealer"}, {"PUP", "Adware"}, {"PUP", "Toolbar"},
	{"PUP", "Miner"}, {"Dual Use", "Remote Access"}, {"Dual Use", "Hacking Tool"}, {"Dual Use", "Password Cracker"},
}

var fileNames = []string{"invoice_2024.exe", "setup.exe", "update.exe", "PO-88123.pdf.exe", "svchost32.exe",
	"chrome_installer.exe", "scan_0042.js", "payroll.xlsm", "mimikatz.exe", "psexec.exe", "nc.exe",
	"free_vpn_setup.exe", "toolbar_install.msi", "crack.exe", "keygen.exe", "dropper.dll"}

var folders = []string{`C:\Users\{user}\Downloads\`, `C:\Users\{user}\AppData\Local\Temp\`, `C:\ProgramData\`,
	`C:\Windows\Temp\`, `C:\Users\{user}\Desktop\`, `D:\Shares\Finance\`}

// threat reports the plan's file number file found on d. A file is made
// from the plan's seed and its number alone, again at each sighting, so
// that no seed holds a million files in memory: its sample is generated
// text (harmless; 4 KiB to 8 MiB, as the file_size says) whose hashes are
// the threat's, made again on each download from the sample's seed.
func (g *generator) threat(d *wolfden.Device, file int) (*wolfden.DeviceThreat, error) {
	rng := rand.New(rand.NewPCG(g.seed, uint64(file)))
	fam := families[rng.IntN(len(families))]
	name := fileNames[rng.IntN(len(fileNames))]
	score := -0.5 - float64(rng.IntN(50))/100
	sample := wolfden.GeneratedSample{Seed: rng.Uint64(), Size: 4096 + rng.Int64N(8<<20)}
	sha, md5, err := g.samples.Hashes(sample)
	if err != nil {
		return nil, err
	}

	path := "/tmp/" + name // macOS and Linux
	if strings.HasPrefix(d.OSVersion, "Microsoft") {
		path = strings.ReplaceAll(g.pick(folders), "{user}", g.pick(firstNames)) + name
	}
	status := g.pick([]string{"Default", "Default", "Quarantined", "Quarantined", "Quarantined", "Whitelisted", "Suspicious"})
	found := g.ago(90 * 24 * time.Hour)
	dt, err := wolfden.NewDeviceThreat(d.ID, wolfden.ThreatReport{SHA256: sha, MD5: md5, Name: name, FilePath: path,
		FileSize: sample.Size, CylanceScore: &score, Classification: fam.class, SubClassification: fam.sub,
		DetectedBy: g.pick([]string{"File Watcher", "Background Threat Detection", "Execution Control"}),
		FileStatus: status, DateFound: &found}, g.now)
	if err != nil {
		return nil, err
	}
	dt.Sample = &wolfden.Sample{Generated: &sample}
	return dt, nil
}

var exploitImages = []string{`C:\Windows\Temp\dumper.exe`, `C:\Program Files\Microsoft Office\root\Office16\WINWORD.EXE`,
	`C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe`, `C:\Users\Public\loader.exe`,
	`C:\Program Files (x86)\Adobe\Acrobat Reader DC\Reader\AcroRd32.exe`}

var violations = []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 12, 12, 13, 24}

func (g *generator) memoryEvent(d *wolfden.Device) *wolfden.MemoryEvent {
	user := d.LastLoggedInUser
	return &wolfden.MemoryEvent{
		ID: g.id(), DeviceID: d.ID, AgentEventID: g.hex(8), Created: g.ago(30 * 24 * time.Hour),
		Action: []int{1, 2, 2, 3}[g.rng.IntN(4)], ViolationType: violations[g.rng.IntN(len(violations))],
		ImageName: g.pick(exploitImages), ProcessID: 1000 + g.rng.IntN(30000), FileHashID: g.hex(32),
		FileVersion: fmt.Sprintf("%d.%d.%d.%d", 1+g.rng.IntN(20), g.rng.IntN(10), g.rng.IntN(10000), g.rng.IntN(100)),
		DLLVersion:  d.AgentVersion, Username: user, SID: fmt.Sprintf("S-1-5-21-1111111111-2222222222-3333333333-%d", 1000+g.rng.IntN(9000)),
		Groups: g.pick([]string{"Domain Users", "Domain Users;Finance", "Administrators"}),
	}
}
