#include "src/store/sqlite_schema.hpp"

#include <string>

namespace claimgate::store {
namespace {

// Columns ending in _enc hold Keyring::Seal output (AES-256-GCM); everything else is plain and
// must not be PHI. Append-only tables refuse UPDATE and DELETE with triggers.
constexpr const char* kMigrations[] = {
    // 1: tenants, keys, claims, their history, idempotency, audit log.
    R"sql(
CREATE TABLE tenants(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL UNIQUE,
  created_ms INTEGER NOT NULL);
CREATE TABLE api_keys(
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id),
  role TEXT NOT NULL CHECK (role IN ('submitter','biller','operator','admin')),
  hash_hex TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL, revoked_ms INTEGER);
CREATE INDEX api_keys_tenant ON api_keys(tenant_id);
CREATE TABLE claims(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, tenant_id TEXT NOT NULL REFERENCES tenants(id),
  patient_control_number TEXT NOT NULL, payer_id TEXT NOT NULL, claim_type TEXT NOT NULL,
  state TEXT NOT NULL, total_charge_cents INTEGER NOT NULL, interchange_id TEXT,
  encounter_enc BLOB NOT NULL, segments_enc BLOB, created_ms INTEGER NOT NULL,
  updated_ms INTEGER NOT NULL, event_count INTEGER NOT NULL DEFAULT 0,
  UNIQUE (tenant_id, payer_id, patient_control_number));
CREATE INDEX claims_tenant_state ON claims(tenant_id, state, seq);
CREATE INDEX claims_tenant_seq ON claims(tenant_id, seq);
CREATE INDEX claims_payer_state ON claims(payer_id, state, seq);
CREATE INDEX claims_payer_pcn ON claims(payer_id, patient_control_number);
CREATE TABLE claim_events(
  claim_seq INTEGER NOT NULL REFERENCES claims(seq), seq INTEGER NOT NULL, type TEXT NOT NULL,
  from_state TEXT NOT NULL, to_state TEXT NOT NULL, detail TEXT NOT NULL, source_ref TEXT NOT NULL,
  at_ms INTEGER NOT NULL, PRIMARY KEY (claim_seq, seq)) WITHOUT ROWID;
CREATE TRIGGER claim_events_no_update BEFORE UPDATE ON claim_events
  BEGIN SELECT RAISE(ABORT, 'claim_events is append-only'); END;
CREATE TRIGGER claim_events_no_delete BEFORE DELETE ON claim_events
  BEGIN SELECT RAISE(ABORT, 'claim_events is append-only'); END;
CREATE TABLE idempotency_keys(
  tenant_id TEXT NOT NULL REFERENCES tenants(id), key TEXT NOT NULL, request_hash TEXT NOT NULL,
  claim_id TEXT, response_status INTEGER NOT NULL, response_enc BLOB NOT NULL,
  created_ms INTEGER NOT NULL, PRIMARY KEY (tenant_id, key)) WITHOUT ROWID;
CREATE TABLE audit_log(
  seq INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL, tenant_id TEXT NOT NULL, actor TEXT NOT NULL,
  action TEXT NOT NULL, object_id TEXT NOT NULL, remote TEXT NOT NULL, outcome TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE INDEX audit_tenant ON audit_log(tenant_id, at_ms);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
)sql",
    // 2: payer traffic: control numbers, interchanges, inbound files, remittances, status.
    R"sql(
CREATE TABLE control_numbers(name TEXT PRIMARY KEY, next_value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE interchanges(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, payer_id TEXT NOT NULL,
  sender_id TEXT NOT NULL, receiver_id TEXT NOT NULL, isa13 INTEGER NOT NULL,
  gs06 INTEGER NOT NULL, file_name TEXT NOT NULL, state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
  sha256_hex TEXT NOT NULL, size_bytes INTEGER NOT NULL, bytes_enc BLOB NOT NULL,
  created_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL,
  UNIQUE (sender_id, receiver_id, isa13));
CREATE INDEX interchanges_payer_state ON interchanges(payer_id, state, seq);
CREATE INDEX claims_interchange ON claims(interchange_id);
CREATE TABLE inbound_files(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, tenant_id TEXT NOT NULL, payer_id TEXT NOT NULL,
  kind TEXT NOT NULL, source_name TEXT NOT NULL, sha256_hex TEXT NOT NULL UNIQUE,
  size_bytes INTEGER NOT NULL, bytes_enc BLOB NOT NULL, state TEXT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '', received_ms INTEGER NOT NULL, updated_ms INTEGER NOT NULL);
CREATE TABLE remittances(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, tenant_id TEXT NOT NULL REFERENCES tenants(id),
  payer_id TEXT NOT NULL, inbound_file_id TEXT NOT NULL, trace_number TEXT NOT NULL,
  payment_method TEXT NOT NULL, payment_date TEXT NOT NULL, total_paid_cents INTEGER NOT NULL,
  created_ms INTEGER NOT NULL);
CREATE INDEX remittances_tenant ON remittances(tenant_id, seq);
CREATE TABLE claim_payments(
  seq INTEGER PRIMARY KEY, remittance_seq INTEGER NOT NULL REFERENCES remittances(seq),
  ordinal INTEGER NOT NULL, claim_id TEXT NOT NULL, patient_control_number TEXT NOT NULL, status_code TEXT NOT NULL,
  charge_cents INTEGER NOT NULL, paid_cents INTEGER NOT NULL, patient_resp_cents INTEGER NOT NULL,
  payer_claim_control_number TEXT NOT NULL, patient_enc BLOB NOT NULL);
CREATE INDEX claim_payments_remittance ON claim_payments(remittance_seq);
CREATE INDEX claim_payments_claim ON claim_payments(claim_id);
CREATE TABLE service_payments(
  seq INTEGER PRIMARY KEY, claim_payment_seq INTEGER NOT NULL REFERENCES claim_payments(seq),
  ordinal INTEGER NOT NULL, procedure TEXT NOT NULL, charge_cents INTEGER NOT NULL, paid_cents INTEGER NOT NULL,
  units TEXT NOT NULL, line_control_number TEXT NOT NULL, service_date_enc BLOB NOT NULL);
CREATE INDEX service_payments_claim ON service_payments(claim_payment_seq);
CREATE TABLE adjustments(
  seq INTEGER PRIMARY KEY, claim_payment_seq INTEGER NOT NULL REFERENCES claim_payments(seq),
  service_payment_seq INTEGER REFERENCES service_payments(seq), group_code TEXT NOT NULL,
  reason_code TEXT NOT NULL, amount_cents INTEGER NOT NULL, quantity TEXT NOT NULL);
CREATE INDEX adjustments_claim ON adjustments(claim_payment_seq);
CREATE TABLE provider_adjustments(
  seq INTEGER PRIMARY KEY, remittance_seq INTEGER NOT NULL REFERENCES remittances(seq),
  provider_id TEXT NOT NULL, fiscal_period_date TEXT NOT NULL, reason_code TEXT NOT NULL,
  reference TEXT NOT NULL, amount_cents INTEGER NOT NULL);
CREATE TABLE status_records(
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, tenant_id TEXT NOT NULL, claim_id TEXT NOT NULL,
  payer_id TEXT NOT NULL, source TEXT NOT NULL, inbound_file_id TEXT NOT NULL,
  patient_control_number TEXT NOT NULL, payer_claim_control_number TEXT NOT NULL,
  category_code TEXT NOT NULL, status_code TEXT NOT NULL, entity_code TEXT NOT NULL,
  effective_date TEXT NOT NULL, detail_enc BLOB NOT NULL, created_ms INTEGER NOT NULL);
CREATE INDEX status_records_claim ON status_records(tenant_id, claim_id);
)sql",
    // 3: a 277 that names a claim only by the payer's claim number (REF*1K) is matched through
    // the numbers earlier 277CAs and 835s gave.
    R"sql(
CREATE INDEX status_records_payer_number ON status_records(payer_id, payer_claim_control_number)
  WHERE payer_claim_control_number <> '' AND claim_id <> '';
CREATE INDEX claim_payments_payer_number ON claim_payments(payer_claim_control_number)
  WHERE payer_claim_control_number <> '';
)sql",
    // 4: remark codes (RARC from LQ*HE, MIA/MOA) of claim and service payments, as
    // "QUALIFIER:CODE" joined by spaces.
    R"sql(
ALTER TABLE claim_payments ADD COLUMN remarks TEXT NOT NULL DEFAULT '';
ALTER TABLE service_payments ADD COLUMN remarks TEXT NOT NULL DEFAULT '';
)sql",
    // 5: the platform (the organisation that runs the gateway) holds keys of its own roles,
    // platform_operator and platform_admin, under the reserved tenant id 'platform'.
    R"sql(
