package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
)

const detectionColumns = `id, number, severity, status, comment, rule_id, rule_name, rule_description, rule_category,
	rule_version, device, event, artifacts, activated_at, occurred_at, received_at`

func (t *tenantStore) scanDetection(r row) (*optics.Detection, error) {
	d := optics.Detection{TenantID: t.tenantID}
	var (
		device, event, artifacts     string
		activated, occurred, receivd int64
	)
	if err := r.Scan(&d.ID, &d.Number, &d.Severity, &d.Status, &d.Comment, &d.Rule.ID, &d.Rule.Name, &d.Rule.Description,
		&d.Rule.Category, &d.Rule.Version, &device, &event, &artifacts, &activated, &occurred, &receivd); err != nil {
		return nil, err
	}
	d.Activated, d.Occurred, d.Received = fromMicros(activated), fromMicros(occurred), fromMicros(receivd)
	for _, v := range []struct {
		text string
		dst  any
	}{{device, &d.Device}, {event, &d.Event}, {artifacts, &d.Artifacts}} {
		if err := json.Unmarshal([]byte(v.text), v.dst); err != nil {
			return nil, err
		}
	}
	return &d, nil
}

// RaiseDetections numbers and stores detections in one transaction. The
// tenant's counter row is updated first, which on PostgreSQL also makes
// concurrent raises in a tenant take turns, so numbers never collide.
func (t *tenantStore) RaiseDetections(ctx context.Context, detections ...*optics.Detection) error {
	if len(detections) == 0 {
		return nil
	}
	return t.inTx(ctx, func(tx runner) error {
		var last int
		err := tx.queryRow(ctx, `UPDATE tenants SET detections_raised = detections_raised + $2 WHERE id = $1
			RETURNING detections_raised`, t.tenantID, len(detections)).Scan(&last)
		if err != nil {
			return notFoundIf(err, "tenant %s not found", t.tenantID)
		}
		insert, err := tx.batch(ctx, `INSERT INTO detections (tenant_id, id, number, phonetic_key, severity, severity_rank,
			status, comment, rule_id, rule_name, rule_description, rule_description_key, rule_category, rule_version,
			device_id, device_name_key, device, event, artifacts, activated_at, occurred_at, received_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)`)
		if err != nil {
			return err
		}
		for i, d := range detections {
			if d.TenantID != t.tenantID {
				return wolfden.Errorf(wolfden.EInvalid, "detection belongs to another tenant")
			}
			d.Number = last - len(detections) + 1 + i
			device, event, artifacts, err := marshalAll(d.Device, d.Event, d.Artifacts)
			if err != nil {
				return err
			}
			if _, err := insert.exec(ctx, t.tenantID, d.ID, d.Number, strings.ToLower(d.PhoneticID()), d.Severity,
				optics.SeverityRank(d.Severity), d.Status, d.Comment, d.Rule.ID, d.Rule.Name, d.Rule.Description,
				strings.ToLower(d.Description()), d.Rule.Category, d.Rule.Version, d.Device.ID, strings.ToLower(d.Device.Name),
				device, event, artifacts, micros(d.Activated), micros(d.Occurred), micros(d.Received)); err != nil {
				return err
			}
		}
		return nil
	})
}

func marshalAll(device, event, artifacts any) (string, string, string, error) {
	var out [3]string
	for i, v := range []any{device, event, artifacts} {
		b, err := json.Marshal(v)
		if err != nil {
			return "", "", "", err
		}
		out[i] = string(b)
	}
	return out[0], out[1], out[2], nil
}

// Detection finds a detection by id.
func (t *tenantStore) Detection(ctx context.Context, id uuid.UUID) (*optics.Detection, error) {
	return t.findDetection(ctx, t.reader(), id)
}

func (t *tenantStore) findDetection(ctx context.Context, q runner, id uuid.UUID) (*optics.Detection, error) {
	d, err := t.scanDetection(q.queryRow(ctx, `SELECT `+detectionColumns+` FROM detections WHERE tenant_id = $1 AND id = $2`,
		t.tenantID, id))
	return d, notFoundIf(err, "detection %s not found", id)
}

// detectionSortColumns are the columns of the list's sort keys.
var detectionSortColumns = map[string]string{
	"Severity": "severity_rank", "OccurrenceTime": "occurred_at", "Status": "status", "Device": "device_name_key",
	"PhoneticId": "number", "Description": "rule_description_key", "ReceivedTime": "received_at",
}

// detectionConditions selects the filter's detections of the tenant.
func (t *tenantStore) detectionConditions(f optics.DetectionFilter) *conditions {
	c := newConditions()
	c.add("tenant_id = ?", t.tenantID)
	if f.PhoneticID != "" {
		c.add("phonetic_key = ?", strings.ToLower(f.PhoneticID))
		return c
	}
	if f.From != nil {
		c.add("occurred_at >= ?", micros(*f.From))
	}
	if f.To != nil {
		c.add("occurred_at <= ?", micros(*f.To))
	}
	if f.Since != nil {
		c.add("received_at > ?", micros(*f.Since))
	}
	if f.Severity != "" {
		c.add("severity_rank = ?", optics.SeverityRank(f.Severity))
	}
	if f.Status != "" {
		c.add("status = ?", f.Status)
	}
	if f.Description != "" {
		c.add(`rule_description_key LIKE ? ESCAPE '\'`, containsPattern(f.Description))
	}
	if f.Device != "" {
		c.add(`device_name_key LIKE ? ESCAPE '\'`, containsPattern(f.Device))
	}
	return c
}

// Detections lists the filter's detections in its order.
func (t *tenantStore) Detections(ctx context.Context, f optics.DetectionFilter, page wolfden.PageRequest) (wolfden.Page[optics.Detection], error) {
	by, err := orderBy(detectionSortColumns, f.Sort, "number")
	if err != nil {
		return wolfden.Page[optics.Detection]{}, err
	}
	c := t.detectionConditions(f)
	n := len(c.args)
	return pageOf(ctx, t.Store, page, `SELECT COUNT(*) FROM detections WHERE `+c.sql(),
		`SELECT `+detectionColumns+` FROM detections WHERE `+c.sql()+by+fmt.Sprintf(" LIMIT $%d OFFSET $%d", n+1, n+2),
		c.args, t.scanDetection)
}

// DetectionHistogram counts the filter's detections by severity in the
// buckets. It reads only the occurrence time and severity of each, in the
// range of the (tenant, occurrence) index, and bins them here: one query
// whatever the unit, calendar months included.
func (t *tenantStore) DetectionHistogram(ctx context.Context, f optics.DetectionFilter, starts []time.Time, end time.Time) ([]optics.SeverityCounts, error) {
	buckets := make([]optics.SeverityCounts, len(starts))
	for i, s := range starts {
		buckets[i] = optics.SeverityCounts{Start: s, Counts: map[string]int{}}
		for _, sev := range optics.Severities() {
			buckets[i].Counts[sev] = 0
		}
	}
	if len(starts) == 0 {
		return buckets, nil
	}
	f.From, f.To = &starts[0], &end
	c := t.detectionConditions(f)
	rows, err := t.reader().query(ctx, `SELECT occurred_at, severity FROM detections WHERE `+c.sql(), c.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			at       int64
			severity string
		)
		if err := rows.Scan(&at, &severity); err != nil {
			return nil, err
		}
		// The bucket is the last one starting at or before the time.
		i, found := slices.BinarySearchFunc(starts, fromMicros(at), func(s, t time.Time) int { return s.Compare(t) })
		if !found {
			i--
		}
		buckets[i].Counts[severity]++
	}
	return buckets, rows.Err()
}

// UpdateDetections changes status or comment of each detection, all or
// none.
func (t *tenantStore) UpdateDetections(ctx context.Context, changes []optics.DetectionChange) ([]optics.Detection, error) {
	updated := make([]optics.Detection, 0, len(changes))
	err := t.inTx(ctx, func(tx runner) error {
		for i, ch := range changes {
			d, err := t.findDetection(ctx, tx, ch.ID)
			if wolfden.CodeOf(err) == wolfden.ENotFound {
				return wolfden.FieldNotFoundf(fmt.Sprintf("[%d].detection_id", i), "detection %s not found", ch.ID)
			}
			if err != nil {
				return err
			}
			ch.Apply(d)
			if _, err := tx.exec(ctx, `UPDATE detections SET status = $3, comment = $4 WHERE tenant_id = $1 AND id = $2`,
				t.tenantID, d.ID, d.Status, d.Comment); err != nil {
				return err
			}
			updated = append(updated, *d)
		}
		return nil
	})
	return updated, err
}

// DeleteDetections deletes detections, all or none.
func (t *tenantStore) DeleteDetections(ctx context.Context, field string, ids []uuid.UUID) error {
	return t.inTx(ctx, func(tx runner) error {
		for i, id := range ids {
			res, err := tx.exec(ctx, `DELETE FROM detections WHERE tenant_id = $1 AND id = $2`, t.tenantID, id)
			err = changedRows(res, err, func() error {
				if field == "" {
					return wolfden.Errorf(wolfden.ENotFound, "detection %s not found", id)
				}
				return wolfden.FieldNotFoundf(fmt.Sprintf("%s[%d]", field, i), "detection %s not found", id)
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}