INSERT INTO tenants(id, name, created_ms)
  VALUES ('platform', '(platform)', CAST(strftime('%s', 'now') AS INTEGER) * 1000);
CREATE TABLE api_keys_v5(
  id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id),
  role TEXT NOT NULL CHECK (role IN ('submitter','biller','operator','admin',
                                     'platform_operator','platform_admin')),
  hash_hex TEXT NOT NULL UNIQUE, prefix TEXT NOT NULL, label TEXT NOT NULL DEFAULT '',
  created_ms INTEGER NOT NULL, revoked_ms INTEGER,
  CHECK ((tenant_id = 'platform') = (role LIKE 'platform%')));
INSERT INTO api_keys_v5(id, tenant_id, role, hash_hex, prefix, label, created_ms, revoked_ms)
  SELECT id, tenant_id, role, hash_hex, prefix, label, created_ms, revoked_ms FROM api_keys;
DROP TABLE api_keys;
ALTER TABLE api_keys_v5 RENAME TO api_keys;
CREATE INDEX api_keys_tenant ON api_keys(tenant_id);
-- Which tenants a payer's file touched (who may read it, whose audit log records it).
CREATE INDEX claim_events_source ON claim_events(source_ref);
CREATE INDEX remittances_file ON remittances(inbound_file_id);
CREATE INDEX status_records_file ON status_records(inbound_file_id);
-- Payers' files held back for review (broken envelopes).
CREATE INDEX inbound_files_state ON inbound_files(state);
)sql",
    // 6: what the store keeps about itself: "key_check:<key id>" holds a constant sealed under
    // each encryption key the file was written with (checked at every open, so a wrong key stops
    // start-up), "write_probe" the writer's small test write while commits are failing.
    R"sql(
CREATE TABLE store_meta(
  name TEXT PRIMARY KEY, value BLOB NOT NULL, updated_ms INTEGER NOT NULL) WITHOUT ROWID;
)sql",
};

constexpr int kLatest = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace

int LatestSchemaVersion() { return kLatest; }

Result<int> SchemaVersion(Db& db) {
  if (auto r = db.Exec("CREATE TABLE IF NOT EXISTS schema_version("
                       "version INTEGER PRIMARY KEY, applied_ms INTEGER NOT NULL)");
      !r) {
    return r.error();
  }
  auto stmt = db.Prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
  if (!stmt.Step()) return db.LastError("reading schema version");
  return static_cast<int>(stmt.Int(0));
}

Result<int> Migrate(Db& db, int target) {
  if (target < 0) target = kLatest;
  auto current = SchemaVersion(db);
  if (!current) return current.error();
  if (*current > kLatest) {
    return Error{"schema_too_new", "database schema version " + std::to_string(*current) +
                                       " is newer than this claimgate (" + std::to_string(kLatest) +
                                       ")"};
  }
  for (int v = *current + 1; v <= target && v <= kLatest; ++v) {
    if (auto r = db.Exec("BEGIN IMMEDIATE"); !r) return r.error();
    auto applied = db.Exec(kMigrations[v - 1]);
    if (applied) {
      auto stmt = db.Prepare(
          "INSERT INTO schema_version(version, applied_ms) "
          "VALUES (?, CAST(strftime('%s', 'now') AS INTEGER) * 1000)");
      stmt.Bind(1, static_cast<int64_t>(v));
      stmt.Step();
      if (!stmt.ok()) applied = db.LastError("recording schema version");
    }
    if (!applied) {
      (void)db.Exec("ROLLBACK");
      return Error{"migration_failed",
                   "schema migration " + std::to_string(v) + " failed: " + applied.error().message};
    }
    if (auto r = db.Exec("COMMIT"); !r) return r.error();
    *current = v;
  }
  return *current;
}

}  // namespace claimgate::store
